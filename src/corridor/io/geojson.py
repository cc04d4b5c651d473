"""Read and write networks as GeoJSON (see ``docs/network-format.md``).

Point features are nodes, LineString features are links; network-wide data (exchange
rates, cargo classes, attribution) sits in the ``corridor`` member of the collection.
"""

from __future__ import annotations

import gc
import gzip
import json
import re
import zlib
from collections.abc import Mapping
from operator import itemgetter
from os import PathLike
from pathlib import Path
from typing import Any, TypeVar, cast

import numpy as np

from corridor._checks import (
    check_instance,
    check_int,
    check_output_path,
    check_path,
    check_str,
    writing,
)
from corridor._dependencies import try_import
from corridor._gc import collector_paused
from corridor._typing import (
    CAPACITY_UNITS,
    DIRECTIONS,
    ESTIMATE_KINDS,
    MODES,
    NODE_KINDS,
    REGIME_KINDS,
    REGIMES,
    SERVICE_KINDS,
    TARIFF_UNITS,
    TRANSFER_KINDS,
    Regime,
)
from corridor.exceptions import NetworkFormatError, NetworkValidationError, ValidationIssue
from corridor.io._fields import FeatureReader, IssueLog, read_file_bytes
from corridor.io._plain import link_row, node_row, read_plain
from corridor.io.provenance import SHARED_PROVENANCE, share_provenance
from corridor.network._fast import trusted_link, trusted_node
from corridor.network.columns import seed_columns
from corridor.network.distributions import Distribution
from corridor.network.model import (
    Border,
    Capacity,
    CargoClass,
    Closure,
    CustomsUnion,
    FxTable,
    Handling,
    Link,
    Money,
    Network,
    Node,
    OperatingRegime,
    Passage,
    Provenance,
    Service,
    Tariff,
    Transfer,
)

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "check_network_file",
    "network_from_geojson",
    "network_to_geojson",
    "parse_network",
    "read_network",
    "write_network",
]

