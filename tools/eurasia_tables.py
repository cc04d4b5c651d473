"""Read and validate the tables of the embedded network (``tools/eurasia/*.csv``).

The tables hold every figure of the Eurasian network with its provenance; the build
(``tools/build_eurasia.py``) reads them through :func:`read_tables`. Each table is
described by a :class:`TableSpec`: its columns, their types, the key and which columns
form a *figure* whose provenance sits in ``<figure>_source`` / ``<figure>_kind`` /
``<figure>_note`` columns. ``tools/eurasia/README.md`` documents the tables for editors.

Every problem is collected, never raised one at a time: :func:`read_tables` raises one
:class:`TableValidationError` listing each problem with its table, row, column and a fix.
Row numbers are line numbers of the file, the header being row 1, as a spreadsheet or an
editor shows them.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from corridor._typing import (
    CAPACITY_UNITS,
    ESTIMATE_KINDS,
    MODES,
    NODE_KINDS,
    REGIME_KINDS,
    REGIMES,
    SERVICE_KINDS,
    TARIFF_UNITS,
    TRANSFER_KINDS,
)
from corridor.network.distributions import distribution_from_dict

__all__ = [
    "HALF_OF_PAPER",
    "LINK_PREFIX",
    "MONTHS",
    "REGIME_FACTORS",
    "ROTATION_LINKS",
    "ROTATION_ROLES",
    "SEA_LEG_NAMES",
    "SPEED_UNITS",
    "TABLES",
    "WATERS",
    "Column",
    "Figure",
    "Row",
    "TableIssue",
    "TableSpec",
    "TableValidationError",
    "Tables",
    "parse_distribution",
    "parse_table",
    "read_tables",
    "regime_factor_value",
    "tables_from_texts",
]

Json = dict[str, Any]
Value = str | int | float | bool | tuple[str, ...] | Json | None
ColumnType = Literal[
    "id",
    "text",
    "number",
    "bool",
    "dist",
    "list",
    "choice",
    "country",
    "currency",
    "locode",
    "sources",
    "date",
    "direction",
    "countries",
    "factors",
    "delays",
]

SEA_LEG_NAMES: tuple[str, ...] = (
    "caspian",
    "blacksea",
    "marmara",
    "aegean",
    "asia",
    "indian",
    "redsea",
    "med",
    "atlantic",
    "cape",
    "northsea_baltic",
    "none",
)
"""Sea legs the build can measure on (gated marnet graphs); ``none``: no graph."""

SPEED_UNITS: Mapping[str, float] = {"km/h": 1.0, "km/day": 1.0 / 24.0, "knots": 1.852}
"""Speed units of ``profiles.csv`` and their factor to km/h."""

HALF_OF_PAPER = "half_of_paper"
"""``borders.csv`` ``dwell_digital``: the paper dwell with every point halved."""

CONFIDENCE = ("primary", "secondary", "tertiary", "unsourced", "definition")
"""Source confidence, as the tags of ``../shared/FACTS.md`` ([P], [S], [T])."""

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
"""Month columns of ``closures.csv`` (closure probabilities, January first)."""
WATER_MODES = frozenset({"sea", "ferry", "inland_water"})
WATERS = "XX"
"""Country code of the water side (seas, lakes) of a port of entry."""
ROTATION_LINKS = "rotation_links"
"""Key of :class:`Tables` ``rows`` that holds the links made from the service rotations."""
LINK_PREFIX: Mapping[str, str] = {
    "rail_1435": "rail",
    "rail_1520": "rail",
    "road": "road",
    "sea": "sea",
    "ferry": "ferry",
    "inland_water": "iww",
}
"""Link id prefix per mode (``<prefix>:<from>-<to>``; rotations: ``<prefix>:<service>:...``)."""

ROTATION_ROLES = ("origin", "call", "passage", "terminus")
"""``service_rotations.csv`` ``role``: first node, port call, passage passed aboard, last node."""

REGIME_FACTORS: Mapping[str, str] = {
    "tariff": "tariff_factor",
    "tariff_reverse": "tariff_reverse_factor",
    "speed": "speed_factor",
    "dwell": "dwell_factor",
    "wait": "wait_factor",
    "closed": "closed",
    "schedule_delay": "schedule_delay_h",
}
"""``regime_factors.csv`` ``factor`` → the regime field of the network file."""

_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:\-]*$", re.ASCII)
_NUMBER_RE = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$", re.ASCII)
_COUNTRY_RE = re.compile(r"^[A-Z]{2}$", re.ASCII)
_CURRENCY_RE = re.compile(r"^[A-Z]{3}$", re.ASCII)
_LOCODE_RE = re.compile(r"^[A-Z]{2}[A-Z2-9]{3}$", re.ASCII)
_DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", re.ASCII)
_DIRECTION_RE = re.compile(r"^([A-Z]{2})>([A-Z]{2})$", re.ASCII)
_KEY_RE = re.compile(r"^(?:\*|[A-Za-z0-9][A-Za-z0-9_.:\-]*)$", re.ASCII)
_MAX_INT_DIGITS = 15


# --------------------------------------------------------------------------- issues


@dataclass(frozen=True, slots=True)
class TableIssue:
    """One problem in the tables.

    Parameters
    ----------
    table
        The table file, as shown to the user (``tools/eurasia/link.csv``).
    row
        Row number (the header is row 1), or ``None`` for a problem with the whole table.
    column
        Column name, or ``None`` for a problem with the whole row.
    message
        What is wrong.
    fix
        What to do about it.
    """

    table: str
    row: int | None
    column: str | None
    message: str
    fix: str

    def __str__(self) -> str:
        where = self.table
        if self.row is not None:
            where += f" row {self.row}"
        if self.column is not None:
            where += "," if self.row is not None else ""
            where += f" column {self.column}"
        return f"{where}: {self.message} — {self.fix}"


class TableValidationError(ValueError):
    """The tables have problems; :attr:`issues` lists every one."""

    def __init__(self, issues: Sequence[TableIssue]) -> None:
        self.issues: tuple[TableIssue, ...] = tuple(issues)
        lines = "\n".join(str(i) for i in self.issues)
        super().__init__(f"{len(self.issues)} problem(s) in the network tables:\n{lines}")


# --------------------------------------------------------------------------- schema


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a table.

    Parameters
    ----------
    name
        Header name.
    type
        How the cell is read: ``id``, ``text``, ``number``, ``bool`` (``true``/``false``),
        ``dist`` (a distribution, see :func:`parse_distribution`), ``list`` (items
        separated by ``;``), ``choice``, ``country``, ``currency``, ``locode``, ``sources``
        (source ids separated by ``;``), ``date`` (``YYYY-MM-DD``), ``direction``
        (``CN>KZ``), ``countries`` (ISO codes separated by ``;``), ``factors``
        (``key=number;key=number``) or ``delays`` (``key=distribution;...``).
    required
        Whether every row needs a value.
    choices
        Allowed values of a ``choice`` column (or of each item of a ``list`` column).
    low
        Smallest allowed number (inclusive).
    high
        Largest allowed number (inclusive).
    positive
        Numbers must be > 0.
    ref
        Name of the table whose key the value (or each list item) must be.
    keywords
        Words a ``dist`` cell may hold instead of a distribution (a derived rule).
    """

    name: str
    type: ColumnType = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None
    positive: bool = False
    ref: str | None = None
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Figure:
    """Columns that hold one figure, and where its provenance is.

    Parameters
    ----------
    prefix
        Provenance columns are ``<prefix>_source``, ``<prefix>_kind`` and
        ``<prefix>_note`` (``source``, ``kind``, ``note`` for an empty prefix).
    columns
        Columns that must all be filled when the figure is given.
    extra
        Optional columns that belong to the figure.
    required
        Whether every row must give the figure.
    has_kind
        Whether there is a ``kind`` column (else the kind is implied, e.g. published).
    """

    prefix: str
    columns: tuple[str, ...]
    extra: tuple[str, ...] = ()
    required: bool = True
    has_kind: bool = True

    def col(self, what: str) -> str:
        """Name of the ``source``, ``kind`` or ``note`` column."""
        return f"{self.prefix}_{what}" if self.prefix else what


