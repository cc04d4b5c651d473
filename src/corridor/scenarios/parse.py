"""Reading scenario TOML files: every problem listed with its line, key and fix."""

from __future__ import annotations

import difflib
import math
import re
import tomllib
from collections.abc import Callable, Mapping
from os import PathLike
from pathlib import Path
from typing import Any, cast, get_args

from corridor._typing import CAPACITY_UNITS, MODES, REGIMES, TARIFF_UNITS, CapacityUnit, TariffUnit
from corridor._typing import Regime as RegimeName
from corridor.scenarios._lines import KeyPath, LineIndex, format_key
from corridor.scenarios.model import (
    CLOSE_TARGETS,
    AddFeature,
    BorderRegimeEdit,
    CapacityEdit,
    CloseEdit,
    DemandGrowth,
    Edit,
    FxEdit,
    HeadwayEdit,
    RegimeEdit,
    Scenario,
    ScenarioError,
    ScenarioProblem,
    SpeedEdit,
    TariffEdit,
    ValueOfTimeEdit,
    Where,
)

__all__ = ["MAX_SCENARIO_BYTES", "parse_scenario", "read_scenario"]

MAX_SCENARIO_BYTES = 4 << 20
"""Largest scenario file read (4 MiB)."""

_CURRENCY = re.compile(r"^[A-Z]{3}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_FRONTIER = re.compile(r"^[A-Z]{2}-[A-Z]{2}$")
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_HUGE = 1e308
_MIN_SAILINGS = 168.0 / 8760.0
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CORRIDORS = (
    "northern",
    "middle_black_sea",
    "middle_turkiye",
    "middle",
    "southern",
    "sea_suez",
    "sea_cape",
    "sea_direct",
    "central_asia",
    "other",
)

_TOP = (
    "name",
    "description",
    "base",
    "sources",
    "close",
    "reopen",
    "capacity",
    "speed",
    "tariff",
    "border_regime",
    "headway",
    "regimes",
    "fx",
    "value_of_time",
    "carbon",
    "demand_growth",
    "add",
)
_PROV = ("source", "estimate", "note")
_ADD_KINDS = ("node", "link", "transfer", "service")
_NODE_KEYS = (
    "id",
    "name",
    "kind",
    "country",
    "lon",
    "lat",
    "aliases",
    "locode",
    "transfers",
    "border",
    "handling",
    "closures",
    "passage",
)
_LINK_KEYS = (
    "id",
    "from",
    "to",
    "mode",
    "distance_km",
    "speed_kmh",
    "duration_h",
    "tariff",
    "tariff_reverse",
    "capacity",
    "emission_g_per_tkm",
    "electrified",
    "directions",
    "service",
    "name",
    "geometry",
)
_TRANSFER_KEYS = ("node", "from_mode", "to_mode", "kind", "time_h", "cost", "capacity", "both_ways")
_SERVICE_KEYS = (
    "name",
    "kind",
    "mode",
    "calls",
    "distance_km",
    "duration_h",
    "speed_kmh",
    "headway_h",
    "sailings_per_week",
    "tariff",
    "operator",
    "capacity",
)
_ADD_KEYS = {
    "node": _NODE_KEYS,
    "link": _LINK_KEYS,
    "transfer": _TRANSFER_KEYS,
    "service": _SERVICE_KEYS,
}
_ADD_REQUIRED = {
    "node": ("id", "name", "kind", "country", "lon", "lat"),
    "link": ("id", "from", "to", "mode", "distance_km"),
    "transfer": ("node", "from_mode", "to_mode", "kind", "time_h"),
    "service": ("name", "mode", "calls", "distance_km"),
}


class _Reader:
    """Collects problems while reading the TOML document of one scenario."""

    def __init__(self, file: str, index: LineIndex) -> None:
        self.file = file
        self.index = index
        self.problems: list[ScenarioProblem] = []
        self.sources: dict[str, str] = {}

    def where(self, path: KeyPath) -> Where:
        return Where(
            self.file, self.index.line(path), format_key(path), self.index.keys_under(path)
        )

    def fail(self, path: KeyPath, message: str, fix: str) -> None:
        self.problems.append(
            ScenarioProblem(self.file, self.index.line(path), format_key(path), message, fix)
        )

    def keys(self, table: Mapping[str, Any], path: KeyPath, allowed: tuple[str, ...]) -> None:
        for key in table:
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f"did you mean {close[0]!r}?" if close else "remove it"
                self.fail((*path, key), "unknown key", f"{hint} (allowed: {', '.join(allowed)})")

    def table(self, value: object, path: KeyPath) -> Mapping[str, Any] | None:
        if isinstance(value, Mapping):
            return value
        self.fail(path, f"must be a table, got {_kind(value)}", f"write it as [{format_key(path)}]")
        return None

    def tables(self, value: object, path: KeyPath) -> list[Mapping[str, Any]]:
        items = [value] if isinstance(value, Mapping) else value
        if not isinstance(items, list):
            self.fail(
                path,
                f"must be an array of tables, got {_kind(value)}",
                f"write each entry as [[{format_key(path)}]]",
            )
            return []
        out: list[Mapping[str, Any]] = []
        for i, item in enumerate(items):
            if isinstance(item, Mapping):
                out.append(item)
            else:
                self.fail(
                    (*path, i),
                    f"must be a table, got {_kind(item)}",
                    f"write each entry as [[{format_key(path)}]]",
                )
                out.append({})
        return out

    def string(
        self, table: Mapping[str, Any], path: KeyPath, key: str, *, required: bool = False
    ) -> str | None:
        if key not in table:
            if required:
                self.fail((*path, key), "is missing", f'add {key} = "..."')
            return None
        value = table[key]
        if not isinstance(value, str) or not value.strip():
            self.fail((*path, key), f"must be a non-empty string, got {_kind(value)}", "quote it")
            return None
        return value.strip()

    def strings(self, table: Mapping[str, Any], path: KeyPath, *keys: str) -> tuple[str, ...]:
        """Strings under any of ``keys`` (a string or a list of strings each)."""
        out: list[str] = []
        for key in keys:
            if key not in table:
                continue
            value = table[key]
            items = [value] if isinstance(value, str) else value
            if not isinstance(items, list) or not all(
                isinstance(v, str) and v.strip() for v in items
            ):
                self.fail(
                    (*path, key),
                    f"must be a string or a list of non-empty strings, got {_kind(value)}",
                    f'write {key} = ["..."]',
                )
                continue
            out.extend(v.strip() for v in items)
        return tuple(out)

    def number(
        self,
        table: Mapping[str, Any],
        path: KeyPath,
        key: str,
        *,
        low: float,
        high: float,
        strict_low: bool = False,
    ) -> float | None:
        if key not in table:
            return None
        value = table[key]
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail((*path, key), f"must be a number, got {_kind(value)}", "write a number")
            return None
        number = float(value) if abs(value) < _HUGE else math.inf
        too_low = number <= low if strict_low else number < low
        if not math.isfinite(number) or too_low or number > high:
            side = "more than" if strict_low else "at least"
            self.fail(
                (*path, key),
                f"{value!r} is impossible",
                f"use a finite number {side} {_num(low)} and at most {_num(high)}",
            )
            return None
        return number

    def boolean(self, table: Mapping[str, Any], path: KeyPath, key: str) -> bool:
        value = table.get(key, False)
        if not isinstance(value, bool):
            self.fail((*path, key), f"must be true or false, got {_kind(value)}", "write true")
            return False
        return value

    def provenance(
        self, table: Mapping[str, Any], path: KeyPath, *, numeric: bool
    ) -> tuple[str | None, bool, str | None]:
        source = self.string(table, path, "source")
        estimate = self.boolean(table, path, "estimate")
        note = self.string(table, path, "note")
        if source is not None and source not in self.sources:
            close = difflib.get_close_matches(source, list(self.sources), n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            self.fail(
                (*path, "source"),
                f"source {source!r} is not listed in [sources]",
                f'{hint}add {source} = "<citation>" under [sources]',
            )
        if numeric and source is None and not estimate and "source" not in table:
            self.fail(
                path,
                "a numeric edit needs a source",
                'add source = "<id from [sources]>" or estimate = true',
            )
        return source, estimate, note

    def one_of(self, table: Mapping[str, Any], path: KeyPath, *keys: str) -> None:
        given = [k for k in keys if k in table]
        if len(given) != 1:
            what = "both " + " and ".join(given) if given else "none of them"
            self.fail(path, f"give exactly one of {', '.join(keys)} ({what})", "keep one")


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return f"the string {value!r:.40}"
    return f"{type(value).__name__} {value!r:.40}"


def _num(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:g}"


def _close(r: _Reader, t: Mapping[str, Any], path: KeyPath, *, reopen: bool) -> list[Edit]:
    r.keys(t, path, (*CLOSE_TARGETS, "source", "note"))
    source, _, note = r.provenance(
        {k: v for k, v in t.items() if k != "estimate"}, path, numeric=False
    )
    out: list[Edit] = []
    for target in CLOSE_TARGETS:
        ids = r.strings(t, path, target)
        if not ids:
            continue
        for item in ids:
            if target == "countries" and not _COUNTRY.match(item):
                r.fail((*path, target), f"{item!r} is not an ISO country code", "write e.g. RU")
            if target == "frontiers" and not _FRONTIER.match(item):
                r.fail((*path, target), f"{item!r} is not a frontier", 'write "CN-KZ"')
        out.append(CloseEdit(target, ids, reopen, source, note, r.where(path)))
    if not out and not any(k in t for k in CLOSE_TARGETS):
        r.fail(path, "names nothing", f"add one of {', '.join(CLOSE_TARGETS)}")
    return out


def _capacity(r: _Reader, t: Mapping[str, Any], path: KeyPath) -> Edit | None:
    allowed = ("link", "links", "node", "nodes", "transfer", "value", "unit", "factor", *_PROV)
    r.keys(t, path, allowed)
    links = r.strings(t, path, "link", "links")
    nodes = r.strings(t, path, "node", "nodes")
    if not links and not nodes:
        r.fail(path, "names no link or node", 'add links = ["..."] or nodes = ["..."]')
    transfer: tuple[str, str] | None = None
    spec = r.string(t, path, "transfer")
    if spec is not None:
        pair = tuple(p.strip() for p in spec.split(">"))
        if len(pair) != 2 or not all(p in MODES for p in pair):  # noqa: PLR2004
            r.fail((*path, "transfer"), f"{spec!r} is not FROM>TO modes", 'write "rail_1520>ferry"')
        else:
            transfer = (pair[0], pair[1])
        if not nodes:
            r.fail((*path, "transfer"), "applies to transfers at nodes", "add nodes = [...]")
    r.one_of(t, path, "value", "factor")
    value = r.number(t, path, "value", low=0.0, high=1e12, strict_low=True)
    factor = r.number(t, path, "factor", low=0.0, high=1e6, strict_low=True)
    unit: CapacityUnit | None = None
    if "value" in t:
        raw = r.string(t, path, "unit", required=True)
        if raw is not None and raw not in CAPACITY_UNITS:
            r.fail((*path, "unit"), f"unknown unit {raw!r}", f"use {', '.join(CAPACITY_UNITS)}")
        elif raw is not None:
            unit = raw
    elif "unit" in t:
        r.fail((*path, "unit"), "goes with value", "drop unit or give value instead of factor")
    source, estimate, note = r.provenance(t, path, numeric=True)
    return CapacityEdit(
        links, nodes, transfer, value, unit, factor, source, estimate, note, r.where(path)
    )


def _speed(r: _Reader, t: Mapping[str, Any], path: KeyPath) -> Edit | None:
    r.keys(t, path, ("link", "links", "speed_kmh", "factor", *_PROV))
    links = r.strings(t, path, "link", "links")
    if not links:
        r.fail(path, "names no link", 'add links = ["..."]')
    r.one_of(t, path, "speed_kmh", "factor")
    speed = r.number(t, path, "speed_kmh", low=0.1, high=1000.0)
    factor = r.number(t, path, "factor", low=0.01, high=100.0)
    source, estimate, note = r.provenance(t, path, numeric=True)
    return SpeedEdit(links, speed, factor, source, estimate, note, r.where(path))


def _tariff(r: _Reader, t: Mapping[str, Any], path: KeyPath) -> Edit | None:
    allowed = ("link", "links", "service", "services", "fixed", "per_km", "currency", "unit")
    r.keys(t, path, (*allowed, "factor", *_PROV))
    links = r.strings(t, path, "link", "links")
    services = r.strings(t, path, "service", "services")
    if not links and not services:
        r.fail(path, "names no link or service", 'add links = ["..."] or services = ["..."]')
    setting = any(k in t for k in ("fixed", "per_km"))
    if setting == ("factor" in t):
        r.fail(path, "give either factor or fixed/per_km (with currency)", "keep one of them")
    fixed = r.number(t, path, "fixed", low=0.0, high=1e9)
    per_km = r.number(t, path, "per_km", low=0.0, high=1e6)
    factor = r.number(t, path, "factor", low=0.0, high=1e3, strict_low=True)
    currency = r.string(t, path, "currency", required=setting)
    if currency is not None and not _CURRENCY.match(currency):
        r.fail((*path, "currency"), f"{currency!r} is not an ISO 4217 code", "write e.g. USD")
        currency = None
    unit: TariffUnit | None = None
    raw_unit = r.string(t, path, "unit")
    if raw_unit is not None and raw_unit not in TARIFF_UNITS:
        r.fail((*path, "unit"), f"unknown unit {raw_unit!r}", f"use {', '.join(TARIFF_UNITS)}")
    elif raw_unit is not None:
        unit = raw_unit
    source, estimate, note = r.provenance(t, path, numeric=True)
    return TariffEdit(
        links,
        services,
        fixed,
        per_km,
        currency,
        unit,
        factor,
        source,
        estimate,
        note,
        r.where(path),
    )


def _border_regime(r: _Reader, t: Mapping[str, Any], path: KeyPath) -> Edit | None:
    r.keys(t, path, ("regime", "node", "nodes", "country", "countries", "all", "source", "note"))
    raw = r.string(t, path, "regime", required=True)
    regime: RegimeName | None = None
    if raw is not None and raw not in REGIMES:
        r.fail((*path, "regime"), f"unknown regime {raw!r}", f"use {' or '.join(REGIMES)}")
    elif raw is not None:
        regime = raw
    nodes = r.strings(t, path, "node", "nodes")
    countries = r.strings(t, path, "country", "countries")
    every = r.boolean(t, path, "all")
    if every == bool(nodes or countries):
        r.fail(path, "give all = true, or nodes and/or countries", "say which borders")
    for c in countries:
        if not _COUNTRY.match(c):
            r.fail((*path, "countries"), f"{c!r} is not an ISO country code", "write e.g. KZ")
    source, _, note = r.provenance(t, path, numeric=False)
    if regime is None:
        return None
    return BorderRegimeEdit(regime, nodes, countries, source, note, r.where(path))


def _headway(r: _Reader, t: Mapping[str, Any], path: KeyPath) -> Edit | None:
    r.keys(t, path, ("service", "services", "headway_h", "sailings_per_week", "factor", *_PROV))
    services = r.strings(t, path, "service", "services")
    if not services:
        r.fail(path, "names no service", 'add services = ["..."]')
    r.one_of(t, path, "headway_h", "sailings_per_week", "factor")
    headway = r.number(t, path, "headway_h", low=0.0, high=8760.0, strict_low=True)
    # at least one sailing a year, at most one a minute
    sailings = r.number(t, path, "sailings_per_week", low=_MIN_SAILINGS, high=10080.0)
    factor = r.number(t, path, "factor", low=1e-3, high=1e3)
    source, estimate, note = r.provenance(t, path, numeric=True)
    return HeadwayEdit(services, headway, sailings, factor, source, estimate, note, r.where(path))


def _regimes(r: _Reader, t: Mapping[str, Any], path: KeyPath) -> Edit | None:
    r.keys(t, path, ("sea_rates", "sea_rates_date", "rail_operations", "source", "note"))
    sea = r.string(t, path, "sea_rates")
    date = r.string(t, path, "sea_rates_date")
    if sea is not None and date is not None:
        r.fail(path, "give sea_rates or sea_rates_date, not both", "keep one")
    if date is not None and not _DATE.match(date):
        r.fail((*path, "sea_rates_date"), f"{date!r} is not a date", "write YYYY-MM-DD")
    rail = r.string(t, path, "rail_operations")
    source, _, note = r.provenance(t, path, numeric=False)
    return RegimeEdit(sea, date, rail, source, note, r.where(path))


def _fx(r: _Reader, t: Mapping[str, Any], path: KeyPath) -> Edit | None:
    r.keys(t, path, ("rates", "date", *_PROV))
    rates: dict[str, float] = {}
    table = r.table(t.get("rates", {}), (*path, "rates"))
    for code in table or {}:
        if not _CURRENCY.match(code):
            r.fail((*path, "rates", code), f"{code!r} is not an ISO 4217 code", "write e.g. EUR")
            continue
        value = r.number(table or {}, (*path, "rates"), code, low=0.0, high=1e9, strict_low=True)
        if value is not None:
            rates[code] = value
    if not table:
        r.fail((*path, "rates"), "no rates given", "add rates = { EUR = 0.92 }")
    date = r.string(t, path, "date")
    if date is not None and not _DATE.match(date):
        r.fail((*path, "date"), f"{date!r} is not a date", "write YYYY-MM-DD")
    source, estimate, note = r.provenance(t, path, numeric=True)
    return FxEdit(rates, date, source, estimate, note, r.where(path))


def _value_of_time(r: _Reader, t: Mapping[str, Any], path: KeyPath) -> Edit | None:
    r.keys(t, path, ("cargo", "usd_per_day", *_PROV))
    cargo = r.string(t, path, "cargo", required=True)
    if "usd_per_day" not in t:
        r.fail((*path, "usd_per_day"), "is missing", "add usd_per_day = <number>")
    value = r.number(t, path, "usd_per_day", low=0.0, high=1e7)
    source, estimate, note = r.provenance(t, path, numeric=True)
    if cargo is None or value is None:
        return None
    return ValueOfTimeEdit(cargo, value, source, estimate, note, r.where(path))


def _demand(r: _Reader, t: Mapping[str, Any], path: KeyPath) -> DemandGrowth | None:
    allowed = (
        "origin",
        "destination",
        "corridor",
        "factor",
        "annual_rate",
        "years",
        "from_year",
        *_PROV,
    )
    r.keys(t, path, allowed)
    origin = r.string(t, path, "origin")
    destination = r.string(t, path, "destination")
    corridor = r.string(t, path, "corridor")
    if (origin is None) != (destination is None):
        r.fail(path, "an OD pair needs both origin and destination", "add the missing one")
    if corridor is not None and corridor not in _CORRIDORS:
        r.fail(
            (*path, "corridor"), f"unknown corridor {corridor!r}", f"use {', '.join(_CORRIDORS)}"
        )
    factor = r.number(t, path, "factor", low=0.0, high=1e3)
    rate = r.number(t, path, "annual_rate", low=-0.99, high=10.0)
    years = r.number(t, path, "years", low=0.0, high=200.0)
    first = r.number(t, path, "from_year", low=1900.0, high=2200.0)
    if first is not None and not first.is_integer():
        r.fail((*path, "from_year"), f"{first!r} is not a whole year", "write e.g. 2024")
    if "from_year" in t and "annual_rate" not in t:
        r.fail((*path, "from_year"), "goes with annual_rate", "add annual_rate and years")
    if factor is None and "factor" not in t:
        if rate is not None and years is not None:
            factor = (1.0 + rate) ** years
        elif "annual_rate" not in t and "years" not in t:
            r.fail(path, "no growth given", "add factor = <x>, or annual_rate and years")
        elif rate is None or years is None:
            missing = "years" if "years" not in t else "annual_rate"
            if missing not in t:
                r.fail((*path, missing), "is missing", f"add {missing}")
    elif "annual_rate" in t or "years" in t:
        r.fail(path, "give factor, or annual_rate with years, not both", "keep one")
    source, estimate, note = r.provenance(t, path, numeric=True)
    if factor is None or (corridor is None and origin is None):
        if corridor is None and origin is None:
            r.fail(
                path, "says no OD pair or corridor", 'add corridor = "middle" or origin/destination'
            )
        return None
    return DemandGrowth(
        factor,
        origin,
        destination,
        corridor,
        source,
        estimate,
        note,
        r.where(path),
        annual_rate=rate,
        from_year=None if first is None else int(first),
    )


def _add(r: _Reader, t: Mapping[str, Any], path: KeyPath) -> list[Edit]:
    r.keys(t, path, _ADD_KINDS)
    out: list[Edit] = []
    for kind in _ADD_KINDS:
        if kind not in t:
            continue
        for i, item in enumerate(r.tables(t[kind], (*path, kind))):
            p = (*path, kind, i)
            r.keys(item, p, (*_ADD_KEYS[kind], *_PROV))
            for key in _ADD_REQUIRED[kind]:
                if key not in item:
                    r.fail((*p, key), "is missing", f"add {key}")
            source, estimate, note = r.provenance(item, p, numeric=True)
            props = {k: v for k, v in item.items() if k not in _PROV}
            out.append(AddFeature(cast("Any", kind), props, source, estimate, note, r.where(p)))
    return out


_ARRAYS: dict[str, Callable[[_Reader, Mapping[str, Any], KeyPath], Edit | None]] = {
    "capacity": _capacity,
    "speed": _speed,
    "tariff": _tariff,
    "border_regime": _border_regime,
    "headway": _headway,
    "value_of_time": _value_of_time,
}


def parse_scenario(
    text: str, *, source: str = "<memory>", base_dir: str | PathLike[str] | None = None
) -> Scenario:
    """Read a scenario from TOML text, checking every key and value.

    Ids (nodes, links, services, countries) are checked against a network when the
    scenario is applied (:func:`corridor.scenarios.apply_scenario`); when the text has
    problems, the :class:`ScenarioError` carries the edits read (``partial``) so that
    their ids are checked too.

    Parameters
    ----------
    text
        The TOML document.
    source
        Name of the file, for messages.
    base_dir
        Directory against which a ``base`` path is resolved (``None``: the current one).

    Returns
    -------
    Scenario
        The scenario.

    Raises
    ------
    ScenarioError
        Listing every problem (unknown keys, missing or impossible values, sources not
        listed), each with its line, key path and fix.
    """
    index = LineIndex(text)
    r = _Reader(source, index)
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        line = int(found.group(1)) if found else 0
        message = re.sub(r"\s*\(at .*\)$", "", str(exc)) or "invalid TOML"
        problem = ScenarioProblem(
            source, line, "", f"not valid TOML: {message}", "see docs/scenarios.md"
        )
        raise ScenarioError([problem]) from None
    except (RecursionError, ValueError) as exc:  # deeply nested or absurd documents
        problem = ScenarioProblem(source, 0, "", f"cannot be read: {exc}", "simplify the file")
        raise ScenarioError([problem]) from None
    r.keys(doc, (), _TOP)
    name = r.string(doc, (), "name", required=True)
    if name is not None and not _NAME.match(name):
        r.fail(
            ("name",), f"{name!r} is not a scenario name", "use lower-case letters, digits, - and _"
        )
    description = r.string(doc, (), "description", required=True)
    base = r.string(doc, (), "base")
    sources_table = r.table(doc.get("sources", {}), ("sources",)) or {}
    for key, value in sources_table.items():
        if isinstance(value, str) and value.strip():
            r.sources[key] = value.strip()
        else:
            r.fail(("sources", key), "must be a citation string", 'write id = "Author (year), URL"')
    edits: list[Edit] = []
    for key in ("add",):
        if key in doc:
            table = r.table(doc[key], (key,))
            if table is not None:
                edits.extend(_add(r, table, (key,)))
    for key in ("regimes", "fx"):
        if key in doc:
            table = r.table(doc[key], (key,))
            if table is not None:
                made = (_regimes if key == "regimes" else _fx)(r, table, (key,))
                if made is not None:
                    edits.append(made)
    for key, reader in _ARRAYS.items():
        if key in doc:
            for i, t in enumerate(r.tables(doc[key], (key,))):
                made = reader(r, t, (key, i))
                if made is not None:
                    edits.append(made)
    for key in ("close", "reopen"):
        if key in doc:
            for i, t in enumerate(r.tables(doc[key], (key,))):
                edits.extend(_close(r, t, (key, i), reopen=key == "reopen"))
    carbon: float | None = None
    carbon_source: str | None = None
    if "carbon" in doc:
        table = r.table(doc["carbon"], ("carbon",))
        if table is not None:
            r.keys(table, ("carbon",), ("usd_per_t", *_PROV))
            if "usd_per_t" not in table:
                r.fail(("carbon", "usd_per_t"), "is missing", "add usd_per_t = <number>")
            carbon = r.number(table, ("carbon",), "usd_per_t", low=0.0, high=1e5)
            carbon_source = r.provenance(table, ("carbon",), numeric=True)[0]
    growth: list[DemandGrowth] = []
    if "demand_growth" in doc:
        for i, t in enumerate(r.tables(doc["demand_growth"], ("demand_growth",))):
            made_growth = _demand(r, t, ("demand_growth", i))
            if made_growth is not None:
                growth.append(made_growth)
    if r.problems:
        # the edits read so far go along, so that their ids can be checked as well
        partial = Scenario(
            name=name or "",
            description=description or "",
            edits=tuple(edits),
            sources=r.sources,
            base=_resolve_base(base, base_dir),
            path=source,
        )
        raise ScenarioError(r.problems, partial=partial)
    return Scenario(
        name=name or "",
        description=description or "",
        edits=tuple(edits),
        sources=r.sources,
        base=_resolve_base(base, base_dir),
        carbon_usd_per_t=carbon,
        carbon_source=carbon_source,
        demand_growth=tuple(growth),
        path=source,
    )


def _resolve_base(base: str | None, base_dir: str | PathLike[str] | None) -> str | None:
    if base is None or not base.endswith(".toml") or base_dir is None:
        return base
    p = Path(base)
    return str(p if p.is_absolute() else Path(base_dir) / p)


def read_scenario(path: str | PathLike[str]) -> Scenario:
    """Read a scenario file.

    Parameters
    ----------
    path
        A ``.toml`` scenario file.

    Returns
    -------
    Scenario
        The scenario (a ``base`` path is resolved against the file's directory).

    Raises
    ------
    ScenarioError
        If the file cannot be read, is not UTF-8 TOML, or has any problem (all listed).
    """
    p = Path(path)
    where = str(p)
    try:
        if not p.is_file():
            reason = "is a directory" if p.is_dir() else "does not exist"
            raise ScenarioError(
                [ScenarioProblem(where, 0, "", f"the file {reason}", "give a scenario .toml file")]
            )
        with p.open("rb") as fh:
            data = fh.read(MAX_SCENARIO_BYTES + 1)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ScenarioError(
            [ScenarioProblem(where, 0, "", f"cannot be read: {reason}", "check the path")]
        ) from None
    if len(data) > MAX_SCENARIO_BYTES:
        raise ScenarioError(
            [ScenarioProblem(where, 0, "", "is larger than 4 MiB", "a scenario is a short file")]
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScenarioError(
            [ScenarioProblem(where, 0, "", f"is not UTF-8 text ({exc.reason})", "save as UTF-8")]
        ) from None
    return parse_scenario(text, source=where, base_dir=p.parent)


# the Literal vocabularies the parser checks against, for the JSON Schema test
_VOCABULARY = {"capacity_units": get_args(CapacityUnit), "regimes": REGIMES}
