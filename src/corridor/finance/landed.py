"""Landed cost: what a consignment costs a shipper, per corridor, all in one currency.

For ``quantity`` cargo units (containers) carrying goods worth ``value`` in ``currency``,
the landed cost of a route is the sum of these components (all in ``currency``):

==========================  ===========================================================
``freight``                 the route's movement legs (tariffs, waits, calls) x quantity
``handling``                loading at the origin and unloading at the destination
``transshipment``           transfers on the way (gauge changes, rail-ship) x quantity
``border_fees``             fees at border crossings x quantity
``canal_tolls``             canal and strait tolls (Suez) x quantity
``insurance``               insurance rate x value
``carrying_in_transit``     value x annual carrying rate x mean transit days / 365
``safety_stock``            value x annual carrying rate x (P90 - P50 days) / 365
``fx_conversion``           conversion spread x every charge paid in a currency other
                            than ``currency``
==========================  ===========================================================

Each leg's charge is taken back into the currency its tariff, fee or toll is set in (with
the network's own rates, which priced the route), then converted to ``currency`` at the
mid rates of a dated :class:`~corridor.finance.fx.FxRates` table; buying a foreign
currency costs the ``conversion_spread`` on top.

The safety-stock term: a consignee who orders a consignment of value ``V`` every ``T``
days uses ``V / T`` of goods a day; to cover the transit-time spread with 90 % confidence
it holds ``(V / T) x (P90 - P50)`` of extra stock, which costs ``r`` a year to carry,
``(V / T) x (P90 - P50) x r x T / 365`` over the cycle that consignment serves: ``T``
cancels, leaving ``V x r x (P90 - P50) / 365``.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Literal, Unpack

from corridor._checks import check_instance, check_int, check_number, show
from corridor._frame import records_frame
from corridor._typing import ESTIMATE_KINDS, EstimateKind
from corridor.exceptions import InvalidArgumentError
from corridor.finance.fx import FxRates, check_currency, default_fx, parse_rates
from corridor.network.frozen import freeze_map
from corridor.network.model import CargoClass, Network, Node, Provenance
from corridor.planning.compare import Comparison, compare
from corridor.reliability.simulate import PERCENTILE_SAMPLES, simulate_route
from corridor.routing.families import FAMILY_LABELS
from corridor.routing.options import RouteKeywords, RouteOptions
from corridor.routing.result import Leg, Route

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "COMPONENTS",
    "DEFAULTS_FILE",
    "DEFAULT_CONFIDENCE",
    "LANDED_COLUMNS",
    "Assumption",
    "Dropped",
    "LandedCost",
    "LandedCostComparison",
    "RankBy",
    "carrying_cost",
    "default_assumptions",
    "insurance_cost",
    "landed_cost",
    "landed_cost_of_comparison",
    "parse_deadline",
    "route_landed_cost",
    "safety_stock_cost",
]

RankBy = Literal["landed", "time"]
"""How options are ranked: by landed cost, or by mean transit time."""

COMPONENTS: tuple[str, ...] = (
    "freight",
    "handling",
    "transshipment",
    "border_fees",
    "canal_tolls",
    "insurance",
    "carrying_in_transit",
    "safety_stock",
    "fx_conversion",
)
"""The components of a landed cost, in the order they are shown; they sum to the total."""

LANDED_COLUMNS: tuple[str, ...] = (
    "rank",
    "corridor",
    "label",
    "transit_days_mean",
    "transit_days_p50",
    "transit_days_p90",
    "on_time_probability",
    *COMPONENTS,
    "total",
    "per_unit",
    "share_of_value",
    "currency",
    "dropped_reason",
)
"""Columns of a landed-cost table (:meth:`LandedCostComparison.to_frame`, ``corridor cost
-f csv``): rank (empty for a dropped option), corridor id and label, mean, P50 and P90
transit days, the probability of meeting the deadline (empty without one), each component
and the total in ``currency`` for the whole consignment, the total per cargo unit, the
total as a fraction of the goods' value, and why a dropped option was dropped."""

DEFAULTS_FILE = "landed_cost_defaults.csv"
"""The packaged default rates with their sources, in ``corridor/data``."""