@dataclass(frozen=True, slots=True)
class TableSpec:
    """A table: file name, columns, key and figures (``optional``: the file may be absent)."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    figures: tuple[Figure, ...] = ()
    optional: bool = False

    @property
    def file(self) -> str:
        """File name in the tables directory."""
        return f"{self.name}.csv"

    def column(self, name: str) -> Column | None:
        """The column called ``name``, if any."""
        return next((c for c in self.columns if c.name == name), None)


def _prov(prefix: str, *, kind: bool = True) -> tuple[Column, ...]:
    f = Figure(prefix, ())
    cols = [Column(f.col("source"), "sources")]
    if kind:
        cols.append(Column(f.col("kind"), "choice", choices=ESTIMATE_KINDS))
    cols.append(Column(f.col("note")))
    return tuple(cols)


def _money(prefix: str) -> tuple[Column, ...]:
    return (Column(prefix, "number", low=0.0), Column("currency", "currency"), *_prov(prefix))


def _dist(prefix: str) -> tuple[Column, ...]:
    return (Column(prefix, "dist"), *_prov(prefix))


def _capacity() -> tuple[Column, ...]:
    return (
        Column("capacity", "number", positive=True),
        Column("capacity_unit", "choice", choices=CAPACITY_UNITS),
        *_prov("capacity"),
    )


def _tariff() -> tuple[Column, ...]:
    return (
        Column("tariff_fixed", "number", low=0.0),
        Column("tariff_per_km", "number", low=0.0),
        Column("tariff_ref", "id", ref="ref_paths"),
        Column("tariff_mult", "number", positive=True),
        Column("currency", "currency"),
        Column("tariff_unit", "choice", choices=TARIFF_UNITS),
        *_prov("tariff"),
    )


def _tariff_fig(*, required: bool) -> Figure:
    return Figure(
        "tariff",
        ("tariff_fixed", "currency", "tariff_unit"),
        ("tariff_per_km", "tariff_ref", "tariff_mult"),
        required=required,
    )


_REVERSE_COLS = (Column("tariff_reverse_factor", "number", positive=True), *_prov("tariff_reverse"))
_REVERSE_FIG = Figure("tariff_reverse", ("tariff_reverse_factor",), required=False)
_TIME_FIG = Figure("time", ("time",))
_COST_FIG = Figure("cost", ("cost", "currency"), required=False)
_CAP_FIG = Figure("capacity", ("capacity", "capacity_unit"), required=False)

TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "sources",
        (
            Column("source_id", "id", required=True),
            Column("citation", required=True),
            Column("confidence", "choice", required=True, choices=CONFIDENCE),
        ),
        ("source_id",),
    ),
    TableSpec(
        "node",
        (
            Column("node_id", "id", required=True),
            Column("name", required=True),
            Column("x_coord", "number", required=True, low=-180.0, high=180.0),
            Column("y_coord", "number", required=True, low=-90.0, high=90.0),
            Column("node_type", "choice", required=True, choices=NODE_KINDS),
            Column("country", "country", required=True),
            Column("locode", "locode"),
            Column("aliases", "list"),
            Column("transfer_ids", "list", ref="transfers"),
            Column("handling_id", "id", ref="handling"),
            *_prov("position"),
        ),
        ("node_id",),
    ),
    TableSpec(
        "link",
        (
            Column("link_id", "id", required=True),
            Column("from_node_id", "id", required=True, ref="node"),
            Column("to_node_id", "id", required=True, ref="node"),
            Column("directed", "bool", required=True),
            Column("facility_type", "choice", required=True, choices=MODES),
            Column("name"),
            Column("profile_id", "id", required=True, ref="profiles"),
            Column("sea_leg", "choice", choices=SEA_LEG_NAMES),
            Column("service_id", "id", ref="services"),
            *_dist("duration"),
            *_capacity(),
            Column("electrified", "bool"),
            *_prov("electrified"),
            Column("published_km", "number", positive=True),
            *_prov("published_km", kind=False),
            Column("published_km_kind", "choice", choices=ESTIMATE_KINDS),
        ),
        ("link_id",),
        (
            Figure("duration", ("duration",), required=False),
            _CAP_FIG,
            Figure("electrified", ("electrified",), required=False),
            Figure("published_km", ("published_km",), required=False, has_kind=False),
        ),
    ),
    TableSpec(
        "profiles",
        (
            Column("profile_id", "id", required=True),
            Column("speed", "number", positive=True),
            Column("speed_unit", "choice", choices=tuple(SPEED_UNITS)),
            *_prov("speed"),
            *_tariff(),
            Column("emission_g_per_tkm", "number", low=0.0),
            *_prov("emission"),
            *_REVERSE_COLS,
        ),
        ("profile_id",),
        (
            Figure("speed", ("speed", "speed_unit"), required=False),
            _tariff_fig(required=True),
            Figure("emission", ("emission_g_per_tkm",)),
            _REVERSE_FIG,
        ),
    ),
    TableSpec(
        "ref_paths",
        (
            Column("ref_id", "id", required=True),
            Column("nodes", "list", ref="node"),
            Column("amount", "number", positive=True),
            Column("currency", "currency"),
            Column("unit", "choice", choices=TARIFF_UNITS),
            Column("what"),
            *_prov(""),
            Column("service_id", "id", ref="services"),
        ),
        ("ref_id",),
        (Figure("", ("nodes", "amount", "currency", "unit", "what")),),
    ),
    TableSpec(
        "services",
        (
            Column("service_id", "id", required=True),
            Column("name", required=True),
            Column("operator"),
            *_dist("headway"),
            Column("kind", "choice", choices=SERVICE_KINDS),
            *_dist("call"),
            *_dist("schedule_delay"),
            Column("mode", "choice", choices=MODES),
            Column("profile_id", "id", ref="profiles"),
            Column("directed", "bool"),
            *_tariff(),
            *_REVERSE_COLS,
            Column("emission_g_per_tkm", "number", low=0.0),
            *_prov("emission"),
        ),
        ("service_id",),
        (
            Figure("headway", ("headway",)),
            Figure("call", ("call",), required=False),
            Figure("schedule_delay", ("schedule_delay",), required=False),
            _tariff_fig(required=False),
            _REVERSE_FIG,
            Figure("emission", ("emission_g_per_tkm",), required=False),
        ),
    ),
    TableSpec(
        "service_rotations",
        (
            Column("service_id", "id", required=True, ref="services"),
            Column("seq", "number", required=True),
            Column("node_id", "id", required=True, ref="node"),
            Column("role", "choice", choices=ROTATION_ROLES),
            Column("sea_leg", "choice", choices=SEA_LEG_NAMES),
        ),
        ("service_id", "seq"),
        optional=True,
    ),
    TableSpec(
        "transfers",
        (
            Column("transfer_id", "id", required=True),
            Column("from_mode", "choice", required=True, choices=MODES),
            Column("to_mode", "choice", required=True, choices=MODES),
            Column("kind", "choice", required=True, choices=TRANSFER_KINDS),
            Column("both_ways", "bool", required=True),
            *_dist("time"),
            *_money("cost"),
        ),
        ("transfer_id",),
        (_TIME_FIG, _COST_FIG),
    ),
    TableSpec(
        "gauge_changes",
        (
            Column("node_id", "id", required=True, ref="node"),
            Column("from_mode", "choice", required=True, choices=MODES),
            Column("to_mode", "choice", required=True, choices=MODES),
            Column("both_ways", "bool", required=True),
            *_dist("time"),
            *_money("cost"),
            *_capacity(),
        ),
        ("node_id",),
        (_TIME_FIG, _COST_FIG, _CAP_FIG),
    ),
    TableSpec(
        "node_capacity",
        (
            Column("node_id", "id", required=True, ref="node"),
            Column("transfer_kind", "choice", required=True, choices=TRANSFER_KINDS),
            Column("capacity", "number", positive=True),
            Column("capacity_unit", "choice", choices=CAPACITY_UNITS),
            *_prov(""),
        ),
        ("node_id", "transfer_kind"),
        (Figure("", ("capacity", "capacity_unit")),),
    ),
    TableSpec(
        "handling",
        (Column("handling_id", "id", required=True), *_dist("time"), *_money("cost")),
        ("handling_id",),
        (_TIME_FIG, _COST_FIG),
    ),
    TableSpec(
        "borders",
        (
            Column("node_id", "id", required=True, ref="node"),
            Column("country_a", "country", required=True),
            Column("country_b", "country", required=True),
            Column("regime", "choice", required=True, choices=REGIMES),
            *_dist("dwell_paper"),
            Column("dwell_digital", "dist", keywords=(HALF_OF_PAPER,)),
            *_prov("dwell_digital"),
            *_money("fee"),
        ),
        ("node_id",),
        (
            Figure("dwell_paper", ("dwell_paper",)),
            Figure("dwell_digital", ("dwell_digital",)),
            Figure("fee", ("fee", "currency"), required=False),
        ),
    ),
    TableSpec(
        "border_directions",
        (
            Column("node_id", "id", required=True, ref="node"),
            Column("direction", "direction", required=True),
            *_dist("dwell_paper"),
            Column("dwell_digital", "dist", keywords=(HALF_OF_PAPER,)),
            *_prov("dwell_digital"),
        ),
        ("node_id", "direction"),
        (
            Figure("dwell_paper", ("dwell_paper",), required=False),
            Figure("dwell_digital", ("dwell_digital",), required=False),
        ),
        optional=True,
    ),
    TableSpec(
        "passages",
        (
            Column("node_id", "id", required=True, ref="node"),
            *_dist("time"),
            Column("toll", "number", low=0.0),
            Column("currency", "currency"),
            Column("toll_unit", "choice", choices=TARIFF_UNITS),
            *_prov("toll"),
        ),
        ("node_id",),
        (_TIME_FIG, Figure("toll", ("toll", "currency", "toll_unit"), required=False)),
        optional=True,
    ),
    TableSpec(
        "customs_unions",
        (
            Column("union_id", "id", required=True),
            Column("name", required=True),
            Column("members", "countries"),
            *_prov(""),
        ),
        ("union_id",),
        (Figure("", ("members",)),),
        optional=True,
    ),
    TableSpec(
        "closures",
        (
            Column("node_id", "id", required=True, ref="node"),
            *(Column(m, "number", low=0.0, high=1.0) for m in MONTHS),
            *_prov("probability"),
            *_dist("delay"),
        ),
        ("node_id",),
        (Figure("probability", MONTHS), Figure("delay", ("delay",))),
    ),
    TableSpec(
        "cargo_classes",
        (
            Column("cargo_id", "id", required=True),
            Column("name", required=True),
            Column("teu", "number", required=True, low=0.0),
            Column("unit", required=True),
            Column("modes", "list", choices=MODES),
            Column("tonnes", "number", positive=True),
            *_prov("tonnes"),
            Column("value_usd", "number", low=0.0),
            *_prov("value"),
            Column("value_of_time_pct_per_day", "number", low=0.0),
            *_prov("value_of_time"),
        ),
        ("cargo_id",),
        (
            Figure("tonnes", ("tonnes",)),
            Figure("value", ("value_usd",)),
            Figure("value_of_time", ("value_of_time_pct_per_day",)),
        ),
    ),
    TableSpec(
        "fx",
        (
            Column("currency", "currency", required=True),
            Column("rate", "number", positive=True),
            Column("base", "currency", required=True),
            Column("date", "date", required=True),
            *_prov(""),
        ),
        ("currency",),
        (Figure("", ("rate",)),),
    ),
    TableSpec(
        "regimes",
        (
            Column("regime_id", "id", required=True),
            Column("name", required=True),
            Column("kind", "choice", required=True, choices=REGIME_KINDS),
            Column("valid_from", "date"),
            Column("valid_to", "date"),
            Column("default", "bool"),
            Column("tariff_factor", "factors"),
            Column("closed", "list", ref="node"),
            Column("dwell_factor", "factors"),
            Column("wait_factor", "factors"),
            Column("schedule_delay", "delays"),
            Column("tariff_reverse_factor", "factors"),
            Column("speed_factor", "factors"),
            Column("factors_source", "sources", required=True),
            Column("factors_kind", "choice", required=True, choices=ESTIMATE_KINDS),
            Column("factors_note"),
        ),
        ("regime_id",),
        optional=True,
    ),
    TableSpec(
        "regime_factors",
        (
            Column("regime_id", "id", required=True, ref="regimes"),
            Column("factor", "choice", required=True, choices=tuple(REGIME_FACTORS)),
            Column("key", required=True),
            Column("value"),
            *_prov(""),
        ),
        ("regime_id", "factor", "key"),
        optional=True,
    ),
)


# --------------------------------------------------------------------------- rows


@dataclass(frozen=True, slots=True)
class Row:
    """One parsed row: typed values by column (``None`` for an empty or invalid cell).

    ``bad`` names the columns whose cells were invalid (already reported), so that checks
    across tables do not report their consequences again. ``origin`` is set on rows made
    from other tables (the links of a service rotation): the table, row and column each
    value comes from, so that problems are reported where they can be fixed.
    """

    table: str
    line: int
    values: Mapping[str, Value]
    bad: frozenset[str] = frozenset()
    origin: Mapping[str, tuple[str, int, str | None]] = field(default_factory=dict)

    def get(self, column: str) -> Value:
        """The value of ``column`` (``None`` when empty or absent)."""
        return self.values.get(column)

    def text(self, column: str) -> str:
        """A required text value."""
        value = self.values.get(column)
        if not isinstance(value, str):
            msg = f"{self.table} row {self.line}: {column} is not text"
            raise TypeError(msg)
        return value

    def opt_text(self, column: str) -> str | None:
        """An optional text value."""
        value = self.values.get(column)
        return value if isinstance(value, str) else None

    def number(self, column: str) -> float:
        """A required number (an ``int`` when the cell was written as an integer)."""
        value = self.opt_number(column)
        if value is None:
            msg = f"{self.table} row {self.line}: {column} is not a number"
            raise TypeError(msg)
        return value

    def opt_number(self, column: str) -> float | None:
        """An optional number."""
        value = self.values.get(column)
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        return value

    def flag(self, column: str) -> bool | None:
        """A boolean, or ``None`` when empty."""
        value = self.values.get(column)
        return value if isinstance(value, bool) else None

    def items(self, column: str) -> tuple[str, ...]:
        """The items of a list column (empty when the cell is empty)."""
        value = self.values.get(column)
        return value if isinstance(value, tuple) else ()

    def dist(self, column: str) -> Json | None:
        """A distribution in its JSON form, or ``None``."""
        value = self.values.get(column)
        return value if isinstance(value, dict) else None

    def mapping(self, column: str) -> Json:
        """The ``key=value`` pairs of a ``factors`` or ``delays`` column (empty if none)."""
        value = self.values.get(column)
        return value if isinstance(value, dict) else {}

    def where(self, column: str | None) -> tuple[str, int, str | None]:
        """Table, row and column a value comes from (rows made from other tables)."""
        if not self.origin:
            return self.table, self.line, column
        if column is None:
            return self.table, self.line, None
        return self.origin.get(column, (self.table, self.line, None))


@dataclass(frozen=True)
class Tables:
    """Every table, parsed and validated.

    Parameters
    ----------
    rows
        Rows by table name (``node``, ``link``, ...), in file order; ``rotation_links``
        holds the links made from ``service_rotations.csv`` (see :attr:`links`).
    directory
        Label of the tables directory, for messages.
    """

    rows: Mapping[str, tuple[Row, ...]]
    directory: str = "tools/eurasia"
    _index: dict[str, dict[str, Row]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, dict[str, Row]] = {}
        for spec in TABLES:
            if len(spec.key) == 1:
                index[spec.name] = {str(r.get(spec.key[0])): r for r in self.rows[spec.name]}
        index[ROTATION_LINKS] = {str(r.get("link_id")): r for r in self.links}
        object.__setattr__(self, "_index", index)

    def __getitem__(self, table: str) -> tuple[Row, ...]:
        return self.rows[table]

    @property
    def links(self) -> tuple[Row, ...]:
        """Every link: the rows of ``link.csv``, then those of the service rotations.

        A rotation link has the columns of ``link.csv``; :meth:`Row.where` names the row
        of ``service_rotations.csv`` or ``services.csv`` that each value comes from.
        """
        return (*self.rows["link"], *self.rows.get(ROTATION_LINKS, ()))

    def link(self, link_id: str) -> Row | None:
        """The link (of ``link.csv`` or of a rotation) with this id, if any."""
        return self._index[ROTATION_LINKS].get(link_id)

    def by_key(self, table: str) -> Mapping[str, Row]:
        """Rows of a single-key table by key."""
        return self._index[table]

    def find(self, table: str, key: str) -> Row | None:
        """The row with this key, if any."""
        return self._index[table].get(key)

    def prov(self, row: Row, prefix: str, kind: str | None = None) -> Json:
        """The provenance entry of a figure: citations joined by ``"; "``, kind, note."""
        f = Figure(prefix, ())
        ids = row.items(f.col("source"))
        sources = self._index["sources"]
        out: Json = {
            "source": "; ".join(sources[i].text("citation") for i in ids),
            "kind": kind if kind is not None else row.text(f.col("kind")),
        }
        note = row.opt_text(f.col("note"))
        if note is not None:
            out["note"] = note
        return out


# --------------------------------------------------------------------------- cells


def _number(text: str) -> int | float | None:
    """A number literal as int (integer literals) or float; None if not a literal."""
    if not _NUMBER_RE.match(text):
        return None
    digits = text.lstrip("+-")
    if digits.isdigit() and len(digits) <= _MAX_INT_DIGITS:
        return int(text)
    return float(text)


def _parse_number(col: Column, text: str) -> tuple[Value, str | None, str]:
    value = _number(text)
    if value is None or not math.isfinite(value):
        return None, f"{text!r} is not a finite number", "write a plain number such as 12.5"
    if col.positive and value <= 0:
        return None, f"{text} must be greater than 0", "give a positive number"
    if col.low is not None and value < col.low:
        return None, f"{text} is below the minimum {col.low:g}", f"give a number >= {col.low:g}"
    if col.high is not None and value > col.high:
        return None, f"{text} is above the maximum {col.high:g}", f"give a number <= {col.high:g}"
    return value, None, ""


def _suggest(value: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(options), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _parse_cell(col: Column, text: str) -> tuple[Value, str | None, str]:
    """The value of one non-empty cell, or ``(None, message, fix)``."""
    kind = col.type
    if kind == "text":
        return text, None, ""
    if kind in {"id", "sources", "list"}:
        items = tuple(s.strip() for s in text.split(";")) if kind != "id" else (text,)
        if any(not s for s in items):
            return None, f"empty item in {text!r}", "separate items with single ';'"
        if kind in {"id", "sources"} or col.ref is not None:
            bad = [s for s in items if not _ID_RE.match(s)]
            if bad:
                return (
                    None,
                    f"{bad[0]!r} is not a valid id",
                    "ids use letters, digits, '_', '.', ':' and '-' and no spaces",
                )
        if col.choices:
            bad = [s for s in items if s not in col.choices]
            if bad:
                return (
                    None,
                    f"{bad[0]!r} is not allowed{_suggest(bad[0], col.choices)}",
                    f"use {', '.join(col.choices)}",
                )
        return (items[0] if kind == "id" else items), None, ""
    if kind == "number":
        return _parse_number(col, text)
    if kind == "bool":
        low = text.lower()
        if low in {"true", "false"}:
            return low == "true", None, ""
        return None, f"{text!r} is not true or false", "write true or false"
    if kind == "choice":
        if text in col.choices:
            return text, None, ""
        return (
            None,
            f"{text!r} is not allowed{_suggest(text, col.choices)}",
            f"use one of {', '.join(col.choices)}",
        )
    if kind == "country":
        if _COUNTRY_RE.match(text):
            return text, None, ""
        return None, f"{text!r} is not an ISO 3166-1 alpha-2 code", "use e.g. KZ (XX for waters)"
    if kind == "currency":
        if _CURRENCY_RE.match(text):
            return text, None, ""
        return None, f"{text!r} is not an ISO 4217 currency code", "use e.g. USD"
    if kind == "locode":
        if _LOCODE_RE.match(text):
            return text, None, ""
        return None, f"{text!r} is not a UN/LOCODE", "use 5 characters, e.g. CNXIA, or leave empty"
    if kind == "direction":
        m = _DIRECTION_RE.match(text)
        if m is not None and m.group(1) != m.group(2):
            return text, None, ""
        return None, f"{text!r} is not a direction", "write FROM>TO with ISO codes, e.g. CN>KZ"
    if kind == "countries":
        items = tuple(s.strip() for s in text.split(";"))
        bad = [s for s in items if not _COUNTRY_RE.match(s)]
        if bad:
            return (
                None,
                f"{bad[0]!r} is not an ISO 3166-1 alpha-2 code",
                "list codes separated by ';', e.g. DE;FR;PL",
            )
        return items, None, ""
    if kind in {"factors", "delays"}:
        return _parse_map(text, distributions=kind == "delays")
    if kind == "date":
        ok = bool(_DATE_RE.match(text))
        if ok:
            try:
                dt.date.fromisoformat(text)
            except ValueError:
                ok = False
        if ok:
            return text, None, ""
        return None, f"{text!r} is not a date", "write YYYY-MM-DD"
    if text in col.keywords:
        return text, None, ""
    try:
        return parse_distribution(text), None, ""
    except ValueError as exc:
        return None, str(exc), _DIST_FIX


def _parse_map(text: str, *, distributions: bool) -> tuple[Value, str | None, str]:
    """``key=value;key=value`` (numbers > 0, or distributions) as an ordered dict."""
    what = "distribution" if distributions else "factor"
    fix = (
        "write key=distribution;key=distribution, e.g. liner=fixed(0)"
        if distributions
        else "write key=factor;key=factor with factors > 0, e.g. ae_suez_1=2.5;*=1.2"
    )
    out: Json = {}
    for item in text.split(";"):
        key, eq, raw = (part.strip() for part in item.partition("="))
        if not eq or not key or not raw:
            return None, f"{item.strip()!r} is not key={what}", fix
        if not _KEY_RE.match(key):
            return None, f"{key!r} is not an id, ISO code or *", fix
        if key in out:
            return None, f"{key!r} is given twice", "give each key once"
        if distributions:
            try:
                out[key] = parse_distribution(raw)
            except ValueError as exc:
                return None, f"{key}: {exc}", _DIST_FIX
            continue
        value = _number(raw)
        if value is None or not math.isfinite(value) or value <= 0:
            return None, f"{key}: {raw!r} is not a number > 0", fix
        out[key] = value
    return out, None, ""


_DIST_FIX = (
    "write fixed(5), triangular(12, 24, 72), lognormal(mean=16, sd=24), empirical(3, 5, 8) or "
    "mixture(0.52: fixed(0), 0.48: lognormal(mean=127, sd=90)) (hours)"
)


# --------------------------------------------------------------------------- distributions

_TOKEN_RE = re.compile(
    r"\s*(?:(?P<num>[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)"
    r"|(?P<name>[a-z_]+)|(?P<punct>[(),=:]))",
    re.ASCII,
)
_DIST_PARAMS: Mapping[str, tuple[str, ...]] = {
    "fixed": ("value",),
    "triangular": ("low", "mode", "high"),
    "lognormal": ("mean", "sd"),
}


class _Tokens:
    """A token stream over one distribution cell."""

    def __init__(self, text: str) -> None:
        self.tokens: list[tuple[str, str]] = []
        pos = 0
        stripped = text.rstrip()
        while pos < len(stripped):
            m = _TOKEN_RE.match(stripped, pos)
            if m is None or m.end() == pos:
                msg = f"unexpected {stripped[pos:].strip()[:12]!r} in distribution {text!r}"
                raise ValueError(msg)
            group = m.lastgroup or "punct"
            self.tokens.append((group, m.group(group)))
            pos = m.end()
        self.pos = 0
        self.text = text

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, kind: str, value: str | None = None) -> str:
        tok = self.peek()
        if tok is None or tok[0] != kind or (value is not None and tok[1] != value):
            want = value if value is not None else {"num": "a number", "name": "a name"}[kind]
            got = "the end" if tok is None else repr(tok[1])
            msg = f"expected {want} but found {got} in distribution {self.text!r}"
            raise ValueError(msg)
        self.pos += 1
        return tok[1]

    def at(self, value: str) -> bool:
        tok = self.peek()
        return tok is not None and tok[1] == value


def _num_token(text: str) -> int | float:
    value = _number(text)
    if value is None:  # pragma: no cover - the tokenizer only yields number literals
        msg = f"{text!r} is not a number"
        raise ValueError(msg)
    return value


def _parse_dist(tokens: _Tokens, *, nested: bool) -> Json:
    name = tokens.take("name")
    tokens.take("punct", "(")
    if name == "mixture":
        if nested:
            msg = "a mixture cannot contain a mixture; flatten it"
            raise ValueError(msg)
        weights: list[int | float] = []
        components: list[Json] = []
        while True:
            weights.append(_num_token(tokens.take("num")))
            tokens.take("punct", ":")
            components.append(_parse_dist(tokens, nested=True))
            if not tokens.at(","):
                break
            tokens.take("punct", ",")
        tokens.take("punct", ")")
        return {"type": "mixture", "weights": weights, "components": components}
    if name == "empirical":
        values = [_num_token(tokens.take("num"))]
        while tokens.at(","):
            tokens.take("punct", ",")
            values.append(_num_token(tokens.take("num")))
        tokens.take("punct", ")")
        return {"type": "empirical", "values": values}
    if name not in _DIST_PARAMS:
        msg = f"unknown distribution {name!r}{_suggest(name, [*_DIST_PARAMS, 'empirical'])}"
        raise ValueError(msg)
    params = _DIST_PARAMS[name]
    out: Json = {"type": name}
    index = 0
    while not tokens.at(")"):
        if index:
            tokens.take("punct", ",")
        tok = tokens.peek()
        if tok is not None and tok[0] == "name":
            key = tokens.take("name")
            if key not in params:
                msg = f"{name} has no parameter {key!r}; its parameters are {', '.join(params)}"
                raise ValueError(msg)
            tokens.take("punct", "=")
        elif index < len(params):
            key = params[index]
        else:
            msg = f"{name} takes {len(params)} parameter(s): {', '.join(params)}"
            raise ValueError(msg)
        if key in out:
            msg = f"{name} parameter {key!r} is given twice"
            raise ValueError(msg)
        out[key] = _num_token(tokens.take("num"))
        index += 1
    tokens.take("punct", ")")
    missing = [p for p in params if p not in out]
    if missing:
        msg = f"{name} needs {', '.join(params)}; missing {', '.join(missing)}"
        raise ValueError(msg)
    return {"type": name, **{p: out[p] for p in params}}


def parse_distribution(text: str) -> Json:
    """Parse a distribution cell into the network format's JSON form (hours).

    Parameters
    ----------
    text
        ``fixed(5)``, ``triangular(12, 24, 72)`` (low, mode, high),
        ``lognormal(mean=16, sd=24)``, ``empirical(3, 5, 8)`` or
        ``mixture(0.52: fixed(0), 0.48: lognormal(mean=127, sd=90))``; parameters may be
        named (``triangular(low=12, mode=24, high=72)``).

    Returns
    -------
    dict
        ``{"type": "triangular", "low": 12, "mode": 24, "high": 72}`` and so on.

    Raises
    ------
    ValueError
        If the text is not a valid distribution; the message says why.
    """
    tokens = _Tokens(text)
    out = _parse_dist(tokens, nested=False)
    if tokens.peek() is not None:
        msg = f"unexpected {tokens.peek()[1]!r} after the distribution in {text!r}"  # type: ignore[index]
        raise ValueError(msg)
    distribution_from_dict(out)
    return out


# --------------------------------------------------------------------------- tables


def parse_table(spec: TableSpec, text: str, label: str) -> tuple[list[Row], list[TableIssue]]:
    """Parse the text of one table, checking header, cells and figures.

    Parameters
    ----------
    spec
        The table's schema.
    text
        The CSV text.
    label
        The table's name in messages (``tools/eurasia/link.csv``).

    Returns
    -------
    rows : list of Row
        Rows that could be parsed (rows with problems are kept with the bad cells empty).
    issues : list of TableIssue
        Every problem found.
    """
    issues: list[TableIssue] = []

    def add(row: int | None, column: str | None, message: str, fix: str) -> None:
        issues.append(TableIssue(label, row, column, message, fix))

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[tuple[int, list[str]]] = []
    last = 0
    try:
        for record in reader:
            start, last = last + 1, reader.line_num
            if record and any(cell.strip() for cell in record):
                records.append((start, record))
    except csv.Error as exc:
        add(reader.line_num, None, f"not valid CSV ({exc})", "fix the quoting of this row")
        return [], issues
    if not records:
        names = ",".join(c.name for c in spec.columns)
        add(None, None, "the table is empty", f"add the header row: {names}")
        return [], issues
    header_row, raw_header = records[0]
    header = [h.strip() for h in raw_header]
    known = {c.name for c in spec.columns}
    for name, count in Counter(header).items():
        if count > 1:
            add(header_row, name, f"column {name!r} appears {count} times", "keep one of them")
    for name in header:
        if name not in known:
            add(
                header_row,
                name or "(empty)",
                f"unknown column {name!r}{_suggest(name, known)}",
                f"remove it or rename it to one of {', '.join(c.name for c in spec.columns)}",
            )
    for col in spec.columns:
        if col.required and col.name not in header:
            add(header_row, col.name, "required column is missing", f"add a {col.name} column")
    rows: list[Row] = []
    for number, record in records[1:]:
        if len(record) != len(header):
            add(
                number,
                None,
                f"the row has {len(record)} cells but the header has {len(header)}",
                "add or remove cells (quote cells that contain commas)",
            )
            continue
        values: dict[str, Value] = {}
        bad: set[str] = set()
        for name, raw in zip(header, record, strict=True):
            column = spec.column(name)
            cell = raw.strip()
            if column is None or name in values:
                continue
            if not cell:
                values[name] = None
                if column.required:
                    add(number, name, "the cell is empty", f"fill in {name}")
                continue
            value, message, fix = _parse_cell(column, cell)
            values[name] = value
            if message is not None:
                bad.add(name)
                add(number, name, message, fix)
        row = Row(label, number, values, frozenset(bad))
        _check_figures(spec, row, raw_cells=dict(zip(header, record, strict=True)), add=add)
        rows.append(row)
    return rows, issues


def _check_figures(spec: TableSpec, row: Row, raw_cells: Mapping[str, str], add: Any) -> None:  # noqa: ANN401
    def filled(col: str) -> bool:
        return bool(raw_cells.get(col, "").strip())

    for fig in spec.figures:
        own = (*fig.columns, *fig.extra)
        prov_cols = [fig.col("source"), fig.col("note")]
        if fig.has_kind:
            prov_cols.insert(1, fig.col("kind"))
        present = any(filled(c) for c in own)
        if not present:
            if fig.required:
                add(row.line, fig.columns[0], "the figure is missing", f"fill in {fig.columns[0]}")
            elif any(filled(c) for c in prov_cols):
                add(
                    row.line,
                    next(c for c in prov_cols if filled(c)),
                    f"provenance is given but {fig.columns[0]} is empty",
                    f"fill in {fig.columns[0]} or clear the provenance cells",
                )
            continue
        for c in fig.columns:
            if not filled(c):
                add(row.line, c, "the cell is empty", f"fill in {c} (it goes with {own[0]})")
        for c in prov_cols[:-1]:
            if not filled(c):
                add(
                    row.line,
                    c,
                    f"the provenance of {fig.columns[0]} is missing",
                    "give the source id(s) from sources.csv"
                    if c.endswith("source")
                    else "give published, measured, derived or estimate",
                )


def _check_refs(tables: Mapping[str, list[Row]], issues: list[TableIssue]) -> None:
    keys: dict[str, set[str]] = {}
    for spec in TABLES:
        rows = tables[spec.name]
        seen: dict[tuple[str, ...], int] = {}
        for row in rows:
            key = tuple(str(row.get(k)) for k in spec.key)
            if any(row.get(k) is None for k in spec.key):
                continue
            if key in seen:
                issues.append(
                    TableIssue(
                        row.table,
                        row.line,
                        spec.key[-1],
                        f"{'/'.join(key)} is already used in row {seen[key]}",
                        "give every row its own key or merge the rows",
                    )
                )
            else:
                seen[key] = row.line
        keys[spec.name] = {k[0] for k in seen}
    for spec in TABLES:
        for row in tables[spec.name]:
            for col in spec.columns:
                target = "sources" if col.type == "sources" else col.ref
                if target is None:
                    continue
                value = row.get(col.name)
                items = value if isinstance(value, tuple) else (value,) if value else ()
                issues.extend(
                    TableIssue(
                        row.table,
                        row.line,
                        col.name,
                        f"unknown {_WHAT[target]} {item!r}{_suggest(item, keys[target])}",
                        f"add it to {target}.csv or fix the id",
                    )
                    for item in items
                    if isinstance(item, str) and item not in keys[target]
                )


_WHAT: Mapping[str, str] = {
    "sources": "source",
    "node": "node",
    "profiles": "profile",
    "services": "service",
    "transfers": "transfer",
    "handling": "handling",
    "ref_paths": "reference path",
    "regimes": "regime",
}

_Add = Any
"""``add(row, column, message, fix)``: report a problem at a row (and its origin)."""


def _rotation_links(tables: Mapping[str, list[Row]], issues: list[TableIssue]) -> list[Row]:
    """The links of the service rotations: one per consecutive pair of nodes.

    Each link gets the columns of ``link.csv``: id ``<prefix>:<service>:<from>-<to>``, the
    service's ``mode``, ``profile_id`` and ``directed``, and the ``sea_leg`` of the row of
    its first node. Rotations with unusable rows are skipped (their problems are reported
    by the other checks).
    """
    nodes = {r.get("node_id") for r in tables["node"]}
    by_service: dict[object, list[Row]] = {}
    for row in tables["service_rotations"]:
        if row.get("seq") is not None:
            by_service.setdefault(row.get("service_id"), []).append(row)
    used: dict[object, Row] = {r.get("link_id"): r for r in tables["link"]}
    out: list[Row] = []
    for svc in tables["services"]:
        rows = sorted(by_service.get(svc.get("service_id"), []), key=lambda r: r.number("seq"))
        mode, profile = svc.opt_text("mode"), svc.opt_text("profile_id")
        if len(rows) < 2 or mode is None or profile is None:
            continue
        sid = svc.text("service_id")
        for ra, rb in itertools.pairwise(rows):
            a, b = ra.get("node_id"), rb.get("node_id")
            if a not in nodes or b not in nodes:
                continue
            if a == b:
                issues.append(
                    TableIssue(
                        rb.table,
                        rb.line,
                        "node_id",
                        f"the rotation stays at {a!r} (row {ra.line} is the same node)",
                        "remove one of the two rows",
                    )
                )
                continue
            lid = f"{LINK_PREFIX[mode]}:{sid}:{a}-{b}"
            if lid in used:
                other = used[lid]
                issues.append(
                    TableIssue(
                        rb.table,
                        rb.line,
                        "node_id",
                        f"link {lid} is already made from {other.table} row {other.line}",
                        "a rotation passes each pair of nodes once (in one direction); "
                        "rename or remove the other link",
                    )
                )
                continue
            values: dict[str, Value] = {
                "link_id": lid,
                "from_node_id": a,
                "to_node_id": b,
                "directed": svc.flag("directed") or False,
                "facility_type": mode,
                "profile_id": profile,
                "sea_leg": ra.get("sea_leg"),
                "service_id": sid,
            }
            origin = {
                "link_id": (ra.table, ra.line, "node_id"),
                "from_node_id": (ra.table, ra.line, "node_id"),
                "to_node_id": (rb.table, rb.line, "node_id"),
                "sea_leg": (ra.table, ra.line, "sea_leg"),
                "service_id": (ra.table, ra.line, "service_id"),
                "facility_type": (svc.table, svc.line, "mode"),
                "profile_id": (svc.table, svc.line, "profile_id"),
                "duration": (svc.table, svc.line, "profile_id"),
                "directed": (svc.table, svc.line, "directed"),
            }
            bad = frozenset({"sea_leg"} & ra.bad)
            link = Row(ra.table, ra.line, values, bad, origin)
            used[lid] = link
            out.append(link)
    return out


def _check_rules(tables: Mapping[str, list[Row]], issues: list[TableIssue]) -> None:
    """Rules across columns and tables that the schema cannot express."""

    def add(row: Row, column: str | None, message: str, fix: str) -> None:
        issues.append(TableIssue(*row.where(column), message, fix))

    links = [*tables["link"], *tables[ROTATION_LINKS]]
    for row in tables["node"]:
        _check_position(row, add)
    _check_links(tables, links, add)
    for row in (*tables["profiles"], *tables["services"]):
        _check_tariff(row, add)
    _check_services(tables, add)
    _check_ref_paths(tables, links, add)
    _check_transfers(tables, add)
    _check_borders(tables, add)
    _check_passages_and_unions(tables, add)
    _check_regimes(tables, add)
    _check_topology(tables, links, add)
    _check_fx(tables["fx"], add)


def _check_position(row: Row, add: _Add) -> None:
    """``position_source`` + ``position_kind``: the coordinates as given are cited."""
    source, kind = row.get("position_source"), row.get("position_kind")
    if {"position_source", "position_kind"} & row.bad or (source is None) == (kind is None):
        if row.get("position_note") is not None and source is None:
            add(
                row,
                "position_note",
                "a position note goes with position_source and position_kind",
                "fill them in or clear the note",
            )
        return
    add(
        row,
        "position_kind" if kind is None else "position_source",
        "give both position_source and position_kind (the coordinates as given are then "
        "used and cited), or neither (the build looks the position up)",
        "fill in the other cell or clear this one",
    )


def _check_links(tables: Mapping[str, list[Row]], links: Sequence[Row], add: _Add) -> None:
    profiles = {r.get("profile_id"): r for r in tables["profiles"]}
    for row in links:
        a, b, mode = row.get("from_node_id"), row.get("to_node_id"), row.get("facility_type")
        if a is not None and a == b:
            add(row, "to_node_id", "the link starts and ends at the same node", "fix to_node_id")
        leg = row.get("sea_leg")
        if mode in WATER_MODES and leg is None and "sea_leg" not in row.bad:
            add(
                row,
                "sea_leg",
                f"a {mode} link needs a sea leg to be measured on",
                f"use one of {', '.join(SEA_LEG_NAMES)}",
            )
        elif mode is not None and mode not in WATER_MODES and leg is not None:
            add(row, "sea_leg", f"a {mode} link is not measured on a sea leg", "clear the cell")
        prof = profiles.get(row.get("profile_id"))
        if (
            prof is not None
            and prof.get("speed") is None
            and "speed" not in prof.bad
            and row.get("duration") is None
            and "duration" not in row.bad
        ):
            add(
                row,
                "duration",
                f"profile {row.get('profile_id')!r} has no speed and the link no duration",
                "give the link a duration or use a profile with a speed",
            )
        if row.get("published_km") is not None and mode == "road":
            add(
                row,
                "published_km",
                "a published distance is used for rail and water links (when the graph "
                "fails or snaps far from a node), not for road links",
                "clear the cell",
            )
        if row.get("published_km_kind") is not None and row.get("published_km") is None:
            add(row, "published_km_kind", "there is no published_km", "clear the cell")


def _check_tariff(row: Row, add: _Add) -> None:
    """Profiles and services: a tariff is per km or from a reference path."""
    per_km, ref = row.get("tariff_per_km"), row.get("tariff_ref")
    given = row.get("tariff_fixed") is not None or per_km is not None or ref is not None
    if (
        given
        and (per_km is None) == (ref is None)
        and not {"tariff_per_km", "tariff_ref"} & row.bad
    ):
        add(
            row,
            "tariff_per_km",
            "give either tariff_per_km or tariff_ref (a reference path), not both or neither",
            "fill in exactly one of them",
        )
    if row.get("tariff_mult") is not None and ref is None:
        add(row, "tariff_mult", "tariff_mult applies to tariff_ref only", "clear it")


def _check_services(tables: Mapping[str, list[Row]], add: _Add) -> None:
    """Services with a rotation (mode, profile, legs, roles) and those in link.csv."""
    nodes = {r.get("node_id"): r for r in tables["node"]}
    rotations: dict[object, list[Row]] = {}
    for row in tables["service_rotations"]:
        rotations.setdefault(row.get("service_id"), []).append(row)
    for svc in tables["services"]:
        sid = svc.get("service_id")
        rows = sorted(
            (r for r in rotations.get(sid, []) if r.get("seq") is not None),
            key=lambda r: r.number("seq"),
        )
        if not rotations.get(sid):
            for col in ("mode", "profile_id", "directed"):
                if svc.get(col) is not None:
                    add(
                        svc,
                        col,
                        f"{col} is used by a rotation and {sid!r} has none in "
                        "service_rotations.csv (its links are in link.csv)",
                        "clear the cell or list the rotation in service_rotations.csv",
                    )
            continue
        for col in ("mode", "profile_id"):
            if svc.get(col) is None and col not in svc.bad:
                add(
                    svc,
                    col,
                    f"{sid!r} has a rotation in service_rotations.csv, which needs its {col}",
                    f"fill in {col}",
                )
        if len(rows) == 1:
            add(rows[0], "service_id", "a rotation needs at least two nodes", "list its nodes")
        for i, row in enumerate(rows):
            last = i == len(rows) - 1
            if last and row.get("sea_leg") is not None:
                add(
                    row,
                    "sea_leg",
                    "the last node of a rotation has no leg after it",
                    "clear the cell (sea_leg is the leg to the next node)",
                )
            _check_role(row, nodes.get(row.get("node_id")), first=i == 0, last=last, add=add)
    for row in tables["link"]:
        sid = row.get("service_id")
        if sid is not None and rotations.get(sid):
            add(
                row,
                "service_id",
                f"service {sid!r} is given by its rotation in service_rotations.csv",
                "remove this link (the rotation makes it) or list the node in the rotation",
            )


def _check_role(row: Row, node: Row | None, *, first: bool, last: bool, add: _Add) -> None:
    role, kind = row.get("role"), node.get("node_type") if node is not None else None
    if role == "origin" and not first:
        add(row, "role", "only the first node of a rotation is its origin", "use call")
    elif role == "terminus" and not last:
        add(row, "role", "only the last node of a rotation is its terminus", "use call")
    elif role == "call" and kind is not None and kind not in {"port", "dry_port"}:
        add(
            row,
            "role",
            f"{row.get('node_id')!r} is a {kind}, and calls are made (and charged) at ports",
            "use passage, or make the node a port in node.csv",
        )
    elif role == "passage" and kind in {"port", "dry_port"}:
        add(
            row,
            "role",
            f"{row.get('node_id')!r} is a {kind}: ships passing it are charged a call",
            "use call, or pass a chokepoint node instead",
        )


def _check_ref_paths(tables: Mapping[str, list[Row]], links: Sequence[Row], add: _Add) -> None:
    nodes = {r.get("node_id") for r in tables["node"]}
    joined: dict[frozenset[object], set[object]] = {}
    for row in links:
        pair = frozenset((row.get("from_node_id"), row.get("to_node_id")))
        joined.setdefault(pair, set()).add(row.get("service_id"))
    for row in tables["ref_paths"]:
        path = row.items("nodes")
        service = row.get("service_id")
        if len(path) == 1:
            add(row, "nodes", "a reference path needs at least two nodes", "list the nodes")
        for x, y in itertools.pairwise(path):
            if x not in nodes or y not in nodes:
                continue
            services = joined.get(frozenset((x, y)))
            if services is None:
                add(
                    row,
                    "nodes",
                    f"no link joins {x!r} and {y!r}",
                    "list nodes along existing links (link.csv or service_rotations.csv)",
                )
            elif service is not None and service not in services and "service_id" not in row.bad:
                add(
                    row,
                    "nodes",
                    f"service {service!r} has no link joining {x!r} and {y!r}",
                    "list nodes along the service's rotation, or clear service_id",
                )


def _check_transfers(tables: Mapping[str, list[Row]], add: _Add) -> None:
    for row in tables["transfers"]:
        a, b, kind = row.get("from_mode"), row.get("to_mode"), row.get("kind")
        if kind == "ship_ship" and not (a == b and a in WATER_MODES):
            add(
                row,
                "to_mode",
                "a ship_ship transshipment joins two services of one water mode",
                "use from_mode = to_mode = sea",
            )
        elif kind != "ship_ship" and a is not None and a == b:
            add(
                row,
                "to_mode",
                "a transfer must change mode (only a ship_ship transshipment joins two "
                "services of one mode)",
                "use two different modes, or kind ship_ship",
            )
    for row in tables["gauge_changes"]:
        pair = {row.get("from_mode"), row.get("to_mode")}
        if pair != {"rail_1435", "rail_1520"}:
            add(
                row,
                "to_mode",
                "a gauge change joins rail_1435 and rail_1520",
                "use rail_1435 and rail_1520",
            )
    nodes = {r.get("node_id"): r for r in tables["node"]}
    transfers = {r.get("transfer_id"): r for r in tables["transfers"]}
    for row in tables["node_capacity"]:
        node = nodes.get(row.get("node_id"))
        if node is None:
            continue
        kinds = {transfers[t].get("kind") for t in node.items("transfer_ids") if t in transfers}
        if row.get("transfer_kind") not in kinds:
            add(
                row,
                "transfer_kind",
                f"node {row.get('node_id')!r} has no {row.get('transfer_kind')} transfer",
                "add the transfer to its transfer_ids in node.csv or fix the kind",
            )


def _check_borders(tables: Mapping[str, list[Row]], add: _Add) -> None:
    """Countries of borders and ports of entry; dwell by direction."""
    nodes = {r.get("node_id"): r for r in tables["node"]}
    borders = {r.get("node_id"): r for r in tables["borders"]}
    for row in tables["borders"]:
        a, b = row.get("country_a"), row.get("country_b")
        node = nodes.get(row.get("node_id"))
        if a is not None and a == b:
            add(row, "country_b", "a border joins two different countries", "fix the code")
        elif WATERS in {a, b} and node is not None:
            if node.get("node_type") != "port":
                add(
                    row,
                    "country_b" if b == WATERS else "country_a",
                    f"{row.get('node_id')!r} is a {node.get('node_type')}; customs between "
                    "water (XX) and land are at a port of entry",
                    "use a port node, or two countries for a land border",
                )
            if node.get("country") == WATERS:
                add(
                    row,
                    "country_a",
                    "a port of entry joins its own country and the water side XX",
                    "give the port its country in node.csv",
                )
    for row in tables["border_directions"]:
        border = borders.get(row.get("node_id"))
        direction = row.get("direction")
        if row.get("node_id") in nodes and border is None:
            add(
                row,
                "node_id",
                f"{row.get('node_id')!r} has no row in borders.csv",
                "add its border first, or fix the node id",
            )
        elif border is not None and isinstance(direction, str):
            countries = {border.get("country_a"), border.get("country_b")}
            if set(direction.split(">")) != countries:
                add(
                    row,
                    "direction",
                    f"{direction} does not cross the {border.get('country_a')}/"
                    f"{border.get('country_b')} border of borders.csv row {border.line}",
                    f"use {border.get('country_a')}>{border.get('country_b')} or "
                    f"{border.get('country_b')}>{border.get('country_a')}",
                )
        paper, digital = row.get("dwell_paper"), row.get("dwell_digital")
        if paper is None and digital is None and not {"dwell_paper", "dwell_digital"} & row.bad:
            add(
                row,
                "dwell_paper",
                "the row gives no dwell",
                "fill in dwell_paper and/or dwell_digital",
            )
        elif digital == HALF_OF_PAPER and paper is None and "dwell_paper" not in row.bad:
            add(
                row,
                "dwell_digital",
                "half_of_paper needs the paper dwell of the same row",
                "fill in dwell_paper or give the digital dwell as a distribution",
            )


def _check_passages_and_unions(tables: Mapping[str, list[Row]], add: _Add) -> None:
    nodes = {r.get("node_id"): r for r in tables["node"]}
    for row in tables["passages"]:
        node = nodes.get(row.get("node_id"))
        if node is not None and node.get("node_type") != "chokepoint":
            add(
                row,
                "node_id",
                f"{row.get('node_id')!r} is a {node.get('node_type')}; passages (canals, "
                "straits) are chokepoint nodes that ships pass through",
                "make the node a chokepoint in node.csv or remove the row",
            )
    for row in tables["customs_unions"]:
        members = row.items("members")
        if not members:
            continue
        twice = sorted(c for c, n in Counter(members).items() if n > 1)
        if twice:
            add(row, "members", f"{', '.join(twice)} listed twice", "list each country once")
        if WATERS in members:
            add(row, "members", "XX (waters) cannot be a member", "remove it")
        if len(set(members)) < 2:
            add(row, "members", "a customs union has at least two members", "list them")


def _regime_keys(tables: Mapping[str, list[Row]]) -> dict[str, frozenset[str]]:
    """What the keys of each regime factor may be."""
    services = frozenset(str(r.get("service_id")) for r in tables["services"])
    nodes = frozenset(str(r.get("node_id")) for r in tables["node"])
    countries = frozenset(str(r.get("country")) for r in tables["node"]) - {WATERS}
    land = frozenset(MODES) - WATER_MODES
    crossings = frozenset(
        f"{r.get('node_id')}:{x}>{y}"
        for r in tables["borders"]
        for x, y in (
            (r.get("country_a"), r.get("country_b")),
            (r.get("country_b"), r.get("country_a")),
        )
    )
    return {
        "tariff_factor": services | frozenset(MODES) | {"*"},
        "tariff_reverse_factor": services | frozenset(MODES) | {"*"},
        "speed_factor": countries
        | land
        | frozenset(f"{c}:{m}" for c in countries for m in land)
        | {"*"},
        "dwell_factor": nodes | countries | crossings | {"*"},
        "wait_factor": services | nodes | countries | {"*"},
        "schedule_delay": services | frozenset(SERVICE_KINDS) | {"*"},
        "closed": nodes,
    }


_KEY_HELP: Mapping[str, str] = {
    "tariff_factor": "a service id, a mode or *",
    "tariff_reverse_factor": "a service id, a mode or *",
    "speed_factor": "an ISO country code (of a node), a land mode (rail_1435, rail_1520, "
    "road), both as ISO:mode (KZ:rail_1520) or *",
    "dwell_factor": "a node id, an ISO country code (of a node), one direction of a border "
    "crossing as node:FROM>TO (dostyk:KZ>CN) or *",
    "wait_factor": "a service id, a node id, an ISO country code (of a node) or *",
    "schedule_delay": "a service id, a service kind (liner, feeder, ferry, train) or *",
    "closed": "a node id",
}


_REGIME_MAPS = (
    "tariff_factor",
    "tariff_reverse_factor",
    "dwell_factor",
    "wait_factor",
    "speed_factor",
    "schedule_delay",
)


def _check_regimes(tables: Mapping[str, list[Row]], add: _Add) -> None:
    """Regime kinds, dates, defaults and the keys of their factors."""
    allowed = _regime_keys(tables)
    kinds = {r.get("regime_id"): r.get("kind") for r in tables["regimes"]}
    for row in tables["regimes"]:
        if row.get("kind") == "sea_rates" and row.mapping("speed_factor"):
            add(row, "speed_factor", _SPEED_RAIL, "move it to a rail_operations regime")
    for row in tables["regime_factors"]:
        if row.get("factor") == "speed" and kinds.get(row.get("regime_id")) == "sea_rates":
            add(row, "factor", _SPEED_RAIL, "move it to a rail_operations regime")
    services = {str(r.get("service_id")) for r in tables["services"]}
    nodes = {str(r.get("node_id")) for r in tables["node"]}
    defaults: list[Row] = []
    for row in tables["regimes"]:
        sea = row.get("kind") == "sea_rates"
        if row.get("default") is True and sea:
            add(
                row,
                "default",
                "sea-rate regimes are chosen by date (the latest when none is given)",
                "clear the cell (default is for rail_operations regimes)",
            )
        elif row.get("default") is True:
            defaults.append(row)
        for col in ("valid_from", "valid_to"):
            if row.get(col) is not None and row.get("kind") == "rail_operations":
                add(
                    row,
                    col,
                    "rail operating regimes are chosen by id, not by date",
                    "clear the cell",
                )
        start, end = row.get("valid_from"), row.get("valid_to")
        if isinstance(start, str) and isinstance(end, str) and start > end:
            add(row, "valid_to", f"{end} is before valid_from {start}", "swap or fix the dates")
        for col in _REGIME_MAPS:
            for key in row.mapping(col):
                _check_regime_key(row, col, str(key), allowed, services, nodes, add)
    for row in defaults[1:]:
        add(
            row,
            "default",
            f"regime {defaults[0].get('regime_id')!r} (row {defaults[0].line}) is already "
            "the default",
            "mark one rail_operations regime as default",
        )
    inline: set[tuple[object, str, str]] = set()
    for row in tables["regimes"]:
        for col in _REGIME_MAPS:
            inline.update((row.get("regime_id"), col, str(k)) for k in row.mapping(col))
        inline.update((row.get("regime_id"), "closed", k) for k in row.items("closed"))
    for row in tables["regime_factors"]:
        factor, key_value = row.get("factor"), row.get("key")
        if not isinstance(factor, str) or not isinstance(key_value, str):
            continue
        key = key_value
        field_name = "schedule_delay" if factor == "schedule_delay" else REGIME_FACTORS[factor]
        if field_name == "closed":
            if key not in allowed["closed"]:
                add(row, "key", f"unknown node {key!r}{_suggest(key, nodes)}", "use a node id")
        else:
            _check_regime_key(row, field_name, key, allowed, services, nodes, add, column="key")
        if (row.get("regime_id"), field_name, key) in inline:
            add(
                row,
                "key",
                f"{key!r} is also given in the {field_name} column of regimes.csv",
                "give each factor once",
            )
        _, message, fix = regime_factor_value(factor, row.opt_text("value"))
        if message is not None:
            add(row, "value", message, fix)
        if (row.get("source") is None) != (row.get("kind") is None) and not (
            {"source", "kind"} & row.bad
        ):
            add(
                row,
                "source" if row.get("source") is None else "kind",
                "give both source and kind, or neither (then the regime's apply)",
                "fill in the other cell or clear this one",
            )


_SPEED_RAIL = "speed factors (running times of land links) belong to rail operating regimes"


def _check_regime_key(  # noqa: PLR0917
    row: Row,
    col: str,
    key: str,
    allowed: Mapping[str, frozenset[str]],
    services: set[str],
    nodes: set[str],
    add: _Add,
    column: str | None = None,
) -> None:
    if key not in allowed[col]:
        options = allowed[col] - {"*"}
        add(
            row,
            column or col,
            f"{key!r} is not {_KEY_HELP[col]}{_suggest(key, options)}",
            "fix the key",
        )
    elif col == "wait_factor" and key in services and key in nodes:
        add(
            row,
            column or col,
            f"{key!r} is both a service and a node",
            "rename the service (service_id) or the node",
        )


def regime_factor_value(factor: str, text: str | None) -> tuple[Value, str | None, str]:
    """The value of a ``regime_factors.csv`` row: a factor, a distribution or none.

    Parameters
    ----------
    factor
        ``tariff``, ``tariff_reverse``, ``speed``, ``dwell``, ``wait`` (a number > 0),
        ``schedule_delay`` (a distribution) or ``closed`` (no value).
    text
        The ``value`` cell (``None`` when empty).

    Returns
    -------
    tuple
        ``(value, None, "")``, or ``(None, message, fix)`` when the cell is wrong.
    """
    if factor == "closed":
        if text is None:
            return None, None, ""
        return None, "a closed node has no value", "clear the cell"
    if text is None:
        return None, "the cell is empty", "fill in the value"
    if factor == "schedule_delay":
        try:
            return parse_distribution(text), None, ""
        except ValueError as exc:
            return None, str(exc), _DIST_FIX
    value = _number(text)
    if value is None or not math.isfinite(value) or value <= 0:
        return None, f"{text!r} is not a number > 0", "give the factor, e.g. 2.5"
    return value, None, ""


def _check_topology(tables: Mapping[str, list[Row]], links: Sequence[Row], add: _Add) -> None:
    """Border crossings, gauge changes and links between countries."""
    nodes = {r.get("node_id"): r for r in tables["node"]}
    borders = {r.get("node_id"): r for r in tables["borders"]}
    gauges = {r.get("node_id") for r in tables["gauge_changes"]}
    for nid, node_row in nodes.items():
        if node_row.get("node_type") == "border_crossing" and nid not in borders:
            add(
                node_row,
                "node_type",
                f"{nid!r} is a border crossing without a row in borders.csv",
                "add its border to borders.csv or change node_type",
            )
    for row in tables["borders"]:
        at = nodes.get(row.get("node_id"))
        countries = {row.get("country_a"), row.get("country_b")}
        if at is not None and at.get("country") not in countries:
            add(
                row,
                "country_a",
                f"node {row.get('node_id')!r} is in {at.get('country')} but the border joins "
                f"{row.get('country_a')}/{row.get('country_b')}",
                "list the node's own country (node.csv) as country_a or country_b",
            )
    gauges_at: dict[object, set[object]] = {}
    for row in links:
        a, b, mode = row.get("from_node_id"), row.get("to_node_id"), row.get("facility_type")
        for end in (a, b):
            gauges_at.setdefault(end, set()).add(mode)
        na, nb = nodes.get(a), nodes.get(b)
        if mode not in {"rail_1435", "rail_1520", "road"} or na is None or nb is None:
            continue
        ca, cb = na.get("country"), nb.get("country")
        if ca == cb:
            continue
        if not any(
            {ca, cb} <= {borders[n].get("country_a"), borders[n].get("country_b")}
            for n in (a, b)
            if n in borders
        ):
            add(
                row,
                "to_node_id",
                f"the {mode} link crosses from {ca} to {cb} without a border crossing",
                f"end it at a node with a borders.csv row joining {ca} and {cb}",
            )
    for place, modes in gauges_at.items():
        if {"rail_1435", "rail_1520"} <= modes and place not in gauges and place in nodes:
            add(
                nodes[place],
                "node_id",
                f"rail_1435 and rail_1520 links meet at {place!r} without a gauge change",
                "add the station to gauge_changes.csv or move one of the links",
            )


def _check_fx(rows: Sequence[Row], add: _Add) -> None:
    if not rows:
        return
    first = rows[0]
    shared = ("base", "date", "source", "kind", "note")
    for row in rows[1:]:
        for col in shared:
            if row.get(col) != first.get(col):
                add(
                    row,
                    col,
                    f"differs from row {first.line}: the network has one base, date and "
                    "provenance for all exchange rates",
                    f"use the same {col} in every row",
                )


def tables_from_texts(texts: Mapping[str, str | None], directory: str = "tools/eurasia") -> Tables:
    """Parse and validate tables given as text.

    Parameters
    ----------
    texts
        CSV text by table name (``node``, ``link``, ...); ``None`` for a missing file.
    directory
        The tables directory as shown in messages.

    Returns
    -------
    Tables
        The parsed tables.

    Raises
    ------
    TableValidationError
        If there is any problem; it lists every one.
    """
    issues: list[TableIssue] = []
    parsed: dict[str, list[Row]] = {}
    for spec in TABLES:
        label = f"{directory}/{spec.file}"
        text = texts.get(spec.name)
        if text is None:
            if not spec.optional:
                issues.append(
                    TableIssue(label, None, None, "the table is missing", f"create {spec.file}")
                )
            parsed[spec.name] = []
            continue
        rows, found = parse_table(spec, text, label)
        parsed[spec.name] = rows
        issues.extend(found)
    _check_refs(parsed, issues)
    parsed[ROTATION_LINKS] = _rotation_links(parsed, issues)
    _check_rules(parsed, issues)
    if issues:
        order = {f"{directory}/{spec.file}": i for i, spec in enumerate(TABLES)}
        issues.sort(key=lambda i: (order.get(i.table, -1), i.row or 0))
        raise TableValidationError(issues)
    return Tables({k: tuple(v) for k, v in parsed.items()}, directory)


def read_tables(directory: Path, label: str | None = None) -> Tables:
    """Read and validate the tables in ``directory``.

    Parameters
    ----------
    directory
        The folder with ``sources.csv``, ``node.csv``, ``link.csv``, ...
    label
        How the folder is named in messages (default: the path as given).

    Returns
    -------
    Tables
        The parsed tables.

    Raises
    ------
    TableValidationError
        If a table is missing, unreadable or has any problem; it lists every one.
    """
    shown = label if label is not None else str(directory)
    texts: dict[str, str | None] = {}
    unreadable: list[TableIssue] = []
    for spec in TABLES:
        path = directory / spec.file
        try:
            texts[spec.name] = path.read_bytes().decode("utf-8-sig")
        except FileNotFoundError:
            texts[spec.name] = None
        except (OSError, UnicodeDecodeError) as exc:
            texts[spec.name] = ""
            unreadable.append(
                TableIssue(
                    f"{shown}/{spec.file}", None, None, f"cannot read ({exc})", "save as UTF-8 CSV"
                )
            )
    try:
        tables = tables_from_texts(texts, shown)
    except TableValidationError as exc:
        raise TableValidationError(
            [*unreadable, *(i for i in exc.issues if i.table not in {u.table for u in unreadable})]
        ) from None
    if unreadable:
        raise TableValidationError(unreadable)
    return tables
