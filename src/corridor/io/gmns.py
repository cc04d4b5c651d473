"""Read and write networks as GMNS tables (see ``docs/network-format.md``, "GMNS").

The Zephyr Foundation's General Modeling Network Specification (GMNS) keeps a network as
CSV tables. corridor writes a directory with

- ``node.csv``: the GMNS node columns ``node_id, name, x_coord, y_coord, node_type`` (the
  corridor node kind) and the corridor columns ``country, locode, aliases``, then one JSON
  column per nested node field (``transfers``, ``border``, ``handling``, ``closures``,
  ``passage``, ``provenance``, ...);
- ``link.csv``: the GMNS link columns ``link_id, name, from_node_id, to_node_id, directed,
  length`` (km), ``facility_type`` (the corridor mode), ``free_speed`` (km/h), ``capacity``
  (with ``capacity_unit``: the published unit, not GMNS's pce/hour/lane) and ``geometry``
  (WKT), the corridor columns ``tariff_fixed, tariff_per_km, tariff_currency, tariff_unit,
  emission_g_per_tkm, electrified``, then one JSON column per nested link field
  (``duration_h``, ``service``, ``provenance``, ...);
- ``config.csv``: the GMNS units (km, km/h, EPSG:4326, WKT, USD, string ids);
- ``corridor.json``: what has no place in GMNS tables, the ``corridor`` member of the
  GeoJSON format (name, attribution, exchange rates, cargo classes, customs unions,
  regimes).

Reading goes through the GeoJSON reader, so both formats accept and check the same fields;
every problem is reported with its file, row, feature id and column.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any, Final

from corridor._checks import check_path, make_output_dir, writing
from corridor.exceptions import NetworkFormatError, NetworkValidationError, ValidationIssue
from corridor.network.model import Network

__all__ = [
    "CONFIG_FILE",
    "GMNS_VERSION",
    "LINK_FILE",
    "NODE_FILE",
    "SIDECAR_FILE",
    "check_gmns_directory",
    "is_gmns_directory",
    "parse_gmns",
    "read_gmns",
    "write_gmns",
]

NODE_FILE: Final = "node.csv"
LINK_FILE: Final = "link.csv"
CONFIG_FILE: Final = "config.csv"
SIDECAR_FILE: Final = "corridor.json"
GMNS_VERSION: Final = "0.96"
"""The GMNS version whose column names corridor follows."""

# Flat columns: (column, GeoJSON property, cell type).
_NODE_FLAT: Final = (
    ("node_id", "id", "text"),
    ("name", "name", "text"),
    ("x_coord", None, "number"),
    ("y_coord", None, "number"),
    ("node_type", "kind", "text"),
    ("country", "country", "text"),
    ("locode", "locode", "text"),
    ("aliases", "aliases", "list"),
)
_LINK_FLAT: Final = (
    ("link_id", "id", "text"),
    ("name", "name", "text"),
    ("from_node_id", "from", "text"),
    ("to_node_id", "to", "text"),
    ("directed", None, "bool"),
    ("length", "distance_km", "number"),
    ("facility_type", "mode", "text"),
    ("free_speed", "speed_kmh", "number"),
    ("capacity", None, "number"),
    ("capacity_unit", None, "text"),
    ("tariff_fixed", None, "number"),
    ("tariff_per_km", None, "number"),
    ("tariff_currency", None, "text"),
    ("tariff_unit", None, "text"),
    ("emission_g_per_tkm", "emission_g_per_tkm", "number"),
    ("electrified", "electrified", "bool"),
    ("geometry", None, "wkt"),
)
_JSON_ORDER: Final = (
    "transfers",
    "border",
    "handling",
    "closures",
    "passage",
    "duration_h",
    "service",
)
_LINK_PROPS: Final = {c: p for c, p, _ in _LINK_FLAT if p is not None}
_NODE_REQUIRED: Final = ("node_id", "name", "x_coord", "y_coord", "node_type", "country")
_LINK_REQUIRED: Final = ("link_id", "from_node_id", "to_node_id", "directed", "length")
_GMNS_NODE: Final = frozenset(
    {"z_coord", "ctrl_type", "zone_id", "parent_node_id"} | {c for c, _, _ in _NODE_FLAT}
)
_GMNS_LINK: Final = frozenset(
    {
        "geometry_id",
        "parent_link_id",
        "dir_flag",
        "grade",
        "lanes",
        "bike_facility",
        "ped_facility",
        "parking",
        "allowed_uses",
        "toll",
        "jurisdiction",
        "row_width",
    }
    | {c for c, _, _ in _LINK_FLAT}
)
_NODE_FIELD_COLUMNS: Final = {
    "id": "node_id",
    "kind": "node_type",
    "geometry.lon": "x_coord",
    "geometry.lat": "y_coord",
    "geometry": "x_coord",
}
_LINK_FIELD_COLUMNS: Final = {
    "id": "link_id",
    "from": "from_node_id",
    "to": "to_node_id",
    "mode": "facility_type",
    "distance_km": "length",
    "speed_kmh": "free_speed",
    "directions": "directed",
    "capacity.value": "capacity",
    "capacity.unit": "capacity_unit",
    "tariff.fixed": "tariff_fixed",
    "tariff.per_km": "tariff_per_km",
    "tariff.currency": "tariff_currency",
    "tariff.unit": "tariff_unit",
    "tariff": "tariff_per_km",
}
_LENGTH_UNITS: Final = {"km": 1.0, "kilometer": 1.0, "m": 0.001, "meter": 0.001, "mi": 1.609344}
_SPEED_UNITS: Final = {"km/h": 1.0, "kmh": 1.0, "kph": 1.0, "mph": 1.609344, "mi/h": 1.609344}
_NUMBER_RE = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$", re.ASCII)
_WKT_RE = re.compile(r"^\s*LINESTRING\s*\((?P<body>[^()]*)\)\s*$", re.IGNORECASE)
_CONFIG: Final = {
    "dataset_name": "",
    "short_length": "m",
    "long_length": "km",
    "speed": "km/h",
    "crs": "EPSG:4326",
    "geometry_field_format": "WKT",
    "currency": "USD",
    "version_number": GMNS_VERSION,
    "id_type": "string",
}


# --------------------------------------------------------------------------- writing


def _cell(value: object) -> str:
    """A property value as a CSV cell: JSON for numbers and nested values, text as is."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _wkt(coords: Sequence[Sequence[float]]) -> str:
    points = ", ".join(f"{_cell(float(x))} {_cell(float(y))}" for x, y in coords)
    return f"LINESTRING ({points})"