_LEG_COMPONENT: dict[str, str] = {
    "move": "freight",
    "wait": "freight",
    "call": "freight",
    "delay": "freight",
    "load": "handling",
    "unload": "handling",
    "transfer": "transshipment",
    "border": "border_fees",
    "passage": "canal_tolls",
}
_DEADLINE = re.compile(r"^\s*(\d+(?:\.\d*)?|\.\d+)\s*([dh])\s*$", re.IGNORECASE)
_DAYS_PER_YEAR = 365.0
DEFAULT_CONFIDENCE = 0.9
"""Probability of meeting a deadline an option needs when none is given."""
_MAX_DEADLINE_DAYS = 3650.0


@dataclass(frozen=True, slots=True)
class Assumption:
    """A rate the landed cost depends on, with where its value comes from.

    Parameters
    ----------
    name
        ``insurance_rate``, ``carrying_rate`` or ``conversion_spread``.
    value
        The rate (a fraction: 0.002 is 0.2 %).
    unit
        What it is a fraction of.
    provenance
        Its source (``rate given by the user`` for one passed in).
    """

    name: str
    value: float
    unit: str
    provenance: Provenance

    def to_dict(self) -> dict[str, Any]:
        """JSON form.

        Returns
        -------
        dict
            Value, unit, source, kind and note.
        """
        return {
            "value": self.value,
            "unit": self.unit,
            "source": self.provenance.source,
            "kind": self.provenance.kind,
            "note": self.provenance.note,
        }


def _kind(value: str) -> EstimateKind:
    for kind in ESTIMATE_KINDS:
        if kind == value:
            return kind
    msg = f"{DEFAULTS_FILE}: kind {value!r} is not one of {', '.join(ESTIMATE_KINDS)}"
    raise InvalidArgumentError(msg)


@lru_cache(maxsize=1)
def _defaults() -> dict[str, Assumption]:
    text = resources.files("corridor.data").joinpath(DEFAULTS_FILE).read_text("utf-8")
    out: dict[str, Assumption] = {}
    for row in csv.DictReader(io.StringIO(text)):
        note = " ".join(x for x in (row["url"], row["note"]) if x) or None
        out[row["parameter"]] = Assumption(
            row["parameter"],
            float(row["value"]),
            row["unit"],
            Provenance(row["source"], kind=_kind(row["kind"]), note=note),
        )
    return out


def default_assumptions() -> Mapping[str, Assumption]:
    """The default insurance rate, carrying rate and conversion spread, with sources.

    Read once from ``corridor/data/landed_cost_defaults.csv``.

    Returns
    -------
    Mapping
        Name to :class:`Assumption` (read-only).
    """
    return freeze_map(_defaults())


def _assumption(name: str, value: object, *, high: float) -> Assumption:
    default = _defaults()[name]
    if value is None:
        return default
    number = check_number(name, value, low=0.0, high=high)
    return Assumption(name, number, default.unit, Provenance("rate given by the user"))


def insurance_cost(value: float, rate: float) -> float:
    """Cargo insurance premium: ``rate x value``.

    Parameters
    ----------
    value
        Value of the goods.
    rate
        Premium as a fraction of the value (0.002 is 0.2 %).

    Returns
    -------
    float
        The premium, in the currency of ``value``.
    """
    return value * rate


def carrying_cost(value: float, annual_rate: float, days: float) -> float:
    """Cost of holding goods in transit: ``value x annual_rate x days / 365``.

    Parameters
    ----------
    value
        Value of the goods.
    annual_rate
        Carrying cost as a fraction of the value per year.
    days
        Days the goods are held (mean transit time).

    Returns
    -------
    float
        The cost, in the currency of ``value``.
    """
    return value * annual_rate * days / _DAYS_PER_YEAR


def safety_stock_cost(value: float, annual_rate: float, p50_days: float, p90_days: float) -> float:
    """Cost of the safety stock the transit-time spread forces.

    ``value x annual_rate x max(P90 - P50, 0) / 365``: the stock that covers the spread
    between the median and the 90th-percentile transit time, carried over the order
    cycle the consignment serves (see the module's notes for the derivation).

    Parameters
    ----------
    value
        Value of the consignment's goods.
    annual_rate
        Carrying cost as a fraction of the value per year.
    p50_days, p90_days
        Median and 90th-percentile transit times (days).

    Returns
    -------
    float
        The cost, in the currency of ``value``.
    """
    return value * annual_rate * max(p90_days - p50_days, 0.0) / _DAYS_PER_YEAR


