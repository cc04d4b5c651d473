"""Compare the model with published figures and write ``docs/validation.md``.

Every row of ``tools/validation/figures.csv`` is a published figure (a transit time, a
distance, a rate, a CO2 example, a reliability statistic or a dwell) with its source, the
query that reproduces it in the model and an accepted band. This script runs each query
through the public library API (:func:`corridor.route`, :func:`corridor.compare`,
:func:`corridor.simulate_route`), compares the model value with the band and writes the
report: one table per category, the hit rate of the figures held apart from calibration,
the misses and what the model cannot compute yet.

The figure → query mapping is data. ``date`` (sea-rate regimes) and ``regime`` (rail
operating regimes) are passed through to the query when the API accepts them; when it does
not, a figure that needs them is reported as *not modelled* rather than dropped, and is
picked up automatically once the API gains the option.

Usage::

    .venv/bin/python tools/validation_report.py             # rewrites docs/validation.md
    .venv/bin/python tools/validation_report.py --out x.md  # writes elsewhere
    .venv/bin/python tools/validation_report.py --check     # exit 1 if docs/validation.md is stale

The Monte Carlo runs are seeded, so the report is deterministic for a given network.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import datetime as dt
import importlib
import math
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol, TypeAlias

import numpy as np
import numpy.typing as npt

import corridor
from corridor import Network
from corridor.routing.result import Route

__all__ = [
    "CATEGORIES",
    "COLUMNS",
    "FIGURES",
    "METRICS",
    "REPORT",
    "Figure",
    "FigureFileError",
    "Outcome",
    "evaluate",
    "main",
    "read_figures",
    "render",
]

ROOT = Path(__file__).resolve().parents[1]
FIGURES = ROOT / "tools" / "validation" / "figures.csv"
REPORT = ROOT / "docs" / "validation.md"

SAMPLES = 20_000
"""Monte Carlo samples per simulated route (percentiles good to ~0.1 day)."""
SEED = 20_240_601
"""Seed of every Monte Carlo run: the report is deterministic."""
HIT_RATE_GOAL = 0.85
"""Share of held-apart figures that should fall within their band (issue 8)."""
ON_TIME_WINDOW_H = 24.0
"""Sea-Intelligence: a vessel is on time when it arrives within one day of schedule."""

CATEGORIES = ("transit_time", "distance", "rate", "co2", "reliability", "dwell")
CATEGORY_TITLES = {
    "transit_time": "Transit times",
    "distance": "Distances",
    "rate": "Rates",
    "co2": "CO2",
    "reliability": "Reliability",
    "dwell": "Dwell at borders and ports",
}
USES = ("calibration", "holdout", "withdrawn")
CONFIDENCES = ("P", "S", "T", "D")
DIRECTIONS = ("westbound", "eastbound", "both")
QUERIES = ("route", "compare")
FAMILIES = (
    "northern",
    "middle_black_sea",
    "middle_turkiye",
    "middle",
    "southern",
    "sea_suez",
    "sea_cape",
    "central_asia",
)

# base metric -> (unit shown in the report, decimals)
BASE_METRICS: dict[str, tuple[str, int]] = {
    "mean_days": ("d", 1),
    "p50_days": ("d", 1),
    "p90_days": ("d", 1),
    "trip_days": ("d", 1),
    "km": ("km", 0),
    "usd_per_feu": ("USD", 0),
    "usd_per_feu_linehaul": ("USD", 0),
    "kg_co2_per_feu": ("kg", 0),
    "kg_co2_per_teu": ("kg", 0),
    "g_co2_per_tkm": ("g/tkm", 1),
    "running_h": ("h", 1),
    "voyage_days": ("d", 1),
    "dwell_h": ("h", 1),
    "share_on_time": ("%", 1),
    "late_days_mean": ("d", 2),
}
_COMBINABLE = (
    "mean_days",
    "p50_days",
    "p90_days",
    "km",
    "usd_per_feu",
    "usd_per_feu_linehaul",
    "kg_co2_per_feu",
    "kg_co2_per_teu",
)
METRICS: tuple[str, ...] = (
    *BASE_METRICS,
    *(f"{m}_ratio" for m in _COMBINABLE),
    *(f"{m}_diff" for m in _COMBINABLE),
)

# options column: key -> kind; passed through to corridor.route / corridor.compare
_OPTION_KINDS: dict[str, str] = {
    "optimize": "str",
    "cargo": "str",
    "avoid_countries": "list",
    "close": "list",
    "modes": "list",
    "via": "list",
    "max_transshipments": "int",
    "month": "int",
    "value_of_time_usd_per_day": "float",
    "carbon_usd_per_t": "float",
}
# API keyword names tried, in order, for the two regime selectors (contract, issue 8)
DATE_KEYWORDS = ("date", "as_of")
RAIL_REGIME_KEYWORDS = ("operations", "rail_operations", "rail_regime", "regime")
# what the model computes when a regime cannot be selected (docs/calibration.md)
DEFAULT_REGIMES = {"rail": "scheduled", "sea": "pre_crisis_2023"}
_REGIME_RE = re.compile(r"^(rail|sea):[a-z0-9_]+$")
_PROBE = ("Xi'an", "Duisburg")

Status: TypeAlias = Literal["within", "outside", "no route", "not modelled"]
OptionValue: TypeAlias = str | int | float | list[str]
FloatArray: TypeAlias = npt.NDArray[np.float64]


class FigureFileError(ValueError):
    """The figures file has problems; every one is listed (row, column, what to fix)."""


@dataclass(frozen=True)
class Figure:
    """One published figure and the query that reproduces it in the model.

    The columns of ``tools/validation/figures.csv``; see the method section of the report.
    """

    id: str
    use: str
    category: str
    metric: str
    origin: str
    destination: str
    family: str
    direction: str
    period: str
    date: str
    regime: str
    query: str
    options: Mapping[str, OptionValue]
    at: tuple[str, ...]
    ref_origin: str
    ref_destination: str
    ref_family: str
    ref_options: Mapping[str, OptionValue]
    published_low: float
    published_high: float
    tolerance: float
    band_low: float
    band_high: float
    confidence: str
    source: str
    source_date: str
    note: str
    why_outside: str = ""
    row: int = 0

    @property
    def base_metric(self) -> str:
        """The metric without a ``_ratio`` / ``_diff`` suffix."""
        return re.sub(r"_(ratio|diff)$", "", self.metric)

    @property
    def combination(self) -> Literal["ratio", "diff"] | None:
        """How the figure combines its query with the reference query, if it does."""
        if self.metric.endswith("_ratio"):
            return "ratio"
        if self.metric.endswith("_diff"):
            return "diff"
        return None


@dataclass(frozen=True)
class Outcome:
    """The model's answer to one figure.

    Attributes
    ----------
    figure
        The figure.
    status
        ``within`` / ``outside`` the band, ``no route`` (the model has the places and
        options but no route or corridor option; counts as a miss) or ``not modelled``
        (a place, option or regime the model does not have yet).
    value
        The model value (``None`` unless computed).
    interval
        For ``trip_days``: the model's P5-P95 days.
    reason
        Why, for anything but ``within``.
    label
        The model's corridor label of the route.
    regimes
        Regimes the model applied (``{"sea_rates": id, "rail_operations": id}``).
    indicative
        For a figure whose regime cannot be selected: the model's answer on its default
        regime, for information (not counted).
    """

    figure: Figure
    status: Status
    value: float | None = None
    interval: tuple[float, float] | None = None
    reason: str = ""
    label: str = ""
    regimes: Mapping[str, str | None] = field(default_factory=dict)
    indicative: str = ""

    @property
    def miss_size(self) -> float:
        """Relative distance from the band (0 inside; large for no route)."""
        lo, hi = self.figure.band_low, self.figure.band_high
        if self.interval is not None:
            a, b = self.interval
            gap = max(lo - b, a - hi, 0.0)
        elif self.value is not None:
            gap = max(lo - self.value, self.value - hi, 0.0)
        else:
            return math.inf
        scale = max(abs(lo), abs(hi), 1e-9)
        return gap / scale


class _NotModelledError(Exception):
    """A figure the model cannot compute yet (message = why)."""


class _NoRouteError(Exception):
    """A figure the model has everything for but answers with no route (message = why)."""


# ----------------------------------------------------------------------------- the file


def _parse_options(text: str, where: str, problems: list[str]) -> dict[str, OptionValue]:
    out: dict[str, OptionValue] = {}
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        key, sep, raw = part.partition("=")
        key, raw = key.strip(), raw.strip()
        kind = _OPTION_KINDS.get(key)
        if not sep or kind is None:
            known = ", ".join(_OPTION_KINDS)
            problems.append(f"{where}: {part!r} is not key=value with a known key ({known})")
            continue
        try:
            if kind == "list":
                out[key] = [v.strip() for v in raw.split(",") if v.strip()]
            elif kind == "int":
                out[key] = int(raw)
            elif kind == "float":
                out[key] = float(raw)
            else:
                out[key] = raw
        except ValueError:
            problems.append(f"{where}: {key}={raw!r} is not a {kind}")
    return out


def _number(text: str, where: str, problems: list[str], *, default: float | None = None) -> float:
    if not text.strip():
        if default is not None:
            return default
        problems.append(f"{where}: empty; give a number")
        return math.nan
    try:
        value = float(text)
    except ValueError:
        problems.append(f"{where}: {text!r} is not a number")
        return math.nan
    if not math.isfinite(value):
        problems.append(f"{where}: {text!r} is not finite")
    return value


def _choice(value: str, allowed: Iterable[str], where: str, problems: list[str]) -> None:
    options = tuple(allowed)
    if value not in options:
        problems.append(f"{where}: {value!r} unknown; use one of {', '.join(options)}")


def _parse_row(row: Mapping[str, str], line: int, label: str, problems: list[str]) -> Figure:
    def col(name: str) -> str:
        return (row.get(name) or "").strip()

    def where(name: str) -> str:
        return f"{label} row {line}, column {name}"

    fid = col("id")
    if not fid:
        problems.append(f"{where('id')}: empty; give a unique id")
    _choice(col("use"), USES, where("use"), problems)
    _choice(col("category"), CATEGORIES, where("category"), problems)
    _choice(col("metric"), METRICS, where("metric"), problems)
    _choice(col("query"), QUERIES, where("query"), problems)
    _choice(col("direction"), DIRECTIONS, where("direction"), problems)
    _choice(col("confidence"), CONFIDENCES, where("confidence"), problems)
    for name in ("family", "ref_family"):
        if col(name):
            _choice(col(name), FAMILIES, where(name), problems)
    if col("query") == "compare" and not col("family"):
        problems.append(f"{where('family')}: a compare query needs the family to pick")
    problems.extend(
        f"{where(name)}: empty; give the {name}"
        for name in ("origin", "destination", "source")
        if not col(name)
    )
    if col("date"):
        try:
            dt.date.fromisoformat(col("date"))
        except ValueError:
            problems.append(f"{where('date')}: {col('date')!r} is not an ISO date (YYYY-MM-DD)")
    if col("regime") and not _REGIME_RE.match(col("regime")):
        problems.append(f"{where('regime')}: {col('regime')!r}: use rail:<id> or sea:<id>")
    if col("regime").startswith("sea:") and not col("date"):
        problems.append(f"{where('date')}: a sea-rate regime needs the date that selects it")
    low = _number(col("published_low"), where("published_low"), problems)
    high = _number(col("published_high"), where("published_high"), problems)
    tol = _number(col("tolerance"), where("tolerance"), problems, default=0.0)
    if low > high:
        problems.append(f"{where('published_low')}: {low} > published_high {high}; swap them")
    if not 0.0 <= tol < 1.0:
        problems.append(f"{where('tolerance')}: {tol} must be a fraction in [0, 1)")
    band_low = low * (1 - tol) if low >= 0 else low * (1 + tol)
    band_high = high * (1 + tol) if high >= 0 else high * (1 - tol)
    if col("band_low") or col("band_high"):
        band_low = _number(col("band_low"), where("band_low"), problems)
        band_high = _number(col("band_high"), where("band_high"), problems)
        if not band_low <= low <= high <= band_high:
            problems.append(
                f"{where('band_low')}: the band [{band_low}, {band_high}] must contain the "
                f"published range [{low}, {high}]"
            )
    metric = col("metric")
    combined = metric.endswith(("_ratio", "_diff"))
    has_ref = any(col(n) for n in ("ref_origin", "ref_destination", "ref_family", "ref_options"))
    if combined and not has_ref:
        problems.append(f"{where('ref_options')}: a {metric} figure needs a reference query")
    if has_ref and not combined:
        problems.append(f"{where('metric')}: reference columns are set; use a _ratio or _diff")
    if metric == "dwell_h" and not col("at"):
        problems.append(f"{where('at')}: a dwell_h figure needs the node ids (at)")
    if col("at") and metric not in ("dwell_h", "mean_days"):
        problems.append(f"{where('at')}: only dwell_h and mean_days figures use at")
    return Figure(
        id=fid,
        use=col("use"),
        category=col("category"),
        metric=metric,
        origin=col("origin"),
        destination=col("destination"),
        family=col("family"),
        direction=col("direction"),
        period=col("period"),
        date=col("date"),
        regime=col("regime"),
        query=col("query"),
        options=_parse_options(col("options"), where("options"), problems),
        at=tuple(a.strip() for a in col("at").split(",") if a.strip()),
        ref_origin=col("ref_origin"),
        ref_destination=col("ref_destination"),
        ref_family=col("ref_family"),
        ref_options=_parse_options(col("ref_options"), where("ref_options"), problems),
        published_low=low,
        published_high=high,
        tolerance=tol,
        band_low=band_low,
        band_high=band_high,
        confidence=col("confidence"),
        source=col("source"),
        source_date=col("source_date"),
        note=col("note"),
        why_outside=col("why_outside"),
        row=line,
    )


def read_figures(path: Path = FIGURES) -> list[Figure]:
    """Read and check the figures file.

    Raises
    ------
    FigureFileError
        Listing every problem (file, row, column and what to fix).
    """
    label = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
    problems: list[str] = []
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        missing = [
            c for c in COLUMNS if c not in (reader.fieldnames or ()) and c not in OPTIONAL_COLUMNS
        ]
        if missing:
            raise FigureFileError(f"{label}: missing columns {', '.join(missing)}")
        figures = [_parse_row(row, i, label, problems) for i, row in enumerate(reader, start=2)]
    seen = Counter(f.id for f in figures)
    problems.extend(f"{label}: id {i!r} appears {n} times" for i, n in seen.items() if n > 1)
    if problems:
        raise FigureFileError("\n".join(problems))
    return figures


COLUMNS = (
    "id",
    "use",
    "category",
    "metric",
    "origin",
    "destination",
    "family",
    "direction",
    "period",
    "date",
    "regime",
    "query",
    "options",
    "at",
    "ref_origin",
    "ref_destination",
    "ref_family",
    "ref_options",
    "published_low",
    "published_high",
    "tolerance",
    "band_low",
    "band_high",
    "confidence",
    "source",
    "source_date",
    "note",
    "why_outside",
)
OPTIONAL_COLUMNS = frozenset({"why_outside"})
"""Columns a figures file may leave out (``why_outside``: the known cause of a miss)."""


# ----------------------------------------------------------------------------- the model


class _Applied(Protocol):
    network: Network


_ApplyRegimes: TypeAlias = Callable[..., _Applied]


def _apply_regimes_function() -> _ApplyRegimes | None:
    """``apply_regimes`` where the library has one (public name first)."""
    found: object = getattr(corridor, "apply_regimes", None)
    if found is None:
        try:
            module = importlib.import_module("corridor.network.regimes")
        except ImportError:
            return None
        found = getattr(module, "apply_regimes", None)
    return found if callable(found) else None


def _unexpected_keyword(exc: TypeError, keyword: str) -> bool:
    return "unexpected keyword" in str(exc) and keyword in str(exc)


@dataclass
class _Model:
    """The network, what the API can do, and caches of the queries already run."""

    network: Network
    date_keyword: str | None = None
    rail_keyword: str | None = None
    direction_dwell: bool = False
    backhaul: bool = False
    sea_regimes: tuple[str, ...] = ()
    rail_regimes: tuple[str, ...] = ()
    apply_regimes: _ApplyRegimes | None = None
    _routes: dict[tuple[object, ...], Route | Exception] = field(default_factory=dict)
    _sims: dict[tuple[object, ...], tuple[float, float, float, float]] = field(default_factory=dict)

    @classmethod
    def probe(cls, network: Network) -> _Model:
        """Find which regime options the API accepts and what the network carries."""
        model = cls(network)
        model.date_keyword = next((k for k in DATE_KEYWORDS if model._accepts(k, None)), None)
        model.rail_keyword = next(
            (k for k in RAIL_REGIME_KEYWORDS if model._accepts(k, None)), None
        )
        regimes: Sequence[object] = getattr(network, "regimes", ())
        model.sea_regimes = tuple(
            str(getattr(g, "id", "")) for g in regimes if getattr(g, "kind", "") == "sea_rates"
        )
        model.rail_regimes = tuple(
            str(getattr(g, "id", ""))
            for g in regimes
            if getattr(g, "kind", "") == "rail_operations"
        )
        model.direction_dwell = any(
            bool(getattr(n.border, "dwell_h_by_direction", None))
            for n in network.nodes
            if n.border is not None
        )
        model.backhaul = any(
            getattr(link, "tariff_reverse", None) is not None for link in network.links
        )
        model.apply_regimes = _apply_regimes_function()
        return model

    def _accepts(self, keyword: str, value: object) -> bool:
        """Whether the routing request has the option ``keyword`` (and takes ``value``)."""
        known = {f.name for f in dataclasses.fields(corridor.RouteOptions)}
        if keyword not in known:
            return False
        try:
            corridor.RouteOptions.of(None, {keyword: value})
        except corridor.CorridorError:
            return True
        return True

    # -- regimes ------------------------------------------------------------------------

    def regime_kwargs(self, fig: Figure) -> dict[str, str]:
        """The regime keywords for ``fig``.

        Raises
        ------
        _NotModelledError
            When the figure's regime cannot be selected and is not the model's default.
        """
        if not fig.regime:
            return {}
        kind, _, rid = fig.regime.partition(":")
        if kind == "sea":
            if self.date_keyword is not None and self.sea_regimes:
                return {self.date_keyword: fig.date}
            if rid == DEFAULT_REGIMES["sea"] and not self.sea_regimes:
                return {}
            why = (
                "the network has no dated sea-rate regimes"
                if self.date_keyword is not None
                else "the API has no date option for sea-rate regimes"
            )
            raise _NotModelledError(f"sea-rate regime {rid}: {why}")
        if self.rail_keyword is not None and rid in self.rail_regimes:
            return {self.rail_keyword: rid}
        if rid == DEFAULT_REGIMES["rail"] and not self.rail_regimes:
            return {}
        why = (
            f"the network has no rail operating regime {rid!r}"
            f" (it has: {', '.join(self.rail_regimes) or 'none'})"
            if self.rail_keyword is not None
            else "the API has no option for rail operating regimes"
        )
        raise _NotModelledError(f"rail operating regime {rid}: {why}")

    def regime_network(self, kwargs: Mapping[str, str]) -> Network:
        """The network with the figure's regimes applied (for simulation and services)."""
        if not kwargs or self.apply_regimes is None:
            return self.network
        translated = {
            "date": kwargs.get(self.date_keyword or "", None),
            "operations": kwargs.get(self.rail_keyword or "", None),
        }
        try:
            return self.apply_regimes(self.network, **translated).network
        except (TypeError, corridor.CorridorError):
            return self.network

    # -- queries ------------------------------------------------------------------------

    def find(
        self,
        origin: str,
        destination: str,
        query: str,
        family: str,
        options: Mapping[str, OptionValue],
    ) -> Route:
        """The route of a query (cached).

        Raises
        ------
        _NotModelledError
            For a place not in the network or an option the API lacks.
        _NoRouteError
            When the model finds no route (or no option of the family).
        """
        key = (
            origin,
            destination,
            query,
            family,
            tuple(sorted((k, str(v)) for k, v in options.items())),
        )
        if key not in self._routes:
            try:
                self._routes[key] = self._run(origin, destination, query, family, options)
            except (_NotModelledError, _NoRouteError) as exc:
                self._routes[key] = exc
        found = self._routes[key]
        if isinstance(found, Exception):
            raise found
        return found

    def _run(
        self,
        origin: str,
        destination: str,
        query: str,
        family: str,
        options: Mapping[str, OptionValue],
    ) -> Route:
        kwargs: dict[str, Any] = dict(options)  # the library checks the option names
        try:
            if query == "route":
                return corridor.route(self.network, origin, destination, **kwargs)
            comparison = corridor.compare(self.network, origin, destination, **kwargs)
        except corridor.UnknownPlaceError as exc:
            if "is a chokepoint" in str(exc):
                msg = (
                    "a sea passage as an end point: routes start and end at places, so a "
                    "distance to a strait or canal needs a segment query the API lacks"
                )
                raise _NotModelledError(msg) from exc
            raise _NotModelledError(f"place not in the network: {_first_line(exc)}") from exc
        except corridor.NoRouteError as exc:
            raise _NoRouteError(_first_line(exc)) from exc
        except TypeError as exc:
            if "unexpected keyword" in str(exc):
                raise _NotModelledError(f"option not in the API: {exc}") from exc
            raise
        except corridor.CorridorError as exc:
            if any(k in kwargs for k in (self.date_keyword, self.rail_keyword) if k):
                raise _NotModelledError(_first_line(exc)) from exc
            raise _NoRouteError(_first_line(exc)) from exc
        chosen = comparison.option(family)  # shown or judged a detour: the model computed it
        if chosen is None:
            offered = ", ".join(r.corridor for r in comparison.options) or "none"
            raise _NoRouteError(f"compare offers no {family} option (offers: {offered})")
        return chosen

    def percentiles(
        self, route: Route, regimes: Mapping[str, str], qs: tuple[float, ...]
    ) -> tuple[float, ...]:
        """Seeded Monte Carlo percentiles (days) of ``route`` under the figure's regimes."""
        key = (
            route.origin.id,
            route.destination.id,
            route.link_ids,
            route.legs,
            tuple(regimes.items()),
        )
        if key not in self._sims:
            net = self.regime_network(regimes)
            sim = corridor.simulate_route(net, route, samples=SAMPLES, seed=SEED)
            self._sims[key] = tuple(sim.percentile_days(q) for q in (5.0, 50.0, 90.0, 95.0))  # type: ignore[assignment]
        p5, p50, p90, p95 = self._sims[key]
        table = {5.0: p5, 50.0: p50, 90.0: p90, 95.0: p95}
        return tuple(table[q] for q in qs)


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _cargo_options(fig: Figure, options: Mapping[str, OptionValue]) -> dict[str, OptionValue]:
    out = dict(options)
    if fig.base_metric == "kg_co2_per_teu":
        out["cargo"] = "TEU"
    return out


