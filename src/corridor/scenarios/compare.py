"""Two scenarios side by side: routes per corridor, and assignments of one demand.

:func:`compare_routes` puts the best route of each corridor family under a base and an
other scenario next to each other (time, P90, cost, CO2). :func:`compare_assignments`
diffs two assignments of the same demand: TEU moved between corridors, bottlenecks
relieved or created, and the change in total system time (TEU-hours) and generalised
cost (USD) per year.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from corridor.assignment.corridor_results import CorridorAssignment
from corridor.network.model import Network
from corridor.planning.compare import Comparison, compare
from corridor.routing.families import FAMILY_LABELS
from corridor.routing.options import RouteOptions
from corridor.routing.result import Route

__all__ = [
    "AssignmentDiff",
    "BottleneckChange",
    "CorridorFlows",
    "RouteDiff",
    "compare_assignments",
    "compare_routes",
    "corridor_flows",
]

_CASPIAN = frozenset({"KZ", "AZ", "TM"})
_OD_KEYS = ("teu", "days", "usd", "co2_kg")
_MARKER_ORDER = ("sea_cape", "sea_suez", "northern", "southern", "middle")
CORRIDOR_LABELS: Mapping[str, str] = {
    "sea_cape": "Sea/Cape",
    "sea_suez": "Sea/Suez",
    "northern": "Northern (RU/BY)",
    "southern": "Southern (IR)",
    "middle": "Middle (Caspian)",
    "other": "other",
}
"""Corridor groups of :func:`corridor_flows`, with display names."""


@dataclass(frozen=True, slots=True)
class RouteDiff:
    """The best route of one corridor family under two scenarios.

    Attributes
    ----------
    corridor, label
        Family id and display name.
    base, other
        The routes (``None``: the family has no route under that scenario).
    """

    corridor: str
    label: str
    base: Route | None
    other: Route | None

    def row(self) -> dict[str, Any]:
        """Days, P90 days, USD and CO2 kg under both scenarios (``None`` when no route).

        Returns
        -------
        dict
            ``corridor``, ``label`` and ``{base,other}_{days,p90_days,usd,co2_kg}``.
        """
        out: dict[str, Any] = {"corridor": self.corridor, "label": self.label}
        for side, r in (("base", self.base), ("other", self.other)):
            out[f"{side}_days"] = None if r is None else r.days
            p90 = None if r is None else r.transit_days.get("p90")
            out[f"{side}_p90_days"] = p90
            out[f"{side}_usd"] = None if r is None else r.cost_usd
            out[f"{side}_co2_kg"] = None if r is None else r.co2_kg
        return out


def compare_routes(
    base: Network,
    other: Network,
    origin: str,
    destination: str,
    *,
    options: RouteOptions | None = None,
    other_options: RouteOptions | None = None,
) -> tuple[list[RouteDiff], Comparison, Comparison]:
    """The best route of each corridor family under both networks.

    Parameters
    ----------
    base, other
        The two networks (a scenario applied to each, see
        :func:`corridor.scenarios.apply_scenario`).
    origin, destination
        Places.
    options
        Routing options for ``base`` (and ``other`` unless ``other_options`` is given).
    other_options
        Routing options for ``other`` (a scenario's carbon price), or ``None``.

    Returns
    -------
    tuple
        The per-family rows (families of either side, in the base's rank order, then the
        other's), and both :class:`~corridor.planning.compare.Comparison` objects.

    Raises
    ------
    CorridorError
        As :func:`corridor.compare` (unknown places, bad options).
    """
    a = compare(base, origin, destination, options=options)
    b = compare(other, origin, destination, options=other_options or options)
    families: list[str] = []
    for r in (*a.options, *b.options):
        if r.corridor not in families:
            families.append(r.corridor)
    rows = [RouteDiff(f, FAMILY_LABELS.get(f, f), a.option(f), b.option(f)) for f in families]
    return rows, a, b


@dataclass(frozen=True, slots=True)
class CorridorFlows:
    """TEU per year by corridor group in one assignment.

    Attributes
    ----------
    teu
        Corridor group (:data:`CORRIDOR_LABELS`) to TEU per year.
    """

    teu: Mapping[str, float]


@dataclass(frozen=True)
class _Group:
    """A corridor group: the links every path of it crosses, and the nodes it encloses."""

    links: frozenset[str]
    nodes: frozenset[str]  # empty: each path crosses ``links`` once (a cut)


def _groups(network: Network) -> dict[str, _Group]:
    country = {n.id: n.country for n in network.nodes}

    def region(ids: set[str]) -> _Group:
        boundary = frozenset(
            lk.id for lk in network.links if (lk.from_node in ids) != (lk.to_node in ids)
        )
        return _Group(boundary, frozenset(ids))

    caspian = frozenset(
        lk.id
        for lk in network.links
        if lk.mode in ("ferry", "sea")
        and {country.get(lk.from_node), country.get(lk.to_node)} & {"AZ"}
        and {country.get(lk.from_node), country.get(lk.to_node)} & (_CASPIAN - {"AZ"})
    )
    return {
        "sea_cape": region({"cape_good_hope"}),
        "sea_suez": region({"suez"}),
        "northern": region({n for n, c in country.items() if c in ("RU", "BY")}),
        "southern": region({n for n, c in country.items() if c == "IR"}),
        "middle": _Group(caspian, frozenset()),
    }


def corridor_flows(result: CorridorAssignment) -> CorridorFlows:
    """TEU per year of the assigned demand by corridor group.

    Each OD pair's flow is attributed, in this order, to the Cape, Suez, the Northern
    corridor (Russia and Belarus), the Southern (Iran) and the Middle (the Caspian
    crossings to Azerbaijan); what is left is ``other``. The flow through a region is
    the pair's flow on the links crossing its boundary, halved when the pair passes
    through it (in and out); through the Caspian, its flow on the ferry links (crossed
    once). A pair whose flow passes two groups on one path counts in the first only.

    Parameters
    ----------
    result
        An assignment with OD flows tracked (``track_od``; the default for small demands).

    Returns
    -------
    CorridorFlows
        TEU per year by group.

    Raises
    ------
    CorridorError
        If the assignment did not track OD flows.
    """
    groups = _groups(result.network)
    crossed: dict[tuple[str, str], dict[str, float]] = {}
    for rec in result.records("od"):
        key = (rec["origin"], rec["destination"])
        sums = crossed.setdefault(key, {})
        for name, group in groups.items():
            if rec["link"] in group.links:
                sums[name] = sums.get(name, 0.0) + float(rec["teu"])
    totals = dict.fromkeys((*_MARKER_ORDER, "other"), 0.0)
    for pair, teu in zip(result.od_pairs, result.od_teu, strict=True):
        left = float(teu)
        found = crossed.get(pair, {})
        for name in _MARKER_ORDER:
            group = groups[name]
            through = group.nodes and not set(pair) & group.nodes
            take = min(left, found.get(name, 0.0) / (2.0 if through else 1.0))
            totals[name] += take
            left -= take
        totals["other"] += max(left, 0.0)
    return CorridorFlows(totals)


@dataclass(frozen=True, slots=True)
class BottleneckChange:
    """A bottleneck's congestion delay under both scenarios (TEU-hours per year).

    Attributes
    ----------
    id, name, kind
        The element.
    base_delay_teu_h, other_delay_teu_h
        Congestion delay per year (0: not congested).
    base_vc, other_vc
        Volume/capacity of its busiest direction (``None``: uncapacitated or absent).
    status
        ``relieved`` (congested only in the base), ``created`` (only in the other),
        ``worse`` or ``better``.
    """

    id: str
    name: str
    kind: str
    base_delay_teu_h: float
    other_delay_teu_h: float
    base_vc: float | None
    other_vc: float | None
    status: str


@dataclass(frozen=True, slots=True)
class AssignmentDiff:
    """Two assignments of one demand, compared.

    Attributes
    ----------
    base_flows, other_flows
        TEU per year by corridor group.
    bottlenecks
        Elements congested in either assignment, largest change first.
    base_time_teu_h, other_time_teu_h
        Total system time (TEU-hours per year).
    base_cost_usd, other_cost_usd
        Total generalised cost (USD per year).
    base_teu, other_teu
        Demand assigned (TEU per year; they differ when the other scenario grows it).
    od
        Per OD pair, per TEU at equilibrium under both (flow-weighted over its paths):
        ``origin``, ``destination`` and ``{base,other}_{teu,days,usd,co2_kg}``; a pair
        missing under one scenario has ``None`` there.
    """

    base_flows: CorridorFlows
    other_flows: CorridorFlows
    bottlenecks: tuple[BottleneckChange, ...]
    base_time_teu_h: float
    other_time_teu_h: float
    base_cost_usd: float
    other_cost_usd: float
    base_teu: float
    other_teu: float
    od: tuple[Mapping[str, Any], ...] = ()

    @property
    def moved_teu(self) -> dict[str, float]:
        """Change of TEU per year by corridor group (other minus base)."""
        groups = dict.fromkeys((*self.base_flows.teu, *self.other_flows.teu))
        return {
            g: self.other_flows.teu.get(g, 0.0) - self.base_flows.teu.get(g, 0.0) for g in groups
        }

    def to_dict(self) -> dict[str, Any]:
        """JSON form.

        Returns
        -------
        dict
            Flows by corridor, moved TEU, bottleneck changes and the totals.
        """
        return {
            "corridors": [
                {
                    "corridor": g,
                    "label": CORRIDOR_LABELS.get(g, g),
                    "base_teu": self.base_flows.teu.get(g, 0.0),
                    "other_teu": self.other_flows.teu.get(g, 0.0),
                    "moved_teu": moved,
                }
                for g, moved in self.moved_teu.items()
            ],
            "bottlenecks": [asdict(b) for b in self.bottlenecks],
            "total_system_time_teu_h": {
                "base": self.base_time_teu_h,
                "other": self.other_time_teu_h,
                "change": self.other_time_teu_h - self.base_time_teu_h,
            },
            "total_generalised_cost_usd": {
                "base": self.base_cost_usd,
                "other": self.other_cost_usd,
                "change": self.other_cost_usd - self.base_cost_usd,
            },
            "demand_teu": {"base": self.base_teu, "other": self.other_teu},
            "od": [dict(r) for r in self.od],
        }


def compare_assignments(base: CorridorAssignment, other: CorridorAssignment) -> AssignmentDiff:
    """Diff two assignments (of one demand, possibly grown, on two networks).

    Parameters
    ----------
    base, other
        The assignments (OD flows tracked).

    Returns
    -------
    AssignmentDiff
        Corridor flows, bottlenecks relieved or created, and total system time and cost.

    Raises
    ------
    CorridorError
        If an assignment did not track OD flows.
    """
    a = {b.id: b for b in base.bottlenecks(None)}
    b = {x.id: x for x in other.bottlenecks(None)}
    changes: list[BottleneckChange] = []
    for eid in dict.fromkeys((*a, *b)):
        x, y = a.get(eid), b.get(eid)
        d0 = x.total_delay_teu_h if x else 0.0
        d1 = y.total_delay_teu_h if y else 0.0
        if x is not None and y is None:
            status = "relieved"
        elif x is None:
            status = "created"
        else:
            status = "worse" if d1 > d0 else "better"
        ref = x or y
        if ref is None:  # pragma: no cover - every id comes from one of them
            continue
        changes.append(
            BottleneckChange(
                eid,
                ref.name,
                ref.kind,
                d0,
                d1,
                x.volume_capacity if x else None,
                y.volume_capacity if y else None,
                status,
            )
        )
    changes.sort(key=lambda c: -abs(c.other_delay_teu_h - c.base_delay_teu_h))
    od: dict[tuple[str, str], dict[str, Any]] = {}
    for side, run in (("base", base), ("other", other)):
        for rec in run.od_costs().records():
            row = od.setdefault(
                (rec["origin"], rec["destination"]),
                {"origin": rec["origin"], "destination": rec["destination"]}
                | {f"{s}_{k}": None for s in ("base", "other") for k in _OD_KEYS},
            )
            row[f"{side}_teu"] = rec["teu"]
            row[f"{side}_days"] = rec["time_h"] / 24.0
            row[f"{side}_usd"] = rec["money_usd"]
            row[f"{side}_co2_kg"] = rec["co2_kg"]
    return AssignmentDiff(
        base_flows=corridor_flows(base),
        other_flows=corridor_flows(other),
        bottlenecks=tuple(changes),
        base_time_teu_h=base.total_system_time_teu_h,
        other_time_teu_h=other.total_system_time_teu_h,
        base_cost_usd=base.total_generalised_cost_usd,
        other_cost_usd=other.total_generalised_cost_usd,
        base_teu=float(base.od_teu.sum()),
        other_teu=float(other.od_teu.sum()),
        od=tuple(od.values()),
    )