def parse_deadline(deadline: object) -> float:
    """A deadline in days: ``"25d"``, ``"600h"`` or a number of days.

    Parameters
    ----------
    deadline
        ``"<number>d"`` (days), ``"<number>h"`` (hours) or a number of days.

    Returns
    -------
    float
        Days, above 0 and at most 3650.

    Raises
    ------
    InvalidArgumentError
        If it cannot be read or is out of range (the message names ``deadline``).

    Examples
    --------
    >>> parse_deadline("25d"), parse_deadline("600h"), parse_deadline(12.5)
    (25.0, 25.0, 12.5)
    """
    if isinstance(deadline, str):
        m = _DEADLINE.match(deadline)
        if m is None:
            raise InvalidArgumentError(
                f"deadline={deadline!r}: cannot read it; write days as 25d or hours as 600h",
                parameter="deadline",
            )
        number = float(m.group(1)) / (24.0 if m.group(2).lower() == "h" else 1.0)
    else:
        number = check_number("deadline", deadline, low=0.0, low_open=True)
    if not 0.0 < number <= _MAX_DEADLINE_DAYS:
        raise InvalidArgumentError(
            f"deadline={show(deadline)}: out of range; give above 0 and at most 3650 days",
            parameter="deadline",
        )
    return number


def _leg_currency(network: Network, leg: Leg) -> str:
    """The currency the charge of ``leg`` is set in, on ``network``."""
    base = network.fx.base
    if leg.kind == "move" and leg.link_id is not None and leg.link_id in _link_ids(network):
        link = network.link(leg.link_id)
        tariff = link.tariff
        if leg.from_id == link.to_node and link.tariff_reverse is not None:
            tariff = link.tariff_reverse
        return tariff.currency if tariff is not None else base
    if not network.has_node(leg.from_id):
        return base
    node = network.node(leg.from_id)
    money = None
    if leg.kind == "border" and node.border is not None:
        money = node.border.fee
    elif leg.kind == "transfer" and leg.transfer_index is not None:
        if 0 <= leg.transfer_index < len(node.transfers):
            money = node.transfers[leg.transfer_index].cost
    elif leg.kind in ("load", "unload") and node.handling is not None:
        money = node.handling.cost
    elif leg.kind == "passage" and node.passage is not None:
        money = node.passage.toll
    return money.currency if money is not None else base


def _link_ids(network: Network) -> frozenset[str]:
    key = "finance:link_ids"
    found = network.cached(key)
    if not isinstance(found, frozenset):
        found = frozenset(lk.id for lk in network.links)
        network.remember(key, found)
    return found


def _in_own_currency(network: Network, amount_base: float, currency: str) -> float:
    """A charge priced in the network's base currency, back in its own currency."""
    if currency == network.fx.base:
        return amount_base
    return amount_base * network.fx.rates[currency]