_NON_DWELL = frozenset({"move", "load", "unload", "call", "passage", "delay"})
_NOT_LINEHAUL = frozenset({"load", "unload", "transfer", "border"})
_VOYAGE = frozenset({"move", "call", "passage", "delay"})


def _service_delays(route: Route, network: Network) -> FloatArray:
    """Samples (hours) of the schedule delay of the route's main liner service."""
    by_service: dict[str, float] = {}
    delays: dict[str, object] = {}
    for leg in route.legs:
        if leg.kind != "move" or leg.link_id is None:
            continue
        service = network.link(leg.link_id).service
        delay = getattr(service, "schedule_delay_h", None) if service is not None else None
        if service is None or delay is None:
            continue
        by_service[service.name] = by_service.get(service.name, 0.0) + leg.distance_km
        delays[service.name] = delay
    if not by_service:
        raise _NotModelledError(
            "the route's sea services carry no schedule-delay distribution (sea legs are "
            "deterministic)"
        )
    main_service = max(sorted(by_service), key=lambda s: by_service[s])
    dist = delays[main_service]
    sample: Callable[[np.random.Generator, int], FloatArray] = getattr(dist, "sample")  # noqa: B009
    return np.asarray(sample(np.random.default_rng(SEED), SAMPLES), dtype=np.float64)