def _node_row(feature: Mapping[str, Any]) -> dict[str, str]:
    props = feature["properties"]
    lon, lat = feature["geometry"]["coordinates"][:2]
    row = {
        "node_id": props["id"],
        "name": props["name"],
        "x_coord": _cell(float(lon)),
        "y_coord": _cell(float(lat)),
        "node_type": props["kind"],
        "country": props["country"],
        "locode": props.get("locode") or "",
        "aliases": _cell(props["aliases"]) if props.get("aliases") else "",
    }
    flat = {p for _, p, _ in _NODE_FLAT if p is not None}
    row.update(
        (key, _cell(value))
        for key, value in props.items()
        if key not in flat and key != "feature_type"
    )
    return row


def _link_row(feature: Mapping[str, Any]) -> dict[str, str]:
    props = feature["properties"]
    row = {col: _cell(props.get(prop)) for col, prop, _ in _LINK_FLAT if prop is not None}
    row["directed"] = "true" if props.get("directions") == "forward" else "false"
    capacity = props.get("capacity")
    if capacity is not None:
        row["capacity"] = _cell(capacity["value"])
        row["capacity_unit"] = capacity["unit"]
    tariff = props.get("tariff")
    if tariff is not None:
        row["tariff_fixed"] = _cell(tariff["fixed"])
        row["tariff_per_km"] = _cell(tariff["per_km"])
        row["tariff_currency"] = tariff["currency"]
        row["tariff_unit"] = tariff["unit"]
    geometry = feature.get("geometry")
    if geometry is not None:
        row["geometry"] = _wkt(geometry["coordinates"])
    handled = {p for _, p, _ in _LINK_FLAT if p is not None} | {
        "feature_type",
        "directions",
        "capacity",
        "tariff",
    }
    row.update((key, _cell(value)) for key, value in props.items() if key not in handled)
    return row