@dataclass(frozen=True)
class LandedCost:
    """The landed cost of one corridor option, component by component.

    Attributes
    ----------
    route
        The option.
    currency
        Currency of every amount.
    value
        Value of the goods.
    quantity
        Cargo units (containers) shipped.
    components
        Component name (:data:`COMPONENTS`) to amount for the whole consignment; they
        sum to :attr:`total`.
    transit_days, p50_days, p90_days
        Mean, median and 90th-percentile transit times (days) the costs are based on.
    payments
        Currency to the charges paid in it (in that currency), for the consignment.
    on_time_probability
        Probability of arriving within the deadline, when one was given.
    assumptions
        The rates used, with their sources.
    """

    route: Route
    currency: str
    value: float
    quantity: int
    components: Mapping[str, float]
    transit_days: float
    p50_days: float
    p90_days: float
    payments: Mapping[str, float] = field(default_factory=dict)
    on_time_probability: float | None = None
    assumptions: Mapping[str, Assumption] = field(default_factory=dict)

    @property
    def corridor(self) -> str:
        """The corridor family of the option."""
        return self.route.corridor

    @property
    def total(self) -> float:
        """The landed cost: the exactly rounded sum of :attr:`components`."""
        return math.fsum(self.components.values())

    @property
    def per_unit(self) -> float:
        """The landed cost per cargo unit."""
        return self.total / self.quantity

    @property
    def share_of_value(self) -> float | None:
        """The landed cost as a fraction of the goods' value (``None`` for value 0)."""
        return self.total / self.value if self.value else None

    def rounded_components(self) -> dict[str, float]:
        """The components rounded to cents (the figures of :meth:`to_dict`).

        Returns
        -------
        dict
            Component name to amount.
        """
        return {k: round(v, 2) for k, v in self.components.items()}

    def to_dict(self) -> dict[str, Any]:
        """JSON form: the components rounded to cents, and their total.

        Returns
        -------
        dict
            Corridor, times, components, total (the sum of the rounded components),
            payments per currency and the on-time probability.
        """
        parts = self.rounded_components()
        total = round(math.fsum(parts.values()), 2)
        share = self.share_of_value
        return {
            "corridor": self.corridor,
            "label": FAMILY_LABELS.get(self.corridor, self.corridor),
            "transit_days": {
                "mean": round(self.transit_days, 2),
                "p50": round(self.p50_days, 2),
                "p90": round(self.p90_days, 2),
            },
            "on_time_probability": (
                None if self.on_time_probability is None else round(self.on_time_probability, 4)
            ),
            "components": parts,
            "total": total,
            "per_unit": round(total / self.quantity, 2),
            "share_of_value": None if share is None else round(share, 6),
            "payments": {k: round(v, 2) for k, v in self.payments.items()},
            "countries": list(self.route.countries),
        }

    def row(self, rank: int | None = None, dropped_reason: str | None = None) -> dict[str, Any]:
        """The option as a row of :data:`LANDED_COLUMNS` (figures as in :meth:`to_dict`).

        Parameters
        ----------
        rank
            Its rank (``None`` for a dropped option).
        dropped_reason
            Why it was dropped, if it was.

        Returns
        -------
        dict
            Column name to value.
        """
        data = self.to_dict()
        days = data["transit_days"]
        return {
            "rank": rank,
            "corridor": self.corridor,
            "label": data["label"],
            "transit_days_mean": days["mean"],
            "transit_days_p50": days["p50"],
            "transit_days_p90": days["p90"],
            "on_time_probability": data["on_time_probability"],
            **data["components"],
            "total": data["total"],
            "per_unit": data["per_unit"],
            "share_of_value": data["share_of_value"],
            "currency": self.currency,
            "dropped_reason": dropped_reason,
        }


@dataclass(frozen=True, slots=True)
class Dropped:
    """An option left out because it misses the deadline too often.

    Attributes
    ----------
    cost
        Its landed cost (with its on-time probability).
    reason
        Why it was dropped, in words.
    """

    cost: LandedCost
    reason: str