def _base_value(
    model: _Model,
    fig: Figure,
    route: Route,
    regimes: Mapping[str, str],
) -> tuple[float | None, tuple[float, float] | None]:
    metric = fig.base_metric
    if metric == "mean_days":
        skip = set(fig.at)
        hours = sum(
            leg.hours
            for leg in route.legs
            if not (leg.from_id in skip and leg.kind not in _NON_DWELL)
        )
        return hours / 24.0, None
    if metric in ("p50_days", "p90_days"):
        (value,) = model.percentiles(route, regimes, (50.0 if metric == "p50_days" else 90.0,))
        return value, None
    if metric == "trip_days":
        p5, p95 = model.percentiles(route, regimes, (5.0, 95.0))
        return None, (p5, p95)
    if metric == "km":
        return route.distance_km, None
    if metric == "usd_per_feu":
        return route.cost_usd, None
    if metric == "usd_per_feu_linehaul":
        return sum(leg.cost_usd for leg in route.legs if leg.kind not in _NOT_LINEHAUL), None
    if metric in ("kg_co2_per_feu", "kg_co2_per_teu"):
        return route.co2_kg, None
    if metric == "g_co2_per_tkm":
        tonnes = route.cargo.tonnes * route.distance_km
        return (route.co2_kg * 1000.0 / tonnes if tonnes > 0 else math.nan), None
    if metric == "running_h":
        return sum(leg.hours for leg in route.legs if leg.kind == "move"), None
    if metric == "voyage_days":
        return sum(leg.hours for leg in route.legs if leg.kind in _VOYAGE) / 24.0, None
    if metric == "dwell_h":
        at = set(fig.at)
        legs = [leg for leg in route.legs if leg.kind not in _NON_DWELL and leg.from_id in at]
        if not any(leg.from_id in at or leg.to_id in at for leg in route.legs):
            raise _NoRouteError(f"the route does not pass {', '.join(fig.at)}")
        return sum(leg.hours for leg in legs), None
    if metric in ("share_on_time", "late_days_mean"):
        delays = _service_delays(route, model.regime_network(regimes))
        late = delays > ON_TIME_WINDOW_H
        if metric == "share_on_time":
            return float(np.mean(~late)), None
        return (float(np.mean(delays[late])) / 24.0 if late.any() else 0.0), None
    raise ValueError(f"unknown metric {metric}")  # pragma: no cover - read_figures checks


