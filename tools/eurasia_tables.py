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
    REGIMES,
    TARIFF_UNITS,
    TRANSFER_KINDS,
)
from corridor.network.distributions import distribution_from_dict

__all__ = [
    "HALF_OF_PAPER",
    "MONTHS",
    "SEA_LEG_NAMES",
    "SPEED_UNITS",
    "TABLES",
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

_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:\-]*$", re.ASCII)
_NUMBER_RE = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$", re.ASCII)
_COUNTRY_RE = re.compile(r"^[A-Z]{2}$", re.ASCII)
_CURRENCY_RE = re.compile(r"^[A-Z]{3}$", re.ASCII)
_LOCODE_RE = re.compile(r"^[A-Z]{2}[A-Z2-9]{3}$", re.ASCII)
_DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", re.ASCII)
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
        (source ids separated by ``;``) or ``date`` (``YYYY-MM-DD``).
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
    """A table: file name, columns, key and figures."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    figures: tuple[Figure, ...] = ()

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
            Column("tariff_fixed", "number", low=0.0),
            Column("tariff_per_km", "number", low=0.0),
            Column("tariff_ref", "id", ref="ref_paths"),
            Column("tariff_mult", "number", positive=True),
            Column("currency", "currency"),
            Column("tariff_unit", "choice", choices=TARIFF_UNITS),
            *_prov("tariff"),
            Column("emission_g_per_tkm", "number", low=0.0),
            *_prov("emission"),
        ),
        ("profile_id",),
        (
            Figure("speed", ("speed", "speed_unit"), required=False),
            Figure(
                "tariff",
                ("tariff_fixed", "currency", "tariff_unit"),
                ("tariff_per_km", "tariff_ref", "tariff_mult"),
            ),
            Figure("emission", ("emission_g_per_tkm",)),
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
        ),
        ("service_id",),
        (Figure("headway", ("headway",)),),
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
)


# --------------------------------------------------------------------------- rows


@dataclass(frozen=True, slots=True)
class Row:
    """One parsed row: typed values by column (``None`` for an empty or invalid cell).

    ``bad`` names the columns whose cells were invalid (already reported), so that checks
    across tables do not report their consequences again.
    """

    table: str
    line: int
    values: Mapping[str, Value]
    bad: frozenset[str] = frozenset()

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


@dataclass(frozen=True)
class Tables:
    """Every table, parsed and validated.

    Parameters
    ----------
    rows
        Rows by table name (``node``, ``link``, ...), in file order.
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
        object.__setattr__(self, "_index", index)

    def __getitem__(self, table: str) -> tuple[Row, ...]:
        return self.rows[table]

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
                        spec.key[0],
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
}


def _check_rules(tables: Mapping[str, list[Row]], issues: list[TableIssue]) -> None:
    """Rules across columns and tables that the schema cannot express."""

    def add(row: Row, column: str | None, message: str, fix: str) -> None:
        issues.append(TableIssue(row.table, row.line, column, message, fix))

    nodes = {r.get("node_id"): r for r in tables["node"]}
    profiles = {r.get("profile_id"): r for r in tables["profiles"]}
    links: set[frozenset[object]] = set()
    for row in tables["link"]:
        a, b, mode = row.get("from_node_id"), row.get("to_node_id"), row.get("facility_type")
        links.add(frozenset((a, b)))
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
        if row.get("published_km") is not None and mode not in {"rail_1435", "rail_1520"}:
            add(
                row,
                "published_km",
                "a published distance is only used for rail links (when the rail graph fails)",
                "clear the cell",
            )
    for row in tables["profiles"]:
        per_km, ref = row.get("tariff_per_km"), row.get("tariff_ref")
        if (per_km is None) == (ref is None):
            add(
                row,
                "tariff_per_km",
                "give either tariff_per_km or tariff_ref (a reference path), not both or neither",
                "fill in exactly one of them",
            )
        if row.get("tariff_mult") is not None and ref is None:
            add(row, "tariff_mult", "tariff_mult applies to tariff_ref only", "clear it")
    for row in tables["ref_paths"]:
        path = row.items("nodes")
        if len(path) == 1:
            add(row, "nodes", "a reference path needs at least two nodes", "list the nodes")
        for x, y in itertools.pairwise(path):
            if x in nodes and y in nodes and frozenset((x, y)) not in links:
                add(
                    row,
                    "nodes",
                    f"no link joins {x!r} and {y!r}",
                    "list nodes along existing links (link.csv)",
                )
    for row in tables["transfers"]:
        if row.get("from_mode") is not None and row.get("from_mode") == row.get("to_mode"):
            add(row, "to_mode", "a transfer must change mode", "use two different modes")
    for row in tables["gauge_changes"]:
        pair = {row.get("from_mode"), row.get("to_mode")}
        if pair != {"rail_1435", "rail_1520"}:
            add(
                row,
                "to_mode",
                "a gauge change joins rail_1435 and rail_1520",
                "use rail_1435 and rail_1520",
            )
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
    for row in tables["borders"]:
        a, b = row.get("country_a"), row.get("country_b")
        if a is not None and a == b:
            add(row, "country_b", "a border joins two different countries", "fix the code")
    _check_topology(tables, add)
    _check_fx(tables["fx"], add)


def _check_topology(tables: Mapping[str, list[Row]], add: Any) -> None:  # noqa: ANN401
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
    for row in tables["link"]:
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


def _check_fx(rows: Sequence[Row], add: Any) -> None:  # noqa: ANN401
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
            issues.append(
                TableIssue(label, None, None, "the table is missing", f"create {spec.file}")
            )
            parsed[spec.name] = []
            continue
        rows, found = parse_table(spec, text, label)
        parsed[spec.name] = rows
        issues.extend(found)
    _check_refs(parsed, issues)
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