@dataclass(frozen=True)
class LandedCostComparison:
    """Landed cost per corridor option, ranked; options missing a deadline set apart.

    Attributes
    ----------
    origin, destination
        The places.
    cargo
        The cargo class (one unit: one container).
    currency, value, quantity
        The consignment: goods worth ``value`` in ``currency`` in ``quantity`` units.
    options
        The options that meet the deadline (all, without one), best first.
    dropped
        The options that miss it, with why.
    deadline_days, confidence
        The deadline (days) and the probability required of meeting it, if given.
    rank_by
        ``landed`` (cheapest first) or ``time`` (fastest mean first).
    fx
        The exchange rates used.
    assumptions
        The rates used, with their sources.
    comparison
        The corridor comparison the options come from.
    samples, seed
        The Monte Carlo draws behind P50, P90 and the on-time probabilities.
    """

    origin: Node
    destination: Node
    cargo: CargoClass
    currency: str
    value: float
    quantity: int
    options: tuple[LandedCost, ...]
    dropped: tuple[Dropped, ...]
    deadline_days: float | None
    confidence: float | None
    rank_by: RankBy
    fx: FxRates
    assumptions: Mapping[str, Assumption]
    comparison: Comparison
    samples: int = PERCENTILE_SAMPLES
    seed: int = 0

    @property
    def best(self) -> LandedCost | None:
        """The first-ranked option (``None`` when every option was dropped)."""
        return self.options[0] if self.options else None

    def option(self, corridor: str) -> LandedCost | None:
        """The landed cost of one corridor family, kept or dropped.

        Parameters
        ----------
        corridor
            A family id (``northern``, ``sea_cape``, ...).

        Returns
        -------
        LandedCost or None
            The option, or ``None`` when the comparison has none of that family.
        """
        for lc in (*self.options, *(d.cost for d in self.dropped)):
            if lc.corridor == corridor:
                return lc
        return None

    @property
    def currencies_paid(self) -> tuple[str, ...]:
        """Every currency a charge is paid in, across the options, sorted."""
        found = {c for lc in self.options for c in lc.payments}
        found |= {c for d in self.dropped for c in d.cost.payments}
        return tuple(sorted(found | {self.currency}))

    def to_dict(self) -> dict[str, Any]:
        """The public JSON contract.

        Returns
        -------
        dict
            The consignment, the deadline, the assumptions with sources, the exchange
            rates used with dates and sources, the ranked options and the dropped ones.
        """
        deadline = (
            None
            if self.deadline_days is None
            else {"days": round(self.deadline_days, 4), "confidence": self.confidence}
        )
        return {
            "origin": _place(self.origin),
            "destination": _place(self.destination),
            "cargo": self.cargo.id,
            "currency": self.currency,
            "value": self.value,
            "quantity": self.quantity,
            "rank_by": self.rank_by,
            "deadline": deadline,
            "assumptions": {k: a.to_dict() for k, a in self.assumptions.items()},
            "fx": {"base": self.fx.base, "rates": self.fx.rows(self.currencies_paid)},
            "simulation": {"samples": self.samples, "seed": self.seed},
            "options": [{"rank": i, **lc.to_dict()} for i, lc in enumerate(self.options, 1)],
            "dropped": [{**d.cost.to_dict(), "reason": d.reason} for d in self.dropped],
            "implausible": [a.route.corridor for a in self.comparison.implausible],
            "unavailable": dict(self.comparison.unavailable),
        }

    def rows(self, *, include_dropped: bool = True) -> list[dict[str, Any]]:
        """One row of :data:`LANDED_COLUMNS` per option, ranked ones first.

        Parameters
        ----------
        include_dropped
            Also the options dropped for missing the deadline (rank empty).

        Returns
        -------
        list of dict
            Column name to value.
        """
        rows = [lc.row(i) for i, lc in enumerate(self.options, 1)]
        if include_dropped:
            rows += [d.cost.row(None, d.reason) for d in self.dropped]
        return rows

    def to_frame(self, *, include_dropped: bool = True) -> pd.DataFrame:
        """The options as a pandas DataFrame, columns :data:`LANDED_COLUMNS`.

        The same table as ``corridor cost ... --format csv``.

        Parameters
        ----------
        include_dropped
            Also the options dropped for missing the deadline.

        Returns
        -------
        pandas.DataFrame
            One row per option, ranked ones first.

        Raises
        ------
        MissingOptionalDependencyError
            If pandas is not installed (``pip install 'corridor[frame]'``).
        """
        return records_frame(self.rows(include_dropped=include_dropped), LANDED_COLUMNS)


def _place(node: Node) -> dict[str, Any]:
    return {"id": node.id, "name": node.name, "country": node.country}


@dataclass(frozen=True, slots=True)
class _Consignment:
    value: float
    currency: str
    quantity: int
    fx: FxRates
    assumptions: Mapping[str, Assumption]


def _consignment(
    value: object,
    *,
    currency: object,
    quantity: object,
    fx: object,
    insurance_rate: object,
    carrying_rate: object,
    conversion_spread: object,
) -> _Consignment:
    number = check_number("value", value, low=0.0)
    code = check_currency("currency", currency)
    count = check_int("quantity", quantity, low=1, high=10_000_000)
    if fx is None:
        table = default_fx()
    elif isinstance(fx, FxRates):
        table = fx
    elif isinstance(fx, Mapping):
        table = default_fx().with_rates(fx)
    elif isinstance(fx, str):
        table = default_fx().with_rates(parse_rates([fx]))
    else:
        raise InvalidArgumentError(
            f"fx={show(fx)}: use an FxRates table, a mapping such as {{'EUR': 0.92}} or "
            "a text such as 'EUR=0.92,CNY=7.2'",
            parameter="fx",
        )
    table.rate(code)  # the goods' currency must be convertible
    assumptions = {
        "insurance_rate": _assumption("insurance_rate", insurance_rate, high=1.0),
        "carrying_rate": _assumption("carrying_rate", carrying_rate, high=10.0),
        "conversion_spread": _assumption("conversion_spread", conversion_spread, high=1.0),
    }
    return _Consignment(number, code, count, table, freeze_map(assumptions))