def _combine(model: _Model, fig: Figure, value: float, regimes: Mapping[str, str]) -> float:
    """``value`` divided by (or minus) the reference query's value."""
    ref = model.find(
        fig.ref_origin or fig.origin,
        fig.ref_destination or fig.destination,
        "compare" if fig.ref_family else "route",
        fig.ref_family,
        _cargo_options(fig, {**fig.ref_options, **regimes}),
    )
    ref_value, _ = _base_value(model, fig, ref, regimes)
    if ref_value is None:  # pragma: no cover - read_figures only combines scalar metrics
        raise _NotModelledError(f"{fig.metric}: the reference has no single value")
    return value / ref_value if fig.combination == "ratio" else value - ref_value


def _answer(
    model: _Model, fig: Figure, regimes: Mapping[str, str]
) -> tuple[Route, float | None, tuple[float, float] | None]:
    options = _cargo_options(fig, {**fig.options, **regimes})
    route = model.find(fig.origin, fig.destination, fig.query, fig.family, options)
    value, interval = _base_value(model, fig, route, regimes)
    if fig.combination is not None and value is not None:
        value = _combine(model, fig, value, regimes)
    return route, value, interval


def _indicative(model: _Model, fig: Figure) -> str:
    """The answer on the model's default regime, shown beside a not-modelled regime."""
    try:
        _, value, interval = _answer(model, fig, {})
    except (_NotModelledError, _NoRouteError):
        return ""
    if interval is not None:
        return f"P5–P95 {interval[0]:.1f}–{interval[1]:.1f} d"
    return _fmt(fig.metric, value) if value is not None else ""