def _columns(flat: Iterable[str], rows: Sequence[Mapping[str, str]]) -> list[str]:
    """The flat columns, then the JSON columns in schema order, ``provenance`` last."""
    out = list(flat)
    extra: list[str] = []
    for row in rows:
        extra.extend(key for key in row if key not in out and key not in extra)
    order = {name: i for i, name in enumerate(_JSON_ORDER)}
    return out + sorted(extra, key=lambda c: (c == "provenance", order.get(c, len(order))))


def _csv_line(cells: Iterable[str]) -> str:
    """One CSV record (RFC 4180 quoting, also for a lone carriage return)."""
    return ",".join(
        '"' + c.replace('"', '""') + '"' if any(ch in c for ch in ',"\r\n') else c for c in cells
    )


def _write_csv(path: Path, columns: Sequence[str], rows: Iterable[Mapping[str, str]]) -> None:
    lines = [_csv_line(columns), *(_csv_line(row.get(c, "") for c in columns) for row in rows)]
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))


def write_gmns(network: Network, directory: str | PathLike[str]) -> tuple[Path, ...]:
    """Write a network as a GMNS directory (created if needed; files are overwritten).

    Parameters
    ----------
    network
        The network.
    directory
        Output directory.

    Returns
    -------
    tuple of Path
        The files written: ``node.csv``, ``link.csv``, ``config.csv``, ``corridor.json``.

    Raises
    ------
    InvalidArgumentError
        If ``directory`` is a file, cannot be created or written, or ``network`` is not a
        network.
    """
    from corridor.io.geojson import network_to_geojson  # noqa: PLC0415 - cycle-free lazy

    doc = network_to_geojson(network)
    d = make_output_dir("directory", directory)
    with writing("directory", d):
        return _write_gmns_files(d, network, doc)


def _write_gmns_files(d: Path, network: Network, doc: dict[str, Any]) -> tuple[Path, ...]:
    features = doc["features"]
    nodes = [_node_row(f) for f in features if f["properties"]["feature_type"] == "node"]
    links = [_link_row(f) for f in features if f["properties"]["feature_type"] == "link"]
    paths = (d / NODE_FILE, d / LINK_FILE, d / CONFIG_FILE, d / SIDECAR_FILE)
    _write_csv(paths[0], _columns((c for c, _, _ in _NODE_FLAT), nodes), nodes)
    _write_csv(paths[1], _columns((c for c, _, _ in _LINK_FLAT), links), links)
    config = {**_CONFIG, "dataset_name": network.name}
    _write_csv(paths[2], list(config), [config])
    meta = doc["corridor"]
    lines = [f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in meta.items()]
    paths[3].write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
    return paths


# --------------------------------------------------------------------------- reading


@functools.cache
def _json_columns() -> tuple[frozenset[str], frozenset[str]]:
    """Node and link properties that travel as JSON columns (from the format's schema)."""
    from corridor.data import network_schema  # noqa: PLC0415 - read once, when needed

    defs = network_schema()["$defs"]
    node_flat = {p for _, p, _ in _NODE_FLAT if p is not None}
    link_flat = {p for _, p, _ in _LINK_FLAT if p is not None}
    node = set(defs["node"]["properties"]) - node_flat - {"feature_type"}
    link = set(defs["link"]["properties"]) - link_flat
    link -= {"feature_type", "directions", "capacity", "tariff"}
    return frozenset(node | {"provenance"}), frozenset(link | {"provenance"})


def is_gmns_directory(path: str | PathLike[str]) -> bool:
    """Whether ``path`` is a directory with a GMNS ``node.csv``.

    Parameters
    ----------
    path
        Any path; it need not exist.

    Returns
    -------
    bool
        ``True`` for a directory holding ``node.csv``.
    """
    p = Path(path)
    return p.is_dir() and (p / NODE_FILE).is_file()