def _route_cost(
    network: Network,
    route: Route,
    c: _Consignment,
    *,
    transit_days: float,
    p50_days: float,
    p90_days: float,
    on_time_probability: float | None = None,
) -> LandedCost:
    parts = dict.fromkeys(COMPONENTS, 0.0)
    per_currency: dict[str, float] = {}
    foreign = 0.0
    spread = c.assumptions["conversion_spread"].value
    for leg in route.legs:
        if leg.cost_usd == 0.0:
            continue
        own = _leg_currency(network, leg)
        try:
            amount = _in_own_currency(network, leg.cost_usd, own) * c.quantity
            converted = c.fx.convert(amount, own, c.currency)
        except (KeyError, InvalidArgumentError):
            raise InvalidArgumentError(
                f"fx={own!r}: a charge of the {route.corridor} route is set in {own}, which "
                f"has no exchange rate; give its rate in units per USD as fx='{own}=<rate>'",
                parameter="fx",
            ) from None
        per_currency[own] = per_currency.get(own, 0.0) + amount
        parts[_LEG_COMPONENT.get(leg.kind, "freight")] += converted
        if own != c.currency:
            foreign += converted
    rate = c.assumptions["carrying_rate"].value
    parts["insurance"] = insurance_cost(c.value, c.assumptions["insurance_rate"].value)
    parts["carrying_in_transit"] = carrying_cost(c.value, rate, transit_days)
    parts["safety_stock"] = safety_stock_cost(c.value, rate, p50_days, p90_days)
    parts["fx_conversion"] = spread * foreign
    return LandedCost(
        route=route,
        currency=c.currency,
        value=c.value,
        quantity=c.quantity,
        components=freeze_map(parts),
        transit_days=transit_days,
        p50_days=p50_days,
        p90_days=p90_days,
        payments=freeze_map(dict(sorted(per_currency.items()))),
        on_time_probability=on_time_probability,
        assumptions=c.assumptions,
    )


def route_landed_cost(
    network: Network,
    route: Route,
    *,
    value: float,
    currency: str = "USD",
    quantity: int = 1,
    transit_days: float | None = None,
    p50_days: float | None = None,
    p90_days: float | None = None,
    fx: FxRates | Mapping[str, float] | str | None = None,
    insurance_rate: float | None = None,
    carrying_rate: float | None = None,
    conversion_spread: float | None = None,
) -> LandedCost:
    """The landed cost of one route for a consignment (see :mod:`corridor.finance.landed`).

    Parameters
    ----------
    network
        The network the route was found on (its tariffs' currencies and rates).
    route
        The route (one cargo unit's costs, leg by leg).
    value
        Value of the goods of the whole consignment, 0 or more.
    currency
        ISO code of ``value`` and of every amount returned.
    quantity
        Cargo units (containers), 1 or more.
    transit_days
        Mean transit days; ``None``: the route's.
    p50_days, p90_days
        Median and 90th-percentile days; ``None``: the route's simulated percentiles.
    fx
        Exchange rates: an :class:`~corridor.finance.fx.FxRates`, a mapping of units per
        US dollar (or a text ``"EUR=0.92"``) laid over the packaged table, or ``None``
        for the packaged table.
    insurance_rate, carrying_rate, conversion_spread
        Fractions (0.002 is 0.2 %); ``None``: the sourced defaults
        (:func:`default_assumptions`).

    Returns
    -------
    LandedCost
        The components, their total and the payments per currency.

    Raises
    ------
    InvalidArgumentError
        For a negative or non-finite value or rate, a quantity below 1, an unknown
        currency, or percentiles missing from a route that was never simulated (the
        message names the parameter).
    """
    check_instance("network", network, Network, "a Network, e.g. corridor.eurasia()")
    check_instance("route", route, Route, "a Route from corridor.route()")
    c = _consignment(
        value,
        currency=currency,
        quantity=quantity,
        fx=fx,
        insurance_rate=insurance_rate,
        carrying_rate=carrying_rate,
        conversion_spread=conversion_spread,
    )
    days = route.days if transit_days is None else check_number("transit_days", transit_days, low=0)
    p50 = route.transit_days.get("p50") if p50_days is None else p50_days
    p90 = route.transit_days.get("p90") if p90_days is None else p90_days
    if p50 is None or p90 is None:
        raise InvalidArgumentError(
            "p50_days=None: the route carries no simulated percentiles; pass p50_days and "
            "p90_days, or attach them with corridor.reliability.with_percentiles",
            parameter="p50_days",
        )
    p50 = check_number("p50_days", p50, low=0.0)
    p90 = check_number("p90_days", p90, low=0.0)
    return _route_cost(network, route, c, transit_days=days, p50_days=p50, p90_days=p90)