def evaluate_one(model: _Model, fig: Figure) -> Outcome:
    """The model's answer to one figure."""
    try:
        regimes = model.regime_kwargs(fig)
    except _NotModelledError as exc:
        return Outcome(fig, "not modelled", reason=str(exc), indicative=_indicative(model, fig))
    try:
        route, value, interval = _answer(model, fig, regimes)
    except _NotModelledError as exc:
        return Outcome(fig, "not modelled", reason=str(exc))
    except _NoRouteError as exc:
        return Outcome(fig, "no route", reason=str(exc))
    lo, hi = fig.band_low, fig.band_high
    if interval is not None:
        inside = interval[0] <= hi and interval[1] >= lo
    else:
        inside = value is not None and lo <= value <= hi
    status: Status = "within" if inside else "outside"
    outcome = Outcome(
        fig,
        status,
        value=value,
        interval=interval,
        label=route.corridor,
        regimes=dict(getattr(route, "regimes", {}) or {}),
    )
    return Outcome(
        fig,
        status,
        value=value,
        interval=interval,
        reason=_explain(model, outcome),
        label=route.corridor,
        regimes=outcome.regimes,
    )


def _explain(model: _Model, out: Outcome) -> str:
    fig = out.figure
    notes: list[str] = []
    if fig.family and out.label and out.label != fig.family:
        notes.append(f"the model labels the route {out.label}")
    if out.status == "within":
        return "; ".join(notes)
    lo, hi = fig.band_low, fig.band_high
    if out.interval is not None:
        a, b = out.interval
        if b < lo:
            notes.insert(0, f"the model's P95 ({b:.1f} d) is below the published figure")
        else:
            notes.insert(0, f"the observed trip is faster than the model's P5 ({a:.1f} d)")
    elif out.value is not None:
        edge = hi if out.value > hi else lo
        pct = (out.value - edge) / abs(edge) * 100.0 if edge else math.inf
        size = f"{abs(pct):.0f}" if abs(pct) >= 1 else f"{abs(pct):.1f}"
        notes.insert(0, f"{size} % {'above' if pct > 0 else 'below'} the band")
    if fig.why_outside:
        notes.append(fig.why_outside)
    elif fig.direction == "eastbound":
        if fig.category == "rate" and not model.backhaul:
            notes.append("tariffs are the same both ways (no back-haul rates)")
        elif fig.category in ("transit_time", "dwell") and not model.direction_dwell:
            notes.append("no direction-dependent dwell in the network")
    return "; ".join(notes)