_T = TypeVar("_T")
FORMAT_NAME = "corridor-network"
FORMAT_VERSION = 1
_MONTHS = 12
_LOCODE_RE = re.compile(r"^[A-Z]{2}[A-Z2-9]{3}$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DIRECTION_RE = re.compile(r"^([A-Z]{2})>([A-Z]{2})$")


# --------------------------------------------------------------------------- reading


def read_network(path: str | PathLike[str], *, validate: bool = True) -> Network:
    """Read a network from a GeoJSON file (``.geojson``, ``.json``, optionally ``.gz``).

    Parameters
    ----------
    path
        The file.
    validate
        Also run the network checks of :func:`corridor.validate_network` (ids, references,
        gauges, borders, currencies; connectivity warnings come from ``check_network_file``).

    Returns
    -------
    Network
        The network.

    Raises
    ------
    NetworkFormatError
        If the file cannot be read as JSON or is not a FeatureCollection.
    NetworkValidationError
        If any feature or the network has errors; ``.issues`` lists all of them.
    InvalidArgumentError
        If ``path`` is not a file path (a non-empty str or ``os.PathLike``).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import corridor
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = corridor.write_network(corridor.eurasia(), pathlib.Path(folder) / "n.geojson")
    ...     net = corridor.read_network(path)
    >>> net.node("duisburg").name, net.node("duisburg").country
    ('Duisburg', 'DE')
    >>> len(net.nodes) > 100
    True
    """
    p = check_path("path", path)
    with collector_paused():
        # the parsed JSON is this function's own: each feature's objects are dropped once
        # read, and the rest before the checks run (on a 275,000-node file, peak memory is
        # then the JSON's or the network's, not both)
        network, log, unparsed = _parse(_load_json(p), source=str(p), consume=True)
        issues = _checked(network, log, unparsed, validate=validate, connectivity=False)
        if len(network.nodes) + len(network.links) > _LONG_LIVED:
            _promote_all()
    if any(i.severity == "error" for i in issues):
        raise NetworkValidationError(issues)
    return network


#: Nodes and links from which a network read is moved to the collector's oldest generation.
_LONG_LIVED = 50_000


def _promote_all() -> None:
    """Move every object the collector tracks into its oldest generation, untraversed.

    A large network's objects (600,000 nodes and links for world_railways) live as long
    as the network. Left young, the collector traverses all of them once to move them up
    a generation (half a second on world_railways, during the first route); moved at once
    with :func:`gc.freeze` then :func:`gc.unfreeze`, they are traversed only by full
    collections, as every long-lived object is. Other objects of the process that are
    young then wait for a full collection too (they are freed by reference counting as
    before; only their cycles wait).
    """
    gc.freeze()
    gc.unfreeze()


def network_from_geojson(
    data: object, *, source: str = "<memory>", validate: bool = True
) -> Network:
    """Build a network from a parsed GeoJSON FeatureCollection.

    Parameters
    ----------
    data
        The parsed JSON.
    source
        Name used in error messages.
    validate
        Also run :func:`corridor.validate_network`.

    Returns
    -------
    Network
        The network.

    Raises
    ------
    NetworkFormatError
        If ``data`` is not a FeatureCollection.
    NetworkValidationError
        If there are errors.
    InvalidArgumentError
        If ``source`` is not a str.
    """
    # connectivity only yields warnings, which are not raised: skip that check here
    network, issues = parse_network(data, source=source, validate=validate, connectivity=False)
    if any(i.severity == "error" for i in issues):
        raise NetworkValidationError(issues)
    return network


def check_network_file(path: str | PathLike[str]) -> list[ValidationIssue]:
    """Every problem in a network file, errors and warnings, without raising for them.

    Parameters
    ----------
    path
        The file.

    Returns
    -------
    list of ValidationIssue
        All problems (empty: the file is a valid network).

    Raises
    ------
    NetworkFormatError
        If the file cannot be read as a GeoJSON FeatureCollection at all.
    InvalidArgumentError
        If ``path`` is not a file path (a non-empty str or ``os.PathLike``).
    """
    p = check_path("path", path)
    with collector_paused():  # as read_network: the file's JSON is this function's own
        network, log, unparsed = _parse(_load_json(p), source=str(p), consume=True)
        return _checked(network, log, unparsed, validate=True, connectivity=True)


def parse_network(
    data: object, *, source: str = "<memory>", validate: bool = True, connectivity: bool = True
) -> tuple[Network, list[ValidationIssue]]:
    """Parse a FeatureCollection into a network and the list of every problem found.

    Features that cannot be parsed are left out of the network and reported; the
    network checks then run on the rest (``validate=True``), without repeating problems
    that the left-out features cause (a link to a node whose feature was bad).

    Parameters
    ----------
    data
        The parsed JSON.
    source
        Name used in messages.
    validate
        Also run the network checks.
    connectivity
        Also report which places cannot reach which (warnings).

    Returns
    -------
    network : Network
        What could be parsed.
    issues : list of ValidationIssue
        Errors and warnings.

    Raises
    ------
    NetworkFormatError
        If ``data`` is not a FeatureCollection.
    InvalidArgumentError
        If ``source`` is not a str.
    """
    check_str("source", source)
    with collector_paused():  # many small objects, no cycles: the collector waits
        network, log, unparsed = _parse(data, source=source)
        issues = _checked(network, log, unparsed, validate=validate, connectivity=connectivity)
    return network, issues


def _parse(
    data: object, *, source: str, consume: bool = False
) -> tuple[Network, IssueLog, set[str]]:
    """The network in ``data``, the problems of its features, the features left out.

    ``consume``: ``data`` belongs to the caller alone, so each feature is dropped from it
    once read, freeing its memory as the network grows.
    """
    if not isinstance(data, Mapping) or data.get("type") != "FeatureCollection":
        msg = (
            f"{source}: not a GeoJSON FeatureCollection; a network file is a FeatureCollection"
            " of Point (node) and LineString (link) features"
        )
        raise NetworkFormatError(msg)
    features = data.get("features")
    if not isinstance(features, list):
        msg = f"{source}: 'features' must be a list; add the node and link features"
        raise NetworkFormatError(msg)
    log = IssueLog(source)
    meta = data.get("corridor", {})
    meta_reader = FeatureReader(meta if isinstance(meta, Mapping) else {}, log, None, "corridor.")
    if not isinstance(meta, Mapping):
        meta_reader.fail("", "must be an object", "see docs/network-format.md")
    _read_shared_provenance(meta_reader)  # before the features that refer to it
    unparsed: set[str] = set()
    services: dict[str, Service] = {}  # one parse per distinct service object
    # most features of a large network are plain: read those a column at a time, the
    # rest field by field (which reports every problem of a feature), in file order
    plain = read_plain(features, consume=consume)
    rest = np.ones(len(features), dtype=bool)
    rest[plain.node_at] = False
    rest[plain.link_at] = False
    other_nodes: list[tuple[int, Node]] = []
    other_links: list[tuple[int, Link]] = []
    for index in np.flatnonzero(rest).tolist():
        feature = features[index]
        parsed = _read_feature(feature, index, log, services)
        if isinstance(parsed, Node):
            other_nodes.append((index, parsed))
        elif isinstance(parsed, Link):
            other_links.append((index, parsed))
        elif isinstance(feature, Mapping):
            unparsed.add(_feature_label(feature, index))
        if consume:
            features[index] = None
    nodes = _in_order(plain.node_at, plain.nodes, other_nodes)
    links = _in_order(plain.link_at, plain.links, other_links)
    fx = _read_fx(meta_reader)
    cargo = _read_cargo_classes(meta_reader)
    unions = _read_customs_unions(meta_reader)
    regimes = _read_regimes(meta_reader)
    applied = meta_reader.array("applied_regimes")
    if not all(isinstance(a, str) for a in applied):
        meta_reader.fail("applied_regimes", "must be a list of regime ids", "fix it")
        applied = []
    network = Network(
        nodes=nodes,
        links=links,
        cargo_classes=cargo,
        fx=fx,
        name=meta_reader.string("name", required=False) or Path(source).stem,
        attribution=meta_reader.string("attribution", required=False),
        source=source,
        customs_unions=unions,
        regimes=regimes,
        applied_regimes=tuple(applied),
    )
    # the columns the plain reader read are the network's own when it read every node
    # (every link): the validator and the compiler then need not read them back
    seed_columns(
        network,
        nodes=None if other_nodes else plain.node_columns or None,
        links=None if other_links else plain.link_columns or None,
    )
    return network, log, unparsed


def _in_order(at: list[int], objects: list[_T], others: list[tuple[int, _T]]) -> tuple[_T, ...]:
    """``objects`` (at positions ``at``) and ``others`` (position, object), by position."""
    if not others:
        return tuple(objects)
    if not objects:
        return tuple(obj for _, obj in others)
    both = sorted([*zip(at, objects, strict=True), *others], key=itemgetter(0))
    return tuple(obj for _, obj in both)


def _checked(
    network: Network, log: IssueLog, unparsed: set[str], *, validate: bool, connectivity: bool
) -> list[ValidationIssue]:
    """The reader's problems and, with ``validate``, the network checks' (not repeated)."""
    issues: list[ValidationIssue] = list(log.issues)
    if validate:
        from corridor.network.validate import validate_network  # noqa: PLC0415 - cycle

        issues.extend(
            i
            for i in validate_network(network, connectivity=connectivity and not log.has_errors)
            if not _caused_by(i, unparsed)
        )
    return issues


def _caused_by(issue: ValidationIssue, unparsed: set[str]) -> bool:
    """Whether ``issue`` only repeats that an unparsable feature is missing."""
    return any(issue.message == f"node {bad!r} does not exist" for bad in unparsed)


#: Digits of the longest JSON integer read as an exact integer (more: read as a float).
_LONGEST_INT = 18


def _json_int(text: str) -> int | float:
    """A JSON integer; one too long for a network (``1e400`` written out) as a float.

    Such a float is infinite, which the field checks then report with the feature and
    field, instead of an overflow deep inside the reader.
    """
    return int(text) if len(text) <= _LONGEST_INT else float(text)


def _decode_json(raw: bytes) -> object:
    """Parse JSON bytes: with orjson where it is installed, else (and on its errors) json.

    orjson (a default dependency) parses a large network two to three times as fast.
    Whatever it refuses goes to :func:`json.loads`, which then reads it as it always did
    (``NaN``, integers beyond 64 bits, UTF-16) or raises the error a user sees. The two
    give the same values, except that orjson keeps an integer of more than 18 characters
    that fits 64 bits exact where :func:`json.loads` gives its nearest float
    (:func:`_json_int`); no network field tells the two apart.

    Parameters
    ----------
    raw
        The file's bytes.

    Returns
    -------
    object
        The parsed JSON.

    Raises
    ------
    json.JSONDecodeError, UnicodeDecodeError, RecursionError, ValueError
        As :func:`json.loads` does.
    """
    fast = try_import("orjson")
    if fast is not None:
        try:
            return fast.loads(raw)
        except fast.JSONDecodeError:
            pass  # json.loads below reads it (NaN) or raises the usual error
    return json.loads(raw, parse_int=_json_int)


def _load_json(p: Path) -> object:
    try:
        raw = read_file_bytes(p)
        if p.suffix == ".gz":
            raw = gzip.decompress(raw)
        return _decode_json(raw)
    except FileNotFoundError:
        msg = f"{p}: no such file; check the path"
        raise NetworkFormatError(msg) from None
    except (OSError, EOFError, zlib.error) as exc:
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        msg = f"{p}: cannot read the file ({reason}); check that it is a (gzipped) GeoJSON file"
        raise NetworkFormatError(msg) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        msg = f"{p}: not valid JSON ({exc}); fix the syntax or re-export it as GeoJSON"
        raise NetworkFormatError(msg) from None
    except RecursionError:
        msg = f"{p}: JSON nested too deeply to read; a network file nests a few levels only"
        raise NetworkFormatError(msg) from None
    except MemoryError:
        msg = f"{p}: too large to read into memory; split the network or check the file"
        raise NetworkFormatError(msg) from None
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        msg = f"{p}: not valid JSON ({exc}); fix the syntax or re-export it as GeoJSON"
        raise NetworkFormatError(msg) from None


def _feature_label(feature: Mapping[str, Any], index: int) -> str:
    props = feature.get("properties")
    if isinstance(props, Mapping) and isinstance(props.get("id"), str):
        return cast("str", props["id"])
    if isinstance(feature.get("id"), str | int):
        return str(feature["id"])
    return f"#{index}"


def _read_feature(
    feature: object, index: int, log: IssueLog, services: dict[str, Service] | None = None
) -> Node | Link | None:
    if not isinstance(feature, Mapping) or feature.get("type") != "Feature":
        log.add(f"#{index}", "type", "is not a GeoJSON Feature", 'set "type": "Feature"')
        return None
    label = _feature_label(feature, index)
    props = feature.get("properties")
    if not isinstance(props, Mapping):
        log.add(label, "properties", "is missing or not an object", "add the properties object")
        return None
    geometry = feature.get("geometry")
    geom_type = geometry.get("type") if isinstance(geometry, Mapping) else None
    plain = _plain_feature(props, geometry, geom_type)
    if plain is not None:
        return plain
    if geom_type == "Point" or (geometry is None and props.get("feature_type") == "node"):
        return _read_node(props, geometry, label, log)
    if geom_type == "LineString" or (geometry is None and props.get("feature_type") == "link"):
        return _read_link(props, geometry, label, log, {} if services is None else services)
    log.add(
        label,
        "geometry",
        f"geometry type {geom_type!r} is not supported",
        "nodes are Points and links are LineStrings (split MultiLineStrings into links)",
    )
    return None


def _plain_feature(
    props: Mapping[str, Any], geometry: object, geom_type: object
) -> Node | Link | None:
    """A node or link that uses only the common fields, each well formed, read directly.

    Large networks (a national rail graph) are mostly such features, so they skip the
    field-by-field reader; ``None`` sends a feature to the full checks, which report
    every problem. The two paths build the same objects (tested).
    """
    if type(props) is not dict:
        return None
    kind = props.get("feature_type")
    if geom_type == "Point" or (geometry is None and kind == "node"):
        return _plain_node(props, geometry)
    if geometry is None and kind == "link":
        return _plain_link(props)
    return None


def _plain_node(props: dict[str, Any], geometry: object) -> Node | None:
    row = node_row(props, geometry)
    return None if row is None else trusted_node(*row)


def _plain_link(props: dict[str, Any]) -> Link | None:
    row = link_row(props)
    return None if row is None else trusted_link(*row)


_PROVENANCE_KEYS = frozenset({"source", "kind", "note"})


def _plain_provenance(entry: object) -> Provenance | None:
    """A well-formed provenance entry read directly; ``None`` sends it to the full checks."""
    if type(entry) is not dict or not entry.keys() <= _PROVENANCE_KEYS:
        return None
    source, kind, note = entry.get("source"), entry.get("kind", "published"), entry.get("note")
    if type(source) is not str or not source.strip() or kind not in ESTIMATE_KINDS:
        return None
    if note is not None and type(note) is not str:
        return None
    return Provenance(source=source, kind=kind, note=note)


def _read_provenance(r: FeatureReader) -> dict[str, Provenance]:
    value = r.obj("provenance")
    out: dict[str, Provenance] = {}
    if value is None:
        return out
    shared = r.log.provenance
    for key, entry in value.items():
        if type(entry) is str:  # the id of a shared entry (corridor.provenance)
            found = shared.get(entry)
            if found is None:
                r.fail(
                    f"provenance.{key}",
                    f"refers to {entry!r}, which the file's corridor.provenance table lacks",
                    "add the entry to corridor.provenance or write it here in full",
                )
            else:
                out[str(key)] = found
            continue
        parsed = _provenance_entry(r, f"provenance.{key}", entry)
        if parsed is not None:
            out[str(key)] = parsed
    return out


def _provenance_entry(r: FeatureReader, key: str, entry: object) -> Provenance | None:
    """One provenance entry (an object), checked field by field when it is not plain."""
    fast = _plain_provenance(entry)
    if fast is not None:  # the common, well-formed case, without a reader per entry
        return fast
    sub = r.child(key, entry) if isinstance(entry, Mapping) else None
    if sub is None:
        r.fail(key, "must be an object", 'use {"source": ..., "kind": ...}')
        return None
    source = sub.string("source")
    kind = sub.choice("kind", ESTIMATE_KINDS, default="published")
    note = sub.string("note", required=False)
    if source is None or kind is None:
        return None
    return Provenance(source=source, kind=kind, note=note)


def _read_shared_provenance(meta: FeatureReader) -> None:
    """Read ``corridor.provenance`` (shared entries, by id) into the file's log."""
    table = meta.obj(SHARED_PROVENANCE)
    if table is None:
        return
    for key, entry in table.items():
        parsed = _provenance_entry(meta, f"{SHARED_PROVENANCE}.{key}", entry)
        if parsed is not None:
            meta.log.provenance[str(key)] = parsed


def _read_money(r: FeatureReader, key: str) -> Money | None:
    value = r.obj(key)
    if value is None:
        return None
    sub = r.child(key, value)
    amount = sub.number("amount", low=0.0)
    currency = sub.currency("currency") if sub.has("currency") else "USD"
    if amount is None or currency is None:
        return None
    return Money(amount, currency)


def _read_capacity(r: FeatureReader) -> Capacity | None:
    value = r.obj("capacity")
    if value is None:
        return None
    sub = r.child("capacity", value)
    number = sub.number("value", positive=True)
    unit = sub.choice("unit", CAPACITY_UNITS)
    if number is None or unit is None:
        return None
    return Capacity(number, unit)


def _read_transfer(r: FeatureReader, index: int, value: object) -> Transfer | None:
    key = f"transfers[{index}]"
    if not isinstance(value, Mapping):
        r.fail(key, "must be an object", "see docs/network-format.md, 'Transfers'")
        return None
    sub = r.child(key, value)
    from_mode = sub.choice("from_mode", MODES)
    to_mode = sub.choice("to_mode", MODES)
    kind = sub.choice("kind", TRANSFER_KINDS)
    time_h = sub.distribution("time_h")
    cost = _read_money(sub, "cost")
    capacity = _read_capacity(sub)
    both = sub.boolean("both_ways")
    prov = _read_provenance(sub)
    if from_mode is None or to_mode is None or kind is None or time_h is None:
        return None
    return Transfer(
        from_mode=from_mode,
        to_mode=to_mode,
        kind=kind,
        time_h=time_h,
        cost=cost,
        capacity=capacity,
        both_ways=True if both is None else both,
        provenance=prov,
    )


def _read_border(r: FeatureReader) -> Border | None:
    value = r.obj("border")
    if value is None:
        return None
    sub = r.child("border", value)
    countries_raw = sub.raw("countries")
    countries: tuple[str, str] | None = None
    if (
        isinstance(countries_raw, list)
        and len(countries_raw) == 2  # noqa: PLR2004 - a border joins two countries
        and all(isinstance(c, str) and re.match(r"^[A-Z]{2}$", c) for c in countries_raw)
        and countries_raw[0] != countries_raw[1]
    ):
        countries = (countries_raw[0], countries_raw[1])
    elif countries_raw is not None:
        sub.fail(
            "countries",
            f"must list two different ISO country codes, got {countries_raw!r}",
            'use e.g. ["CN", "KZ"]',
        )
    dwell_raw = sub.obj("dwell_h", required=True)
    dwell: dict[Regime, Distribution] = {}
    if dwell_raw is not None:
        dsub = sub.child("dwell_h", dwell_raw)
        for key in dwell_raw:
            known = next((r for r in REGIMES if r == key), None)
            if known is None:
                dsub.fail(str(key), "is not a border regime", "use paper and/or digital")
                continue
            dist = dsub.distribution(known)
            if dist is not None:
                dwell[known] = dist
        if not dwell_raw:
            sub.fail("dwell_h", "is empty", "give a dwell for the paper and/or digital regime")
    regime = sub.choice("regime", REGIMES, default="paper")
    if regime is not None and dwell and regime not in dwell:
        sub.fail("regime", f"regime {regime!r} has no dwell_h entry", f"add dwell_h.{regime}")
        regime = None
    by_direction = _read_dwell_by_direction(sub, countries)
    fee = _read_money(sub, "fee")
    prov = _read_provenance(sub)
    if countries is None or not dwell or regime is None or sub.failed:
        return None
    return Border(
        countries=countries,
        dwell_h=dwell,
        regime=regime,
        fee=fee,
        provenance=prov,
        dwell_h_by_direction=by_direction,
    )


def _read_dwell_by_direction(
    sub: FeatureReader, countries: tuple[str, str] | None
) -> dict[str, dict[Regime, Distribution]]:
    raw = sub.obj("dwell_h_by_direction")
    out: dict[str, dict[Regime, Distribution]] = {}
    if raw is None:
        return out
    dsub = sub.child("dwell_h_by_direction", raw)
    for key, value in raw.items():
        match = _DIRECTION_RE.match(str(key))
        if match is None or (countries is not None and set(match.groups()) != set(countries)):
            want = f"{countries[0]}>{countries[1]}" if countries else "CN>KZ"
            dsub.fail(str(key), "is not a direction across this border", f"use e.g. {want}")
            continue
        if not isinstance(value, Mapping):
            dsub.fail(str(key), "must map regimes to dwells", 'use {"paper": {...}}')
            continue
        rsub = dsub.child(str(key), value)
        per: dict[Regime, Distribution] = {}
        for rk in value:
            known = next((r for r in REGIMES if r == rk), None)
            if known is None:
                rsub.fail(str(rk), "is not a border regime", "use paper and/or digital")
                continue
            dist = rsub.distribution(known)
            if dist is not None:
                per[known] = dist
        out[str(key)] = per
    return out


def _read_passage(r: FeatureReader) -> Passage | None:
    value = r.obj("passage")
    if value is None:
        return None
    sub = r.child("passage", value)
    time_h = sub.distribution("time_h")
    toll = _read_money(sub, "toll")
    unit = sub.choice("toll_unit", TARIFF_UNITS, default="FEU")
    prov = _read_provenance(sub)
    if time_h is None or unit is None or sub.failed:
        return None
    return Passage(time_h=time_h, toll=toll, toll_unit=unit, provenance=prov)


def _read_closures(r: FeatureReader) -> Closure | None:
    value = r.obj("closures")
    if value is None:
        return None
    sub = r.child("closures", value)
    probs = sub.array("monthly_probability")
    ok = len(probs) == _MONTHS and all(
        isinstance(p, int | float) and not isinstance(p, bool) and 0.0 <= p <= 1.0 for p in probs
    )
    if not ok:
        sub.fail(
            "monthly_probability",
            f"must be 12 probabilities in [0, 1] (January first), got {probs!r}",
            "give one closure probability per month",
        )
    delay = sub.distribution("delay_h")
    prov = _read_provenance(sub)
    if not ok or delay is None:
        return None
    return Closure(tuple(float(p) for p in probs), delay, prov)


def _read_handling(r: FeatureReader) -> Handling | None:
    value = r.obj("handling")
    if value is None:
        return None
    sub = r.child("handling", value)
    time_h = sub.distribution("time_h")
    cost = _read_money(sub, "cost")
    prov = _read_provenance(sub)
    if time_h is None:
        return None
    return Handling(time_h=time_h, cost=cost, provenance=prov)


def _point(geometry: object, r: FeatureReader) -> tuple[float, float] | None:
    coords = geometry.get("coordinates") if isinstance(geometry, Mapping) else None
    if (
        not isinstance(coords, list)
        or len(coords) < 2  # noqa: PLR2004 - lon, lat
        or not all(isinstance(c, int | float) and not isinstance(c, bool) for c in coords[:2])
    ):
        r.fail("geometry", f"Point coordinates must be [lon, lat], got {coords!r}", "fix it")
        return None
    lon, lat = float(coords[0]), float(coords[1])
    ok = True
    if not -180.0 <= lon <= 180.0:  # noqa: PLR2004
        r.fail("geometry.lon", f"longitude {lon} is out of range", "use -180..180 (lon first)")
        ok = False
    if not -90.0 <= lat <= 90.0:  # noqa: PLR2004
        r.fail("geometry.lat", f"latitude {lat} is out of range", "use -90..90 ([lon, lat] order)")
        ok = False
    return (lon, lat) if ok else None


def _read_node(
    props: Mapping[str, Any], geometry: object, label: str, log: IssueLog
) -> Node | None:
    r = FeatureReader(props, log, label)
    node_id = r.string("id")
    name = r.string("name")
    kind = r.choice("kind", NODE_KINDS)
    country = r.country("country")
    point = _point(geometry, r) if geometry is not None else None
    if geometry is None:
        r.fail("geometry", "a node needs a Point geometry", "add [lon, lat] coordinates")
    aliases = r.array("aliases")
    if not all(isinstance(a, str) for a in aliases):
        r.fail("aliases", "must be a list of strings", 'use e.g. ["Xian"]')
        aliases = []
    locode = r.string("locode", required=False)
    if locode is not None and not _LOCODE_RE.match(locode):
        r.fail("locode", f"{locode!r} is not a UN/LOCODE", "use 5 characters, e.g. CNXAN")
    transfers = [_read_transfer(r, i, t) for i, t in enumerate(r.array("transfers"))]
    border = _read_border(r)
    handling = _read_handling(r)
    closures = _read_closures(r)
    passage = _read_passage(r)
    prov = _read_provenance(r)
    if r.failed or node_id is None or name is None or kind is None or country is None:
        return None
    if point is None:
        return None
    return Node(
        id=node_id,
        name=name,
        kind=kind,
        country=country,
        lon=point[0],
        lat=point[1],
        aliases=tuple(aliases),
        locode=locode,
        transfers=tuple(t for t in transfers if t is not None),
        border=border,
        handling=handling,
        closures=closures,
        provenance=prov,
        passage=passage,
    )


_NUMBER_TYPES = frozenset({int, float})


def _line(geometry: object, r: FeatureReader) -> tuple[tuple[float, float], ...]:
    if geometry is None:
        return ()
    coords = geometry.get("coordinates") if isinstance(geometry, Mapping) else None
    if not isinstance(coords, list) or len(coords) < 2:  # noqa: PLR2004
        r.fail("geometry", "LineString needs at least two [lon, lat] positions", "fix it")
        return ()
    # fast path, one pass: every position a list of two or more numbers (not booleans)
    # within range; a line has a few positions, for which numpy's set-up costs more
    out: list[tuple[float, float]] = []
    for pos in coords:
        if type(pos) is not list or len(pos) < 2:  # noqa: PLR2004
            break
        x, y = pos[0], pos[1]
        if (
            type(x) not in _NUMBER_TYPES
            or type(y) not in _NUMBER_TYPES
            or not (-180 <= x <= 180 and -90 <= y <= 90)  # noqa: PLR2004
        ):
            break
        out.append((float(x), float(y)))
    else:
        return tuple(out)
    for i, pos in enumerate(coords):
        if (
            not isinstance(pos, list)
            or len(pos) < 2  # noqa: PLR2004
            or not all(isinstance(c, int | float) and not isinstance(c, bool) for c in pos[:2])
            or not (-180 <= pos[0] <= 180 and -90 <= pos[1] <= 90)  # noqa: PLR2004
        ):
            r.fail(f"geometry[{i}]", f"invalid position {pos!r}", "use [lon, lat] in degrees")
            return ()
    return tuple((float(pos[0]), float(pos[1])) for pos in coords)


def _read_service(r: FeatureReader) -> Service | None:
    value = r.obj("service")
    if value is None:
        return None
    sub = r.child("service", value)
    name = sub.string("name")
    headway = sub.distribution("headway_h", required=False)
    departures = sub.array("weekly_departures_h")
    if not all(
        isinstance(d, int | float) and not isinstance(d, bool) and 0 <= d < 168  # noqa: PLR2004
        for d in departures
    ):
        sub.fail("weekly_departures_h", "must be hours of the week in [0, 168)", "fix the list")
        departures = []
    if headway is None and not departures and not sub.failed:
        sub.fail("headway_h", "a service needs headway_h or weekly_departures_h", "add one")
    operator = sub.string("operator", required=False)
    kind = sub.choice("kind", SERVICE_KINDS, default="liner")
    call_h = sub.distribution("call_h", required=False)
    delay_h = sub.distribution("schedule_delay_h", required=False)
    if name is None or kind is None or sub.failed:
        return None
    return Service(
        name=name,
        headway_h=headway,
        weekly_departures_h=tuple(float(d) for d in sorted(departures)),
        operator=operator,
        kind=kind,
        call_h=call_h,
        schedule_delay_h=delay_h,
    )


def _read_tariff(r: FeatureReader, key: str = "tariff") -> Tariff | None:
    value = r.obj(key)
    if value is None:
        return None
    sub = r.child(key, value)
    fixed = sub.number("fixed", required=False, low=0.0)
    per_km = sub.number("per_km", required=False, low=0.0)
    currency = sub.currency("currency") if sub.has("currency") else "USD"
    unit = sub.choice("unit", TARIFF_UNITS, default="FEU")
    if sub.failed or currency is None or unit is None:
        return None
    return Tariff(fixed=fixed or 0.0, per_km=per_km or 0.0, currency=currency, unit=unit)


def _read_link(
    props: Mapping[str, Any],
    geometry: object,
    label: str,
    log: IssueLog,
    services: dict[str, Service],
) -> Link | None:
    r = FeatureReader(props, log, label)
    link_id = r.string("id")
    from_node = r.string("from")
    to_node = r.string("to")
    mode = r.choice("mode", MODES)
    distance = r.number("distance_km", positive=True)
    speed = r.number("speed_kmh", required=False, positive=True)
    duration = r.distribution("duration_h", required=False)
    if speed is None and duration is None and not r.has("speed_kmh"):
        r.fail("speed_kmh", "a link needs speed_kmh or duration_h", "add one of them")
    tariff = _read_tariff(r)
    tariff_reverse = _read_tariff(r, "tariff_reverse")
    capacity = _read_capacity(r)
    emission = r.number("emission_g_per_tkm", required=False, low=0.0)
    electrified = r.boolean("electrified")
    directions = r.choice("directions", DIRECTIONS, default="both")
    raw_service = props.get("service")
    key = repr(raw_service) if isinstance(raw_service, dict) else None
    service = services.get(key) if key is not None else None
    if service is None:
        service = _read_service(r)
        if service is not None and key is not None:
            services[key] = service
    name = r.string("name", required=False)
    prov = _read_provenance(r)
    line = _line(geometry, r)
    if r.failed or None in (link_id, from_node, to_node, mode, distance, directions):
        return None
    return Link(
        id=cast("str", link_id),
        from_node=cast("str", from_node),
        to_node=cast("str", to_node),
        mode=cast("Any", mode),
        distance_km=cast("float", distance),
        speed_kmh=speed,
        duration_h=duration,
        tariff=tariff,
        tariff_reverse=tariff_reverse,
        capacity=capacity,
        emission_g_per_tkm=emission,
        electrified=electrified,
        directions=cast("Any", directions),
        service=service,
        geometry=line,
        name=name,
        provenance=prov,
    )


def _read_fx(r: FeatureReader) -> FxTable:
    value = r.obj("fx")
    if value is None:
        return FxTable(rates={})
    sub = r.child("fx", value)
    base = sub.currency("base") if sub.has("base") else "USD"
    rates_raw = sub.obj("rates") or {}
    rates: dict[str, float] = {}
    rsub = sub.child("rates", rates_raw)
    for code in rates_raw:
        rate = rsub.number(str(code), positive=True)
        if not re.match(r"^[A-Z]{3}$", str(code)):
            rsub.fail(str(code), "is not an ISO 4217 code", "use e.g. EUR")
        elif rate is not None:
            rates[str(code)] = rate
    date = sub.string("date", required=False)
    prov_map = _read_provenance(sub)
    return FxTable(rates=rates, base=base or "USD", date=date, provenance=prov_map.get("rates"))


def _read_cargo_classes(r: FeatureReader) -> tuple[CargoClass, ...]:
    out: list[CargoClass] = []
    for i, value in enumerate(r.array("cargo_classes")):
        key = f"cargo_classes[{i}]"
        if not isinstance(value, Mapping):
            r.fail(key, "must be an object", "see docs/network-format.md, 'Cargo classes'")
            continue
        sub = r.child(key, value)
        cid = sub.string("id")
        name = sub.string("name")
        teu = sub.number("teu", low=0.0)
        tonnes = sub.number("tonnes", positive=True)
        value_usd = sub.number("value_usd", low=0.0)
        vot = sub.number("value_of_time_usd_per_day", low=0.0)
        unit = sub.string("unit", required=False) or "container"
        modes = sub.array("modes")
        bad = [m for m in modes if m not in MODES]
        if bad:
            sub.fail("modes", f"unknown mode(s) {bad}", f"use {', '.join(MODES)}")
        prov = _read_provenance(sub)
        if sub.failed or None in (cid, name, teu, tonnes, value_usd, vot):
            continue
        out.append(
            CargoClass(
                id=cast("str", cid),
                name=cast("str", name),
                teu=cast("float", teu),
                tonnes=cast("float", tonnes),
                value_usd=cast("float", value_usd),
                value_of_time_usd_per_day=cast("float", vot),
                unit=unit,
                modes=tuple(modes),
                provenance=prov,
            )
        )
    return tuple(out)


def _read_customs_unions(r: FeatureReader) -> tuple[CustomsUnion, ...]:
    out: list[CustomsUnion] = []
    for i, value in enumerate(r.array("customs_unions")):
        key = f"customs_unions[{i}]"
        if not isinstance(value, Mapping):
            r.fail(key, "must be an object", 'use {"id": "EU", "name": ..., "members": [...]}')
            continue
        sub = r.child(key, value)
        uid = sub.string("id")
        name = sub.string("name")
        members = sub.array("members")
        if not members or not all(
            isinstance(m, str) and re.match(r"^[A-Z]{2}$", m) for m in members
        ):
            sub.fail("members", f"must list ISO country codes, got {members!r}", 'use ["DE", ...]')
        prov = _read_provenance(sub).get("members")
        if sub.failed or uid is None or name is None:
            continue
        out.append(CustomsUnion(uid, name, frozenset(members), prov))
    return tuple(out)


def _factor_map(sub: FeatureReader, key: str) -> dict[str, float]:
    raw = sub.obj(key)
    out: dict[str, float] = {}
    if raw is None:
        return out
    fsub = sub.child(key, raw)
    for k in raw:
        f = fsub.number(str(k), positive=True)
        if f is not None:
            out[str(k)] = f
    return out


def _read_regimes(r: FeatureReader) -> tuple[OperatingRegime, ...]:
    out: list[OperatingRegime] = []
    for i, value in enumerate(r.array("regimes")):
        key = f"regimes[{i}]"
        if not isinstance(value, Mapping):
            r.fail(key, "must be an object", "see docs/network-format.md, 'Regimes'")
            continue
        sub = r.child(key, value)
        rid = sub.string("id")
        name = sub.string("name")
        kind = sub.choice("kind", REGIME_KINDS)
        dates: list[str | None] = []
        for dk in ("valid_from", "valid_to"):
            d = sub.string(dk, required=False)
            if d is not None and not _DATE_RE.match(d):
                sub.fail(dk, f"{d!r} is not a date", "use YYYY-MM-DD")
            dates.append(d)
        default = sub.boolean("default")
        closed = sub.array("closed")
        if not all(isinstance(c, str) for c in closed):
            sub.fail("closed", "must be a list of node ids", 'use ["suez"]')
        tariff = _factor_map(sub, "tariff_factor")
        tariff_reverse = _factor_map(sub, "tariff_reverse_factor")
        speed = _factor_map(sub, "speed_factor")
        dwell = _factor_map(sub, "dwell_factor")
        wait = _factor_map(sub, "wait_factor")
        delays: dict[str, Distribution] = {}
        raw_delays = sub.obj("schedule_delay_h")
        if raw_delays is not None:
            dsub = sub.child("schedule_delay_h", raw_delays)
            for dk in raw_delays:
                dist = dsub.distribution(str(dk))
                if dist is not None:
                    delays[str(dk)] = dist
        prov = _read_provenance(sub)
        if sub.failed or rid is None or name is None or kind is None:
            continue
        out.append(
            OperatingRegime(
                id=rid,
                name=name,
                kind=kind,
                valid_from=dates[0],
                valid_to=dates[1],
                default=bool(default),
                tariff_factor=tariff,
                closed=tuple(closed),
                dwell_factor=dwell,
                wait_factor=wait,
                provenance=prov,
                schedule_delay_h=delays,
                tariff_reverse_factor=tariff_reverse,
                speed_factor=speed,
            )
        )
    return tuple(out)


# --------------------------------------------------------------------------- writing


def _prov_dict(prov: Mapping[str, Provenance]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, p in prov.items():
        entry: dict[str, Any] = {"source": p.source, "kind": p.kind}
        if p.note is not None:
            entry["note"] = p.note
        out[key] = entry
    return out


def _money_dict(m: Money) -> dict[str, Any]:
    return {"amount": m.amount, "currency": m.currency}


def _capacity_dict(c: Capacity) -> dict[str, Any]:
    return {"value": c.value, "unit": c.unit}


def _transfer_dict(t: Transfer) -> dict[str, Any]:
    out: dict[str, Any] = {
        "from_mode": t.from_mode,
        "to_mode": t.to_mode,
        "kind": t.kind,
        "time_h": t.time_h.to_dict(),
        "both_ways": t.both_ways,
    }
    if t.cost is not None:
        out["cost"] = _money_dict(t.cost)
    if t.capacity is not None:
        out["capacity"] = _capacity_dict(t.capacity)
    if t.provenance:
        out["provenance"] = _prov_dict(t.provenance)
    return out


def _node_feature(n: Node) -> dict[str, Any]:
    props: dict[str, Any] = {
        "feature_type": "node",
        "id": n.id,
        "name": n.name,
        "kind": n.kind,
        "country": n.country,
    }
    if n.aliases:
        props["aliases"] = list(n.aliases)
    if n.locode is not None:
        props["locode"] = n.locode
    if n.transfers:
        props["transfers"] = [_transfer_dict(t) for t in n.transfers]
    if n.border is not None:
        b = n.border
        border: dict[str, Any] = {
            "countries": list(b.countries),
            "dwell_h": {k: v.to_dict() for k, v in b.dwell_h.items()},
            "regime": b.regime,
        }
        if b.dwell_h_by_direction:
            border["dwell_h_by_direction"] = {
                d: {k: v.to_dict() for k, v in per.items()}
                for d, per in b.dwell_h_by_direction.items()
            }
        if b.fee is not None:
            border["fee"] = _money_dict(b.fee)
        if b.provenance:
            border["provenance"] = _prov_dict(b.provenance)
        props["border"] = border
    if n.handling is not None:
        h: dict[str, Any] = {"time_h": n.handling.time_h.to_dict()}
        if n.handling.cost is not None:
            h["cost"] = _money_dict(n.handling.cost)
        if n.handling.provenance:
            h["provenance"] = _prov_dict(n.handling.provenance)
        props["handling"] = h
    if n.closures is not None:
        c: dict[str, Any] = {
            "monthly_probability": list(n.closures.monthly_probability),
            "delay_h": n.closures.delay_h.to_dict(),
        }
        if n.closures.provenance:
            c["provenance"] = _prov_dict(n.closures.provenance)
        props["closures"] = c
    if n.passage is not None:
        pa: dict[str, Any] = {"time_h": n.passage.time_h.to_dict()}
        if n.passage.toll is not None:
            pa["toll"] = _money_dict(n.passage.toll)
        pa["toll_unit"] = n.passage.toll_unit
        if n.passage.provenance:
            pa["provenance"] = _prov_dict(n.passage.provenance)
        props["passage"] = pa
    if n.provenance:
        props["provenance"] = _prov_dict(n.provenance)
    return {
        "type": "Feature",
        "id": n.id,
        "geometry": {"type": "Point", "coordinates": [n.lon, n.lat]},
        "properties": props,
    }


def _link_feature(lk: Link) -> dict[str, Any]:
    props: dict[str, Any] = {
        "feature_type": "link",
        "id": lk.id,
        "from": lk.from_node,
        "to": lk.to_node,
        "mode": lk.mode,
        "distance_km": lk.distance_km,
        "directions": lk.directions,
    }
    if lk.name is not None:
        props["name"] = lk.name
    if lk.speed_kmh is not None:
        props["speed_kmh"] = lk.speed_kmh
    if lk.duration_h is not None:
        props["duration_h"] = lk.duration_h.to_dict()
    for key, t in (("tariff", lk.tariff), ("tariff_reverse", lk.tariff_reverse)):
        if t is not None:
            props[key] = {
                "fixed": t.fixed,
                "per_km": t.per_km,
                "currency": t.currency,
                "unit": t.unit,
            }
    if lk.capacity is not None:
        props["capacity"] = _capacity_dict(lk.capacity)
    if lk.emission_g_per_tkm is not None:
        props["emission_g_per_tkm"] = lk.emission_g_per_tkm
    if lk.electrified is not None:
        props["electrified"] = lk.electrified
    if lk.service is not None:
        s = lk.service
        service: dict[str, Any] = {"name": s.name}
        if s.headway_h is not None:
            service["headway_h"] = s.headway_h.to_dict()
        if s.weekly_departures_h:
            service["weekly_departures_h"] = list(s.weekly_departures_h)
        if s.operator is not None:
            service["operator"] = s.operator
        service["kind"] = s.kind
        if s.call_h is not None:
            service["call_h"] = s.call_h.to_dict()
        if s.schedule_delay_h is not None:
            service["schedule_delay_h"] = s.schedule_delay_h.to_dict()
        props["service"] = service
    if lk.provenance:
        props["provenance"] = _prov_dict(lk.provenance)
    geometry = (
        {"type": "LineString", "coordinates": [list(p) for p in lk.geometry]}
        if lk.geometry
        else None
    )
    return {"type": "Feature", "id": lk.id, "geometry": geometry, "properties": props}


def _cargo_dict(c: CargoClass) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": c.id,
        "name": c.name,
        "teu": c.teu,
        "tonnes": c.tonnes,
        "value_usd": c.value_usd,
        "value_of_time_usd_per_day": c.value_of_time_usd_per_day,
        "unit": c.unit,
    }
    if c.modes:
        out["modes"] = list(c.modes)
    if c.provenance:
        out["provenance"] = _prov_dict(c.provenance)
    return out


def _union_dict(u: CustomsUnion) -> dict[str, Any]:
    out: dict[str, Any] = {"id": u.id, "name": u.name, "members": sorted(u.members)}
    if u.provenance is not None:
        out["provenance"] = _prov_dict({"members": u.provenance})
    return out


def _regime_dict(g: OperatingRegime) -> dict[str, Any]:
    out: dict[str, Any] = {"id": g.id, "name": g.name, "kind": g.kind}
    if g.valid_from is not None:
        out["valid_from"] = g.valid_from
    if g.valid_to is not None:
        out["valid_to"] = g.valid_to
    if g.default:
        out["default"] = True
    for key in (
        "tariff_factor",
        "tariff_reverse_factor",
        "dwell_factor",
        "wait_factor",
        "speed_factor",
    ):
        value = getattr(g, key)
        if value:
            out[key] = dict(value)
    if g.closed:
        out["closed"] = list(g.closed)
    if g.schedule_delay_h:
        out["schedule_delay_h"] = {k: v.to_dict() for k, v in g.schedule_delay_h.items()}
    if g.provenance:
        out["provenance"] = _prov_dict(g.provenance)
    return out


def network_to_geojson(network: Network, *, shared_provenance: bool = False) -> dict[str, Any]:
    """The GeoJSON FeatureCollection of a network (inverse of :func:`network_from_geojson`).

    Parameters
    ----------
    network
        The network.
    shared_provenance
        Write each provenance entry used more than once a single time, in the
        ``corridor.provenance`` table, and refer to it by id (see
        :func:`corridor.io.provenance.share_provenance`): a smaller file that reads faster.

    Returns
    -------
    dict
        A JSON-serialisable FeatureCollection.

    Raises
    ------
    InvalidArgumentError
        If ``network`` is not a :class:`~corridor.network.model.Network` or
        ``shared_provenance`` is not a bool.
    """
    check_instance("network", network, Network, "a Network, e.g. corridor.eurasia()")
    check_instance("shared_provenance", shared_provenance, bool, "True or False")
    fx: dict[str, Any] = {"base": network.fx.base, "rates": dict(network.fx.rates)}
    if network.fx.date is not None:
        fx["date"] = network.fx.date
    if network.fx.provenance is not None:
        fx["provenance"] = _prov_dict({"rates": network.fx.provenance})
    meta: dict[str, Any] = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "name": network.name,
        "fx": fx,
        "cargo_classes": [_cargo_dict(c) for c in network.cargo_classes],
    }
    if network.customs_unions:
        meta["customs_unions"] = [_union_dict(u) for u in network.customs_unions]
    if network.regimes:
        meta["regimes"] = [_regime_dict(g) for g in network.regimes]
    if network.applied_regimes:
        meta["applied_regimes"] = list(network.applied_regimes)
    if network.attribution is not None:
        meta["attribution"] = network.attribution
    features = [_node_feature(n) for n in network.nodes] + [
        _link_feature(lk) for lk in network.links
    ]
    doc = {"type": "FeatureCollection", "corridor": meta, "features": features}
    return share_provenance(doc) if shared_provenance else doc