def _check_request(
    deadline: object, confidence: object, rank_by: object, samples: object
) -> tuple[float | None, float | None, int]:
    """The deadline (days), the confidence and the samples, checked."""
    if rank_by not in ("landed", "time"):
        raise InvalidArgumentError(
            f"rank_by={show(rank_by)}: use 'landed' or 'time'", parameter="rank_by"
        )
    days = None if deadline is None else parse_deadline(deadline)
    conf: float | None = None
    if confidence is not None:
        conf = check_number("confidence", confidence, low=0.0, low_open=True)
        if conf >= 1.0:
            raise InvalidArgumentError(
                f"confidence={show(confidence)}: out of range; use a probability above 0 "
                "and below 1, e.g. 0.9",
                parameter="confidence",
            )
        if days is None:
            raise InvalidArgumentError(
                f"confidence={show(confidence)}: needs a deadline; pass deadline='25d' too",
                parameter="confidence",
            )
    elif days is not None:
        conf = DEFAULT_CONFIDENCE
    n = check_int("samples", samples, low=100, high=10_000_000)
    return days, conf, n


def landed_cost_of_comparison(
    network: Network,
    comparison: Comparison,
    *,
    value: float,
    currency: str = "USD",
    quantity: int = 1,
    deadline: str | float | None = None,
    confidence: float | None = None,
    fx: FxRates | Mapping[str, float] | str | None = None,
    insurance_rate: float | None = None,
    carrying_rate: float | None = None,
    conversion_spread: float | None = None,
    rank_by: RankBy = "landed",
    samples: int = PERCENTILE_SAMPLES,
    seed: int = 0,
    month: int | None = None,
) -> LandedCostComparison:
    """Landed cost of the options of a comparison already made (see :func:`landed_cost`).

    Parameters
    ----------
    network
        The network the comparison was made on.
    comparison
        The result of :func:`corridor.compare`; its shown options are costed.
    value, currency, quantity, deadline, confidence, fx
        As for :func:`landed_cost`.
    insurance_rate, carrying_rate, conversion_spread
        As for :func:`landed_cost`.
    rank_by, samples, seed, month
        As for :func:`landed_cost`.

    Returns
    -------
    LandedCostComparison
        As for :func:`landed_cost`.

    Raises
    ------
    InvalidArgumentError
        As for :func:`landed_cost`.
    """
    check_instance("network", network, Network, "a Network, e.g. corridor.eurasia()")
    check_instance("comparison", comparison, Comparison, "a Comparison from corridor.compare()")
    c = _consignment(
        value,
        currency=currency,
        quantity=quantity,
        fx=fx,
        insurance_rate=insurance_rate,
        carrying_rate=carrying_rate,
        conversion_spread=conversion_spread,
    )
    days, conf, n = _check_request(deadline, confidence, rank_by, samples)
    kept: list[LandedCost] = []
    dropped: list[Dropped] = []
    for route in comparison.options:
        sim = simulate_route(network, route, samples=n, month=month, seed=seed)
        p = None if days is None else sim.probability_within(days)
        cost = _route_cost(
            network,
            route,
            c,
            transit_days=route.days,
            p50_days=sim.percentile_days(50),
            p90_days=sim.percentile_days(90),
            on_time_probability=p,
        )
        if p is not None and conf is not None and days is not None and p < conf:
            reason = (
                f"arrives within {days:g} days with probability {p:.2f}, below the "
                f"{conf:g} required (P90 {cost.p90_days:.1f} days)"
            )
            dropped.append(Dropped(cost, reason))
        else:
            kept.append(cost)

    def key(lc: LandedCost) -> tuple[float, float]:
        return (lc.total, lc.transit_days) if rank_by == "landed" else (lc.transit_days, lc.total)

    return LandedCostComparison(
        origin=comparison.origin,
        destination=comparison.destination,
        cargo=comparison.cargo,
        currency=c.currency,
        value=c.value,
        quantity=c.quantity,
        options=tuple(sorted(kept, key=key)),
        dropped=tuple(dropped),
        deadline_days=days,
        confidence=conf,
        rank_by=rank_by,
        fx=c.fx,
        assumptions=c.assumptions,
        comparison=comparison,
        samples=n,
        seed=seed,
    )