def evaluate(figures: Sequence[Figure], network: Network | None = None) -> list[Outcome]:
    """Run every figure's query on ``network`` (the embedded one by default)."""
    model = _Model.probe(network if network is not None else corridor.eurasia())
    return [evaluate_one(model, fig) for fig in figures]


# ----------------------------------------------------------------------------- the report


def _fmt(metric: str, value: float) -> str:
    if metric.endswith("_ratio"):
        return f"{value:.2f}"
    base = re.sub(r"_(ratio|diff)$", "", metric)
    unit, decimals = BASE_METRICS[base]
    if base == "share_on_time":
        return f"{value * 100:.{decimals}f} %"
    sign = "+" if metric.endswith("_diff") and value > 0 else ""
    return f"{sign}{value:,.{decimals}f} {unit}"


def _range(metric: str, low: float, high: float) -> str:
    if math.isclose(low, high):
        return _fmt(metric, low)
    a, b = _fmt(metric, low), _fmt(metric, high)
    unit = a.rsplit(" ", 1)[-1] if " " in a else ""
    if unit and b.endswith(" " + unit):
        a = a[: -len(unit) - 1]
    return f"{a}–{b}"


def _model_cell(out: Outcome) -> str:
    fig = out.figure
    if out.status in ("not modelled", "no route"):
        return f"– (default regime: {out.indicative})" if out.indicative else "–"
    if out.interval is not None:
        return f"P5–P95 {out.interval[0]:.1f}–{out.interval[1]:.1f} d"
    return _fmt(fig.metric, out.value if out.value is not None else math.nan)


def _route_cell(fig: Figure) -> str:
    arrow = {"westbound": "→", "eastbound": "→", "both": "–"}[fig.direction]
    text = f"{fig.origin} {arrow} {fig.destination}"
    if fig.family:
        text += f" ({fig.family})"
    if fig.combination is not None:
        ref = fig.ref_family or ",".join(
            f"{k}={v if isinstance(v, str | int | float) else ','.join(v)}"
            for k, v in fig.ref_options.items()
        )
        if fig.ref_origin:
            ref = f"{fig.ref_origin} → {fig.ref_destination} {ref}"
        text += f" {'÷' if fig.combination == 'ratio' else '−'} {ref}"
    if fig.direction == "eastbound":
        text += " · eastbound"
    return text


def _result_cell(out: Outcome) -> str:
    mark = {"within": "✅ within", "outside": "❌ outside", "no route": "❌ no route"}
    text = mark.get(out.status, "⚪ not modelled")
    return f"{text}: {out.reason}" if out.reason else text


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _summary_counts(outcomes: Sequence[Outcome], use: str) -> Counter[str]:
    return Counter(o.status for o in outcomes if o.figure.use == use)