@dataclass
class _Log:
    """Problems found while reading a GMNS directory."""

    issues: list[ValidationIssue] = field(default_factory=list)

    def add(
        self,
        source: str,
        feature: str | None,
        column: str | None,
        message: str,
        fix: str,
        *,
        warning: bool = False,
    ) -> None:
        self.issues.append(
            ValidationIssue(
                message, fix, source, feature, column, "warning" if warning else "error"
            )
        )


def _read_rows(path: Path, log: _Log) -> tuple[list[str], list[tuple[int, list[str]]]] | None:
    """Header and data rows (with their row numbers, header = row 1), or None."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        log.add(str(path), None, None, f"is not UTF-8 ({exc})", "save it as UTF-8 CSV")
        return None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[tuple[int, list[str]]] = []
    last = 0
    try:
        for record in reader:
            start, last = last + 1, reader.line_num
            if any(cell.strip() for cell in record):
                records.append((start, record))
    except csv.Error as exc:
        log.add(f"{path} row {reader.line_num}", None, None, f"not valid CSV ({exc})", "fix it")
        return None
    if not records:
        log.add(str(path), None, None, "is empty", "add the header row and the rows")
        return None
    return [h.strip() for h in records[0][1]], records[1:]


def _too_many(cells: int, columns: int) -> tuple[str, str]:
    return (
        f"the row has {cells} cells but the header has {columns}",
        "remove the extra cells or quote cells that contain commas",
    )


def _number(text: str) -> float | None:
    if not _NUMBER_RE.match(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def _bool(text: str) -> bool | None:
    low = text.lower()
    if low in {"true", "1", "yes", "t"}:
        return True
    if low in {"false", "0", "no", "f"}:
        return False
    return None


def _parse_wkt(text: str) -> list[list[float]] | None:
    m = _WKT_RE.match(text)
    if m is None:
        return None
    out: list[list[float]] = []
    for point in m.group("body").split(","):
        parts = point.split()
        if len(parts) < 2:  # noqa: PLR2004 - x y
            return None
        x, y = _number(parts[0]), _number(parts[1])
        if x is None or y is None:
            return None
        out.append([x, y])
    return out


@dataclass
class _RowReader:
    """Converts the cells of one row, logging each bad cell once."""

    log: _Log
    source: str
    feature: str | None
    cells: Mapping[str, str]
    failed: bool = False

    def fail(self, column: str, message: str, fix: str) -> None:
        self.failed = True
        self.log.add(self.source, self.feature, column, message, fix)

    def text(self, column: str) -> str | None:
        """The cell as written (names keep their spaces), or None when blank."""
        value = self.cells.get(column, "")
        return value if value.strip() else None

    def number(self, column: str, factor: float = 1.0) -> float | None:
        text = self.text(column)
        if text is None:
            return None
        value = _number(text.strip())
        if value is None:
            self.fail(column, f"{text!r} is not a finite number", "write a plain number")
            return None
        return value * factor if factor != 1.0 else value

    def flag(self, column: str) -> bool | None:
        text = self.text(column)
        if text is None:
            return None
        value = _bool(text.strip())
        if value is None:
            self.fail(column, f"{text!r} is not true or false", "write true or false")
        return value

    def json(self, column: str) -> object:
        text = self.text(column)
        if text is None:
            return None
        try:
            return json.loads(text)
        except (json.JSONDecodeError, RecursionError) as exc:
            self.fail(column, f"is not valid JSON ({exc})", "write the value as JSON")
            return None

    def names(self, column: str) -> list[str] | None:
        text = self.text(column)
        if text is None:
            return None
        if text.lstrip().startswith("["):
            value = self.json(column)
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                return value
            if not self.failed:
                self.fail(column, "must be a JSON list of names", 'write ["Xian", "Sian"]')
            return None
        return [s.strip() for s in text.split(";") if s.strip()]


def _check_header(
    path: Path,
    header: Sequence[str],
    required: Sequence[str],
    known: frozenset[str],
    log: _Log,
) -> bool:
    ok = True
    for column in required:
        if column not in header:
            log.add(str(path), None, column, "required column is missing", f"add {column}")
            ok = False
    seen: set[str] = set()
    for column in header:
        if column in seen:
            log.add(str(path), None, column, "column appears twice", "keep one of them")
            ok = False
        seen.add(column)
        if column not in known:
            log.add(
                str(path),
                None,
                column,
                "is not a GMNS or corridor column; it is ignored",
                "remove or rename it (see docs/network-format.md, 'GMNS')",
                warning=True,
            )
    return ok


def _units(d: Path, log: _Log) -> tuple[float, float]:
    """Length and speed factors to km and km/h from ``config.csv`` (1, 1 without one)."""
    path = d / CONFIG_FILE
    if not path.is_file():
        return 1.0, 1.0
    read = _read_rows(path, log)
    if read is None or not read[1]:
        return 1.0, 1.0
    header, rows = read
    number, record = rows[0]
    if len(record) != len(header):
        log.add(f"{path} row {number}", None, None, "row and header differ in length", "fix it")
        return 1.0, 1.0
    config = {h: c.strip() for h, c in zip(header, record, strict=True)}
    where = f"{path} row {number}"
    length = _LENGTH_UNITS.get(config.get("long_length", "km").lower() or "km")
    speed = _SPEED_UNITS.get(config.get("speed", "km/h").lower() or "km/h")
    if length is None:
        log.add(where, None, "long_length", "unknown length unit", "use km, m or mi")
    if speed is None:
        log.add(where, None, "speed", "unknown speed unit", "use km/h or mph")
    crs = config.get("crs", "").replace(" ", "").lower()
    if crs and "4326" not in crs and "wgs84" not in crs:
        log.add(
            where,
            None,
            "crs",
            f"coordinates in {config['crs']!r} are not supported",
            "reproject to longitude/latitude (EPSG:4326)",
        )
    fmt = config.get("geometry_field_format", "").upper()
    if fmt and fmt != "WKT":
        log.add(where, None, "geometry_field_format", f"{fmt!r} is not supported", "use WKT")
    return length or 1.0, speed or 1.0


def _node_features(
    d: Path, log: _Log, json_columns: frozenset[str]
) -> tuple[list[dict[str, Any]], dict[str, tuple[str, str]], set[str]]:
    path = d / NODE_FILE
    read = _read_rows(path, log)
    if read is None:
        return [], {}, set()
    header, rows = read
    if not _check_header(path, header, _NODE_REQUIRED, _GMNS_NODE | json_columns, log):
        return [], {}, set()
    features: list[dict[str, Any]] = []
    where: dict[str, tuple[str, str]] = {}
    dropped: set[str] = set()
    for number, record in rows:
        source = f"{path} row {number}"
        if len(record) > len(header):
            log.add(source, None, None, *_too_many(len(record), len(header)))
            continue
        padded = [*record, *[""] * (len(header) - len(record))]
        cells = dict(zip(header, padded, strict=True))
        node_id = cells["node_id"] if cells["node_id"].strip() else None
        r = _RowReader(log, source, node_id, cells)
        props: dict[str, Any] = {"feature_type": "node"}
        for column, prop, _ in _NODE_FLAT:
            if prop is None:
                continue
            value: object = r.names(column) if column == "aliases" else r.text(column)
            if value is not None:
                props[prop] = value
        lon, lat = r.number("x_coord"), r.number("y_coord")
        for column in header:
            if column in json_columns:
                value = r.json(column)
                if value is not None:
                    props[column] = value
        if node_id is None:
            r.fail("node_id", "is empty", "give the node an id")
        if r.failed:
            if node_id is not None:
                dropped.add(node_id)
            continue
        geometry = None if lon is None or lat is None else [lon, lat]
        features.append(
            {
                "type": "Feature",
                "geometry": None
                if geometry is None
                else {"type": "Point", "coordinates": geometry},
                "properties": props,
            }
        )
        where.setdefault(str(node_id), (source, "node"))
    return features, where, dropped


def _link_features(
    d: Path, log: _Log, json_columns: frozenset[str], units: tuple[float, float]
) -> tuple[list[dict[str, Any]], dict[str, tuple[str, str]]]:
    path = d / LINK_FILE
    read = _read_rows(path, log)
    if read is None:
        return [], {}
    header, rows = read
    if not _check_header(path, header, _LINK_REQUIRED, _GMNS_LINK | json_columns, log):
        return [], {}
    features: list[dict[str, Any]] = []
    where: dict[str, tuple[str, str]] = {}
    for number, record in rows:
        source = f"{path} row {number}"
        if len(record) > len(header):
            log.add(source, None, None, *_too_many(len(record), len(header)))
            continue
        padded = [*record, *[""] * (len(header) - len(record))]
        cells = dict(zip(header, padded, strict=True))
        link_id = cells["link_id"] if cells["link_id"].strip() else None
        r = _RowReader(log, source, link_id, cells)
        props: dict[str, Any] = {"feature_type": "link"}
        for column in ("link_id", "name", "from_node_id", "to_node_id", "facility_type"):
            value = r.text(column)
            if value is not None:
                props[_LINK_PROPS[column]] = value
        for column, prop, factor in (
            ("length", "distance_km", units[0]),
            ("free_speed", "speed_kmh", units[1]),
            ("emission_g_per_tkm", "emission_g_per_tkm", 1.0),
        ):
            number_value = r.number(column, factor)
            if number_value is not None:
                props[prop] = number_value
        directed = r.flag("directed")
        props["directions"] = "forward" if directed else "both"
        electrified = r.flag("electrified")
        if electrified is not None:
            props["electrified"] = electrified
        capacity, unit = r.number("capacity"), r.text("capacity_unit")
        if capacity is not None or unit is not None:
            props["capacity"] = {"value": capacity, "unit": unit}
        tariff = {
            key: value
            for key, value in (
                ("fixed", r.number("tariff_fixed")),
                ("per_km", r.number("tariff_per_km")),
                ("currency", r.text("tariff_currency")),
                ("unit", r.text("tariff_unit")),
            )
            if value is not None
        }
        if tariff:
            props["tariff"] = tariff
        geometry: dict[str, Any] | None = None
        wkt = r.text("geometry")
        if wkt is not None:
            coords = _parse_wkt(wkt)
            if coords is None:
                r.fail(
                    "geometry",
                    f"{wkt[:40]!r} is not a WKT LINESTRING",
                    "write LINESTRING (lon lat, lon lat, ...) or leave it empty",
                )
            else:
                geometry = {"type": "LineString", "coordinates": coords}
        for column in header:
            if column in json_columns:
                nested = r.json(column)
                if nested is not None:
                    props[column] = nested
        if link_id is None:
            r.fail("link_id", "is empty", "give the link an id")
        if r.failed:
            continue
        features.append({"type": "Feature", "geometry": geometry, "properties": props})
        where.setdefault(str(link_id), (source, "link"))
    return features, where


def _read_sidecar(d: Path, log: _Log) -> dict[str, Any]:
    path = d / SIDECAR_FILE
    if not path.is_file():
        return {"name": d.name}
    try:
        meta = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        log.add(str(path), None, None, f"is not valid JSON ({exc})", "fix the syntax")
        return {"name": d.name}
    if not isinstance(meta, dict):
        log.add(str(path), None, None, "must be a JSON object", "see docs/network-format.md")
        return {"name": d.name}
    return meta


def _relocate(
    issue: ValidationIssue,
    nodes: Mapping[str, tuple[str, str]],
    links: Mapping[str, tuple[str, str]],
    sidecar: str,
    directory: str,
) -> ValidationIssue:
    """A GeoJSON-reader issue, pointed at the GMNS file, row and column it comes from."""
    fld = issue.field
    if issue.feature is None:
        if fld is not None and fld.startswith("corridor."):
            fld = fld.removeprefix("corridor.")
        return ValidationIssue(issue.message, issue.fix, sidecar, None, fld, issue.severity)
    node, link = nodes.get(issue.feature), links.get(issue.feature)
    link_field = fld is not None and fld.split(".")[0] in {"from", "to", "mode", "distance_km"}
    hit = link if link is not None and (node is None or link_field) else node
    if hit is None:
        return ValidationIssue(
            issue.message, issue.fix, directory, issue.feature, fld, issue.severity
        )
    source, kind = hit
    mapping = _NODE_FIELD_COLUMNS if kind == "node" else _LINK_FIELD_COLUMNS
    message, fix = issue.message, issue.fix
    if fld is not None:
        column = mapping.get(fld, fld)
        if column.startswith("geometry") and kind == "link":
            column = "geometry"
        prop = fld.split(".")[0]
        if column != fld and "." not in column:
            # the GeoJSON reader names its property; name the column instead
            message = message.replace(f"'{prop}'", f"'{column}'")
            fix = fix.replace(f"'{prop}'", f"'{column}'")
        fld = column
    return ValidationIssue(message, fix, source, issue.feature, fld, issue.severity)


def parse_gmns(
    directory: str | PathLike[str], *, validate: bool = True
) -> tuple[Network, list[ValidationIssue]]:
    """Parse a GMNS directory into a network and the list of every problem found.

    Parameters
    ----------
    directory
        Directory with ``node.csv`` and ``link.csv`` (``config.csv`` and ``corridor.json``
        optional).
    validate
        Also run the network checks of :func:`corridor.validate_network`.

    Returns
    -------
    network : Network
        What could be parsed (rows with problems are left out).
    issues : list of ValidationIssue
        Errors and warnings; ``source`` is the file and row, ``field`` the column.

    Raises
    ------
    NetworkFormatError
        If ``directory`` is not a directory or lacks ``node.csv`` or ``link.csv``.
    InvalidArgumentError
        If ``directory`` is not a path (a non-empty str or ``os.PathLike``).
    """
    from corridor.io.geojson import parse_network  # noqa: PLC0415 - cycle

    d = check_path("directory", directory)
    if not d.is_dir():
        msg = f"{d}: no such directory; give a GMNS directory with node.csv and link.csv"
        raise NetworkFormatError(msg)
    for name in (NODE_FILE, LINK_FILE):
        if not (d / name).is_file():
            msg = f"{d}: no {name}; a GMNS network has node.csv and link.csv"
            raise NetworkFormatError(msg)
    log = _Log()
    node_json, link_json = _json_columns()
    units = _units(d, log)
    nodes, node_rows, dropped = _node_features(d, log, node_json)
    links, link_rows = _link_features(d, log, link_json, units)
    meta = _read_sidecar(d, log)
    data = {"type": "FeatureCollection", "corridor": meta, "features": nodes + links}
    network, issues = parse_network(data, source=str(d), validate=validate)
    sidecar = str(d / SIDECAR_FILE)
    relocated = [
        _relocate(i, node_rows, link_rows, sidecar, str(d))
        for i in issues
        if not any(i.message == f"node {bad!r} does not exist" for bad in dropped)
    ]
    return network, log.issues + relocated


def check_gmns_directory(directory: str | PathLike[str]) -> list[ValidationIssue]:
    """Every problem in a GMNS directory, errors and warnings, without raising for them.

    Parameters
    ----------
    directory
        The directory.

    Returns
    -------
    list of ValidationIssue
        All problems (empty: a valid network).

    Raises
    ------
    NetworkFormatError
        If it is not a GMNS directory at all.
    """
    return parse_gmns(directory, validate=True)[1]


def read_gmns(directory: str | PathLike[str], *, validate: bool = True) -> Network:
    """Read a network from a GMNS directory written by :func:`write_gmns` (or by hand).

    Parameters
    ----------
    directory
        Directory with ``node.csv``, ``link.csv`` and optionally ``config.csv`` (units)
        and ``corridor.json`` (exchange rates, cargo classes, customs unions, regimes).
    validate
        Also run the network checks of :func:`corridor.validate_network`.

    Returns
    -------
    Network
        The network.

    Raises
    ------
    NetworkFormatError
        If ``directory`` is not a GMNS directory.
    NetworkValidationError
        If any row or the network has errors; ``.issues`` lists all of them with file,
        row, feature id and column.
    """
    network, issues = parse_gmns(directory, validate=validate)
    if any(i.severity == "error" for i in issues):
        raise NetworkValidationError(issues)
    return network