def landed_cost(
    network: Network,
    origin: str,
    destination: str,
    *,
    value: float,
    currency: str = "USD",
    quantity: int = 1,
    deadline: str | float | None = None,
    confidence: float | None = None,
    fx: FxRates | Mapping[str, float] | str | None = None,
    insurance_rate: float | None = None,
    carrying_rate: float | None = None,
    conversion_spread: float | None = None,
    rank_by: RankBy = "landed",
    samples: int = PERCENTILE_SAMPLES,
    seed: int = 0,
    options: RouteOptions | None = None,
    **overrides: Unpack[RouteKeywords],
) -> LandedCostComparison:
    """Landed cost of shipping a consignment by each corridor between two places.

    The corridor options are those of :func:`corridor.compare` (its shown options);
    each is simulated (``samples`` draws, ``seed``) for its P50 and P90 and, with a
    ``deadline``, the probability of arriving in time. Options below ``confidence`` are
    dropped, with why. The formulas are in :mod:`corridor.finance.landed`.

    Parameters
    ----------
    network
        The network.
    origin, destination
        Places.
    value
        Value of the goods of the whole consignment, 0 or more.
    currency
        ISO code of ``value`` and of every amount returned (``USD``).
    quantity
        Cargo units (containers of the ``cargo`` class) shipped, 1 or more.
    deadline
        ``"25d"``, ``"600h"`` or a number of days; ``None``: keep every option.
    confidence
        Probability of meeting the deadline an option needs, above 0 and below 1
        (default 0.9 with a deadline).
    fx
        Exchange rates: an :class:`~corridor.finance.fx.FxRates`, a mapping of units
        per US dollar (or a text ``"EUR=0.92,CNY=7.2"``) laid over the packaged dated
        table, or ``None`` for that table.
    insurance_rate, carrying_rate, conversion_spread
        Insurance premium (fraction of the value), annual carrying cost (fraction of
        the value per year) and FX conversion spread (fraction of the amount
        converted); ``None``: the sourced defaults (:func:`default_assumptions`).
    rank_by
        ``landed`` (cheapest first) or ``time`` (fastest mean first).
    samples, seed
        Monte Carlo draws and seed for the percentiles and on-time probabilities.
    options, **overrides
        The routing request's options, as for :func:`corridor.compare`.

    Returns
    -------
    LandedCostComparison
        The options that meet the deadline, ranked, and those dropped with why.

    Raises
    ------
    InvalidArgumentError
        For a negative or NaN value, a quantity below 1, an unknown currency, a
        confidence outside (0, 1), an unreadable deadline, a bad rate or routing option
        (the message names the parameter).
    NoRouteError
        If no route connects the places under the request.

    Examples
    --------
    >>> import corridor
    >>> from corridor.finance import landed_cost
    >>> net = corridor.eurasia()
    >>> lc = landed_cost(net, "Chengdu", "Warsaw", value=400_000, quantity=10, samples=2_000)
    >>> best = lc.best
    >>> round(sum(best.components.values()), 6) == round(best.total, 6)
    True
    >>> best.components["insurance"]
    800.0
    """
    opts = RouteOptions.of(options, overrides)
    c = _consignment(
        value,
        currency=currency,
        quantity=quantity,
        fx=fx,
        insurance_rate=insurance_rate,
        carrying_rate=carrying_rate,
        conversion_spread=conversion_spread,
    )
    _check_request(deadline, confidence, rank_by, samples)  # refuse before any search
    cmp = compare(network, origin, destination, options=opts)
    return landed_cost_of_comparison(
        network,
        cmp,
        value=c.value,
        currency=c.currency,
        quantity=c.quantity,
        deadline=deadline,
        confidence=confidence,
        fx=c.fx,
        insurance_rate=c.assumptions["insurance_rate"].value
        if insurance_rate is not None
        else None,
        carrying_rate=c.assumptions["carrying_rate"].value if carrying_rate is not None else None,
        conversion_spread=(
            c.assumptions["conversion_spread"].value if conversion_spread is not None else None
        ),
        rank_by=rank_by,
        samples=samples,
        seed=seed,
        month=opts.month,
    )