def render(outcomes: Sequence[Outcome], network: Network | None = None) -> str:
    """The Markdown report."""
    lines: list[str] = []
    add = lines.append
    hold = [o for o in outcomes if o.figure.use == "holdout"]
    cal = [o for o in outcomes if o.figure.use == "calibration"]
    withdrawn = [o for o in outcomes if o.figure.use == "withdrawn"]
    h = _summary_counts(outcomes, "holdout")
    c = _summary_counts(outcomes, "calibration")
    modelled = h["within"] + h["outside"] + h["no route"]
    rate_modelled = h["within"] / modelled if modelled else 0.0
    rate_all = h["within"] / len(hold) if hold else 0.0
    add("# Validation against published figures")
    add("")
    add(
        "Generated by `tools/validation_report.py` from `tools/validation/figures.csv`; do not "
        "edit by hand. Re-run with `.venv/bin/python tools/validation_report.py` (seeded "
        "Monte Carlo, deterministic for a given network)."
    )
    if network is not None:
        add("")
        add(
            f"Model: corridor {corridor.__version__}, embedded network with "
            f"{len(network.nodes)} nodes and {len(network.links)} links."
        )
    add("")
    add("## Summary")
    add("")
    add(
        f"- **{len(outcomes)} published figures**: {len(cal)} used for calibration, "
        f"{len(hold)} held apart (holdout)"
        + (f", {len(withdrawn)} withdrawn (see below)." if withdrawn else ".")
    )
    add(
        f"- **Holdout: {h['within']} of {modelled} modelled figures within their band "
        f"({rate_modelled:.0%})**"
        + (
            f"; {h['within']} of all {len(hold)} holdout figures ({rate_all:.0%}) when the "
            f"{h['not modelled']} not yet modelled count as misses"
            if h["not modelled"]
            else f" (all {len(hold)} holdout figures are modelled)"
        )
        + f". Goal: {HIT_RATE_GOAL:.0%} — "
        + ("met." if rate_all >= HIT_RATE_GOAL else "**not met**.")
    )
    add(
        f"- Holdout misses: {h['outside']} outside the band, {h['no route']} with no route "
        "or no option of the corridor family; each is listed below with the size of the miss "
        "and, where known, its cause (`why_outside` in the figures file)."
    )
    add(
        f"- Calibration: {c['within']} of {len(cal)} within their band"
        + (f" ({len(cal) - c['within']} not: see below)." if c["within"] < len(cal) else ".")
    )
    add("")
    add("| category | calibration | holdout | holdout within | outside / no route | not modelled |")
    add("|---|---:|---:|---:|---:|---:|")
    for cat in CATEGORIES:
        cc = [o for o in outcomes if o.figure.category == cat]
        hh = [o for o in cc if o.figure.use == "holdout"]
        cnt = Counter(o.status for o in hh)
        add(
            f"| {CATEGORY_TITLES[cat]} | {sum(o.figure.use == 'calibration' for o in cc)} | "
            f"{len(hh)} | {cnt['within']} | {cnt['outside'] + cnt['no route']} | "
            f"{cnt['not modelled']} |"
        )
    add("")
    misses = sorted(
        (o for o in hold if o.status in ("outside", "no route")),
        key=lambda o: (-o.miss_size, o.figure.id),
    )
    add("### Holdout misses, worst first")
    add("")
    if not misses:
        add("None.")
    for o in misses:
        fig = o.figure
        add(
            f"- `{fig.id}` — {_md(_route_cell(fig))}, {fig.metric}: published "
            f"{_range(fig.metric, fig.published_low, fig.published_high)}, model "
            f"{_model_cell(o)}. {_md(o.reason)}"
        )
    add("")
    add("### Not modelled yet")
    add("")
    add(
        "These figures need a place, an option or a regime the model does not have yet; "
        "the script computes them as soon as it does."
    )
    add("")
    groups: dict[str, list[str]] = {}
    for o in (o for o in outcomes if o.status == "not modelled"):
        reason = re.sub(r"^place not in the network: .*", "place not in the network", o.reason)
        reason = re.sub(r"^(rail operating|sea-rate) regime [a-z0-9_]+: ", r"\1 regime: ", reason)
        groups.setdefault(reason, []).append(f"`{o.figure.id}`")
    for reason in sorted(groups):
        add(f"- {_md(reason)} ({len(groups[reason])}): {', '.join(groups[reason])}")
    if not groups:
        add("None.")
    add("")
    calibration_misses = [o for o in cal if o.status != "within"]
    add("### Figures used for calibration")
    add("")
    add(
        "Two kinds, neither of them evidence of fit: the targets of `docs/calibration.md` "
        "(*calibration target #n*, also regression-tested in "
        "`tests/regression/test_corridor_figures.py`), which network parameters were tuned "
        "to reproduce, and *model inputs*, published figures the network tables were built "
        "from (or that share their source with such an input: a figure that coincides with "
        "an input is not independent, so it is counted here and not as a holdout). "
        "`tests/regression/test_validation.py` keeps each within its band. How each was used:"
    )
    add("")
    for o in cal:
        mark = "✅" if o.status == "within" else "❌"
        add(
            f"- {mark} `{o.figure.id}` ({_md(_route_cell(o.figure))}, {o.figure.metric}: "
            f"published {_range(o.figure.metric, o.figure.published_low, o.figure.published_high)}"
            f", model {_model_cell(o)}): {_md(o.figure.note or o.figure.source)}"
        )
    if calibration_misses:
        add("")
        add("Outside their band now:")
        add("")
        for o in calibration_misses:
            add(f"- `{o.figure.id}`: model {_model_cell(o)}; {_md(o.reason)}")
    if withdrawn:
        add("")
        add("### Withdrawn figures")
        add("")
        add(
            "Published figures kept in the file but not counted, because they do not measure "
            "what the model's query measures; the model's answer is shown in the tables below."
        )
        add("")
        for o in withdrawn:
            add(f"- `{o.figure.id}` (model {_model_cell(o)}): {_md(o.figure.note)}")
    add("")
    _method(add)
    for cat in CATEGORIES:
        rows = [o for o in outcomes if o.figure.category == cat]
        if not rows:
            continue
        add(f"## {CATEGORY_TITLES[cat]}")
        add("")
        add(
            "| id | route | metric | period · regime | published | band | model | result | use "
            "| source |"
        )
        add("|---|---|---|---|---:|---:|---:|---|---|---|")
        for o in sorted(rows, key=lambda o: (o.figure.use, o.figure.id)):
            fig = o.figure
            period = " · ".join(p for p in (fig.period, fig.regime) if p) or "–"
            add(
                "| "
                + " | ".join(
                    _md(x)
                    for x in (
                        f"`{fig.id}`",
                        _route_cell(fig),
                        fig.metric,
                        period,
                        _range(fig.metric, fig.published_low, fig.published_high),
                        _range(fig.metric, fig.band_low, fig.band_high),
                        _model_cell(o),
                        _result_cell(o),
                        fig.use,
                        f"[{fig.confidence}] {fig.source} ({fig.source_date})"
                        + (f". {fig.note}" if fig.note else ""),
                    )
                )
                + " |"
            )
        add("")
    return "\n".join(lines).rstrip() + "\n"