def write_network(
    network: Network,
    path: str | PathLike[str],
    *,
    indent: int | None = 1,
    shared_provenance: bool = False,
) -> Path:
    """Write a network as GeoJSON (gzipped when the name ends in ``.gz``).

    Parameters
    ----------
    network
        The network.
    path
        Output file.
    indent
        JSON indentation (``None`` for the most compact file).
    shared_provenance
        Write repeated provenance entries once (see :func:`network_to_geojson`).

    Returns
    -------
    Path
        The written file.

    Raises
    ------
    InvalidArgumentError
        If ``path`` is a folder, its folder does not exist, or it cannot be written (no
        space left, no permission); if ``indent`` is not ``None`` or a whole number from 0
        to 16; if ``network`` is not a network or ``shared_provenance`` not a bool.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import corridor
    >>> net = corridor.eurasia()
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = corridor.write_network(net, pathlib.Path(folder) / "eurasia.geojson.gz")
    ...     back = corridor.read_network(path)
    >>> path.name
    'eurasia.geojson.gz'
    >>> [n.id for n in back.nodes] == [n.id for n in net.nodes]
    True
    >>> [lk.id for lk in back.links] == [lk.id for lk in net.links]
    True
    """
    p = check_output_path("path", path)
    if indent is not None:
        indent = check_int("indent", indent, low=0, high=16)
    doc = network_to_geojson(network, shared_provenance=shared_provenance)
    text = json.dumps(doc, indent=indent, ensure_ascii=False)
    data = text.encode("utf-8") + b"\n"
    with writing("path", p):
        p.write_bytes(gzip.compress(data, mtime=0) if p.suffix == ".gz" else data)
    return p
