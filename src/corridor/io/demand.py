"""Origin–destination demand tables (CSV) for assignment on a corridor network.

A demand file has one row per flow::

    origin,destination,cargo,volume,unit,source
    Xi'an,Duisburg,TEU,120000,TEU,"ERA 2024 412k TEU x 1.3 (WB 2030), split: estimate"
    Almaty,Baku,bulk_grain,500000,tonnes,estimate

- ``origin``, ``destination``: any id, name, alias or UN/LOCODE of the network
  (spelling-tolerant, see :func:`corridor.network.places.resolve_place`);
- ``cargo``: a cargo class of the network (``TEU``, ``FEU``, ``bulk_grain``, ...);
- ``volume``: a number ``>= 0`` per year, in ``unit``;
- ``unit``: ``TEU`` or ``tonnes``;
- ``source`` (optional): where the figure comes from, or ``estimate``.

Blank lines and lines starting with ``#`` are skipped; rows repeating the same origin,
destination and cargo add up. The parser builds the domain's
:class:`~corridor.assignment.demand.Demand` (re-exported here with :class:`DemandRow`,
:data:`TONNES_PER_TEU_EQUIVALENT` and :func:`teu_per_unit`): volumes become TEU per year
(:attr:`DemandRow.teu`), tonnes of a container class at the class's tonnes per TEU, tonnes
of bulk (a class with 0 TEU) at :data:`TONNES_PER_TEU_EQUIVALENT` tonnes per TEU-equivalent.

Every problem in the file is collected before anything is raised: one
:class:`DemandValidationError` lists each bad row as ``FILE:LINE: field 'x': what is wrong;
fix: ...``.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import Final

from corridor.assignment.demand import (
    DEMAND_UNITS,
    TONNES_PER_TEU_EQUIVALENT,
    Demand,
    DemandRow,
    DemandUnit,
    teu_per_unit,
)
from corridor.exceptions import CorridorError, UnknownPlaceError
from corridor.io._fields import read_file_bytes
from corridor.network.model import CargoClass, Network
from corridor.network.places import resolve_place

__all__ = [
    "DEMAND_COLUMNS",
    "DEMAND_UNITS",
    "TONNES_PER_TEU_EQUIVALENT",
    "Demand",
    "DemandIssue",
    "DemandRow",
    "DemandUnit",
    "DemandValidationError",
    "demand_from_rows",
    "parse_demand",
    "read_demand",
    "teu_per_unit",
    "write_demand",
]

DEMAND_COLUMNS: Final = ("origin", "destination", "cargo", "volume", "unit")
"""Required columns, in the order :func:`write_demand` writes them (then ``source``)."""

_UNIT_ALIASES: Final = {
    "teu": "TEU",
    "teus": "TEU",
    "tonnes": "tonnes",
    "tonne": "tonnes",
    "tons": "tonnes",
    "t": "tonnes",
}


@dataclass(frozen=True, slots=True)
class DemandIssue:
    """One problem in a demand file.

    Parameters
    ----------
    source
        The file (or ``"<memory>"``).
    line
        Line number (1-based), or ``None`` for a file-level problem.
    field
        The column that is wrong, if any.
    message
        What is wrong.
    fix
        What to do about it.
    """

    source: str
    line: int | None
    field: str | None
    message: str
    fix: str

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        what = self.message if self.field is None else f"field {self.field!r}: {self.message}"
        return f"{where}: {what}; fix: {self.fix}"


class DemandValidationError(ValueError, CorridorError):
    """A demand table has one or more bad rows; :attr:`issues` lists every one."""

    def __init__(self, issues: Sequence[DemandIssue]) -> None:
        self.issues: tuple[DemandIssue, ...] = tuple(issues)
        if len(self.issues) == 1:  # one problem: its own line says where, what and the fix
            super().__init__(str(self.issues[0]))
            return
        lines = {i.line for i in self.issues if i.line is not None}
        head = f"{len(self.issues)} problem(s) in the demand"
        if lines:
            head += f" ({len(lines)} bad row(s))"
        super().__init__(head + ":\n" + "\n".join(str(i) for i in self.issues))


def _issue(source: str, line: int | None, field: str | None, message: str, fix: str) -> DemandIssue:
    return DemandIssue(source, line, field, message, fix)


def _place(
    network: Network, text: str, field: str, *, source: str, line: int, issues: list[DemandIssue]
) -> str | None:
    if not text:
        issues.append(_issue(source, line, field, "empty", "give a place id, name or UN/LOCODE"))
        return None
    try:
        return resolve_place(network, text).id
    except UnknownPlaceError as exc:
        issues.append(
            _issue(source, line, field, str(exc), "use an id from `corridor places QUERY`")
        )
        return None


def _cargo(
    network: Network, text: str, source: str, line: int, issues: list[DemandIssue]
) -> CargoClass | None:
    known = ", ".join(c.id for c in network.cargo_classes) or "none defined"
    if not text:
        issues.append(_issue(source, line, "cargo", "empty", f"use one of {known}"))
        return None
    try:
        return network.cargo(text)
    except KeyError:
        issues.append(
            _issue(source, line, "cargo", f"unknown cargo class {text!r}", f"use one of {known}")
        )
        return None


def _volume(text: str, source: str, line: int, issues: list[DemandIssue]) -> float | None:
    fix = "write a plain number >= 0 per year, e.g. 120000"
    try:
        value = float(text)
    except ValueError:
        issues.append(_issue(source, line, "volume", f"{text!r} is not a number", fix))
        return None
    if not math.isfinite(value):
        issues.append(_issue(source, line, "volume", f"{text!r} is not a finite number", fix))
        return None
    if value < 0:
        issues.append(_issue(source, line, "volume", f"{text} is negative", fix))
        return None
    return value


def _unit(text: str, source: str, line: int, issues: list[DemandIssue]) -> DemandUnit | None:
    unit = _UNIT_ALIASES.get(text.strip().casefold())
    if unit == "TEU":
        return "TEU"
    if unit == "tonnes":
        return "tonnes"
    issues.append(
        _issue(
            source,
            line,
            "unit",
            f"unknown unit {text!r}" if text else "empty",
            "use TEU or tonnes (FEU: give 2 TEU per FEU)",
        )
    )
    return None


def _parse_row(
    network: Network,
    values: dict[str, str],
    source: str,
    line: int,
    issues: list[DemandIssue],
) -> DemandRow | None:
    before = len(issues)
    origin = _place(network, values["origin"], "origin", source=source, line=line, issues=issues)
    destination = _place(
        network, values["destination"], "destination", source=source, line=line, issues=issues
    )
    if origin is not None and origin == destination:
        issues.append(
            _issue(
                source,
                line,
                "destination",
                f"same place as the origin ({origin})",
                "drop the row or give two different places",
            )
        )
    cargo = _cargo(network, values["cargo"], source, line, issues)
    volume = _volume(values["volume"], source, line, issues)
    unit = _unit(values["unit"], source, line, issues)
    if len(issues) > before:
        return None
    if origin is None or destination is None or cargo is None or volume is None or unit is None:
        return None  # pragma: no cover - every None above added an issue
    return DemandRow(
        origin=origin,
        destination=destination,
        cargo=cargo.id,
        volume=volume,
        unit=unit,
        teu=volume * teu_per_unit(cargo, unit),
        source=values.get("source") or None,
        line=line,
    )


def _rows(text: str, source: str, issues: list[DemandIssue]) -> Iterable[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for record in reader:
            if not any(cell.strip() for cell in record) or record[0].lstrip().startswith("#"):
                continue
            yield reader.line_num, record
    except csv.Error as exc:
        issues.append(
            _issue(
                source,
                reader.line_num,
                None,
                f"not valid CSV ({exc})",
                "save the file as plain comma-separated UTF-8 text",
            )
        )


def parse_demand(text: str, network: Network, *, source: str = "<memory>") -> Demand:
    """Parse demand CSV text (see the module docstring for the columns).

    Parameters
    ----------
    text
        The CSV text.
    network
        The network whose places and cargo classes the rows name.
    source
        Name used in error messages.

    Returns
    -------
    Demand
        The table.

    Raises
    ------
    DemandValidationError
        Listing every bad row, if any.
    """
    issues: list[DemandIssue] = []
    rows: list[DemandRow] = []
    records = iter(_rows(text, source, issues))
    header_line, header = next(records, (0, []))
    names = [h.strip().casefold() for h in header]
    missing = [c for c in DEMAND_COLUMNS if c not in names]
    if not header or missing:
        issues.append(
            _issue(
                source,
                header_line or None,
                None,
                "no header row" if not header else f"missing column(s) {', '.join(missing)}",
                "start the file with the header line origin,destination,cargo,volume,unit[,source]",
            )
        )
        raise DemandValidationError(issues)
    duplicates = sorted({n for n in names if n and names.count(n) > 1})
    if duplicates:
        issues.append(
            _issue(
                source,
                header_line,
                None,
                f"repeated column(s) {', '.join(duplicates)}",
                "give each column once",
            )
        )
        raise DemandValidationError(issues)
    for line, record in records:
        if len(record) != len(names):
            issues.append(
                _issue(
                    source,
                    line,
                    None,
                    f"{len(record)} field(s), the header has {len(names)}",
                    "quote fields that contain commas; give one value per column",
                )
            )
            continue
        values = {n: v.strip() for n, v in zip(names, record, strict=True)}
        row = _parse_row(network, values, source, line, issues)
        if row is not None:
            rows.append(row)
    if not rows and not issues:
        issues.append(
            _issue(source, None, None, "no demand rows", "add one row per origin-destination flow")
        )
    if issues:
        raise DemandValidationError(issues)
    return Demand(rows=tuple(rows), source=source)


def read_demand(path: str | PathLike[str], network: Network) -> Demand:
    """Read a demand CSV file (see the module docstring for the columns).

    Parameters
    ----------
    path
        The CSV file (UTF-8, a byte-order mark is allowed).
    network
        The network whose places and cargo classes the rows name.

    Returns
    -------
    Demand
        The table; volumes also in TEU per year.

    Raises
    ------
    DemandValidationError
        If the file cannot be read, or listing every bad row.
    """
    p = Path(path)
    source = str(p)
    try:
        data = read_file_bytes(p)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise DemandValidationError(
            [_issue(source, None, None, f"cannot read the file ({reason})", "check the path")]
        ) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DemandValidationError(
            [_issue(source, line, None, "not UTF-8 text", "save the file as UTF-8 CSV")]
        ) from None
    return parse_demand(text, network, source=source)


def demand_from_rows(
    network: Network,
    rows: Iterable[tuple[str, str, str, float, str]],
) -> Demand:
    """Build a demand table in memory, validated like a file.

    Parameters
    ----------
    network
        The network.
    rows
        ``(origin, destination, cargo, volume, unit)`` tuples.

    Returns
    -------
    Demand
        The table.

    Raises
    ------
    DemandValidationError
        Listing every bad row.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(DEMAND_COLUMNS)
    for origin, destination, cargo, volume, unit in rows:
        writer.writerow([origin, destination, cargo, repr(float(volume)), unit])
    return parse_demand(buffer.getvalue(), network)


def write_demand(demand: Demand, path: str | PathLike[str]) -> Path:
    """Write a demand table as CSV (node ids, volumes as given, sources).

    Parameters
    ----------
    demand
        The table.
    path
        Output file.

    Returns
    -------
    Path
        The file written.
    """
    p = Path(path)
    with p.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow([*DEMAND_COLUMNS, "source"])
        for r in demand.rows:
            writer.writerow(
                [r.origin, r.destination, r.cargo, repr(r.volume), r.unit, r.source or ""]
            )
    return p