def _method(add: Callable[[str], None]) -> None:
    add("## Method")
    add("")
    for para in (
        (
            "Each row of `tools/validation/figures.csv` is one published figure: its category, "
            "origin and destination, corridor family, direction, period, regime, the published "
            "range as published, the source with its confidence tag (FACTS.md: [P] primary, [S] "
            "secondary, [T] tertiary) and `use` (calibration or holdout). The same row says how "
            "the model answers it: `query` (`route`: the best route under `options`; `compare`: "
            "the option of the named corridor family), `options` passed to the library "
            "(`optimize`, `modes`, `avoid_countries`, `close`, `cargo`, ...), and for ratios and "
            "differences a reference query (`ref_*`)."
        ),
        (
            "The accepted band is the published range widened by `tolerance` (a fraction: "
            "5 % for distances, 10 % for a single published transit time, 20 % for a weekly "
            "spot rate or a single CO2 example), or an explicit `band_low`–`band_high` for the "
            "calibration targets (as in `docs/calibration.md`). A figure is *within* when the "
            "model value lies in the band. A single observed trip (`trip_days`) is within when "
            "the band overlaps the model's P5–P95 (seeded Monte Carlo, "
            f"{SAMPLES:,} samples)."
        ),
        (
            "Metrics: `mean_days` (mean terminal-to-terminal time of the route, incl. handling, "
            "border dwell, transfers and waits), `p50_days`/`p90_days`/`trip_days` (simulated), "
            "`km`, `usd_per_feu` (all charges), `usd_per_feu_linehaul` (moves, waits, calls and "
            "passages only: the ocean or rail freight compared with Drewry WCI and ERAI, without "
            "port handling), `kg_co2_per_feu`/`kg_co2_per_teu`, `g_co2_per_tkm`, `running_h` "
            "(moving time only), `voyage_days` (berth to berth: sailing, port calls, passages "
            "and schedule delay), `dwell_h` (border, transfer and wait legs at the `at` nodes; "
            "for `mean_days`, `at` names a border whose crossing a published time leaves out), "
            "`share_on_time` (schedule delay ≤ 1 day, the Sea-Intelligence definition) and "
            "`late_days_mean` (mean delay of late arrivals), and `_ratio`/`_diff` of two queries."
        ),
        (
            "Regimes: every query runs under the regimes of its figure. `date` selects the "
            "network's sea-rate regime valid at that date (pre-crisis 2023 with Suez open; "
            "from 15 Dec 2023 the Red Sea regimes with Suez and Bab-el-Mandeb closed to liners, "
            "so the Shanghai–Europe lanes are sailed via the Cape) and `regime` "
            "(`rail:scheduled`, the default, `rail:average`, `rail:congested`) the rail "
            "operating regime; the `sea:<id>` label in the file is informative, the date "
            "decides. A figure whose date no regime covers, or whose rail regime the network "
            "lacks, is *not modelled*. Direction is the order of origin and destination. "
            "Holdout figures whose metric the model cannot compute are listed, not dropped."
        ),
        (
            "Transit times are terminal to terminal (the model has no first or last mile); sea "
            "figures are port to port. Global liner reliability statistics are compared with "
            "the Shanghai → Rotterdam service."
        ),
    ):
        add(para)
        add("")


# ----------------------------------------------------------------------------- entry point


def main(argv: Sequence[str] | None = None) -> int:
    """Write the report; ``--check`` exits 1 when the committed report is stale."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--figures", type=Path, default=FIGURES, help="figures CSV")
    parser.add_argument("--out", type=Path, default=REPORT, help="report to write")
    parser.add_argument("--check", action="store_true", help="only check --out is up to date")
    args = parser.parse_args(argv)
    try:
        figures = read_figures(args.figures)
    except FigureFileError as exc:
        print(exc, file=sys.stderr)
        return 2
    network = corridor.eurasia()
    text = render(evaluate(figures, network), network)
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is stale: run tools/validation_report.py", file=sys.stderr)
            return 1
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    hold = [f for f in figures if f.use == "holdout"]
    print(f"wrote {args.out} ({len(figures)} figures, {len(hold)} holdout)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
