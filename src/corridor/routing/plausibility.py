"""Which corridor options a forwarder would call a corridor, and which ones tie.

A comparison searches each corridor family with constraints that steer into it, so it can
return a "family" route that only exists as a detour through another corridor: Yiwu →
Tehran "Northern" through Poland, Germany and the Balkans, or Xi'an → Tashkent "Sea/Suez"
landed at Constanța and railed through Moscow. Four rules find them, each against another
option that is shown, so an option is only ever hidden in favour of one the user sees:

``dominated_detour``
    Another option is at least as fast, as cheap and as clean (mean days, money and CO2,
    one of them strictly better) *and* this one travels at least :data:`DETOUR_RATIO`
    (1.5) times its distance. Competing corridors between the same two places differ by
    a quarter or so in length (the Northern and Middle corridors China–Europe, Suez and
    the Cape Asia–North Europe: 1.2 to 1.35); an option half as long again that is worse
    on every count goes round another corridor. Dominated options closer in length are
    shown, flagged ``dominated``.
``third_union_detour``
    The route passes through a customs union (EU, EAEU; read from the network) that
    contains neither end, so it enters and leaves it through two customs frontiers,
    while another option of the same kind (by land, or by sea: half its distance or more)
    avoids that union altogether and is at least :data:`TRANSIT_MARGIN` (10 %) shorter.
    Land and sea options are not weighed against each other by distance: a ship is long
    in kilometres and cheap. This is the check that a family's defining
    segment is where the family says: a "Northern" route to Türkiye that leaves the EAEU
    into the EU and comes back out is not the Northern corridor; a route to Germany
    through the EAEU is (no option avoiding the EAEU is shorter).
``reentry_detour``
    The route leaves a country and comes back into it (Xi'an → Baku "Northern"
    CN-KZ-RU-KZ-AZ: out of Kazakhstan into Russia and back to Aktau), while another option
    of the same kind enters no country twice and is at least :data:`TRANSIT_MARGIN` shorter.
    A line that really runs through a neighbour's territory (the Trans-Siberian across
    northern Kazakhstan) stays a corridor wherever no clearly shorter option avoids it.
``land_bridge_detour``
    The route sails, lands the cargo, carries it over land through a country that is
    neither end and sails again (Shanghai → Piraeus by ship to Bandar Abbas, by rail through
    Iran and Türkiye, by ship from Ambarlı), while another option is shown that does not:
    a land bridge between two voyages is neither a sea corridor nor a land one. The
    Caspian ferries of the Middle corridor are not voyages in this sense.

Hidden options are kept, with the reasons, and shown on request (``corridor compare
--all``); they are never dropped silently.

**Ties.** Options whose objective (generalized cost by default) is within
:data:`TIE_MARGIN` (3 %) of the best of their group share its rank. Three per cent is
below what the model resolves: the rates, dwells and speeds behind an option are
calibrated to published bands an order of magnitude wider, so a smaller difference is not
a ranking.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

from corridor.network.model import CustomsUnion
from corridor.routing.families import FAMILY_LABELS
from corridor.routing.result import Route

__all__ = [
    "DETOUR_RATIO",
    "TIE_MARGIN",
    "TRANSIT_MARGIN",
    "Assessment",
    "Finding",
    "FindingRule",
    "LandBridge",
    "assess",
    "dominates",
    "land_bridge",
    "reentered",
]

TIE_MARGIN: Final = 0.03
"""Options within this fraction of a better option's objective tie with it."""
DETOUR_RATIO: Final = 1.5
"""A dominated option at least this many times the dominating option's distance is hidden."""
TRANSIT_MARGIN: Final = 0.10
"""A route through a third customs union is hidden when an option avoiding it is this much
shorter."""

_SEABORNE_SHARE: Final = 0.5

FindingRule = Literal[
    "dominated", "dominated_detour", "third_union_detour", "reentry_detour", "land_bridge_detour"
]


@dataclass(frozen=True, slots=True)
class Finding:
    """Why an option is hidden, or a fact shown with it.

    Attributes
    ----------
    rule
        ``dominated`` (a flag: another option is better on every count),
        ``dominated_detour``, ``third_union_detour``, ``reentry_detour`` or
        ``land_bridge_detour`` (reasons to hide).
    reference
        Corridor family of the option it is measured against.
    text
        One sentence for people.
    """

    rule: FindingRule
    reference: str
    text: str

    def to_dict(self) -> dict[str, str]:
        """JSON form.

        Returns
        -------
        dict
            ``rule``, ``reference`` and ``text``.
        """
        return {"rule": self.rule, "reference": self.reference, "text": self.text}


@dataclass(frozen=True, slots=True)
class Assessment:
    """An option as compared with the others.

    Attributes
    ----------
    route
        The option.
    rank
        1 for the best shown option; options that tie share the rank of the best of their
        group. ``None`` for an implausible option.
    tie_with
        Corridor families of the other options in its tie group.
    flags
        Facts shown with the option (``dominated``).
    implausible
        Why the option is hidden; empty for a shown one.
    tied_above
        Whether it holds its rank by tying with a better option.
    """

    route: Route
    rank: int | None
    tie_with: tuple[str, ...] = ()
    flags: tuple[Finding, ...] = ()
    implausible: tuple[Finding, ...] = ()
    tied_above: bool = False

    @property
    def shown(self) -> bool:
        """Whether the option is shown as a corridor."""
        return not self.implausible

    @property
    def rank_label(self) -> str:
        """``"1"``; ``"~1"`` when it ties with a better option; ``"-"`` when hidden."""
        if self.rank is None:
            return "-"
        return f"~{self.rank}" if self.tied_above else str(self.rank)

    def to_dict(self) -> dict[str, Any]:
        """The route's JSON with ``rank``, ``tie_with`` and ``flags`` (or ``implausible``).

        Returns
        -------
        dict
            :meth:`corridor.routing.result.Route.to_dict` plus the assessment.
        """
        out = self.route.to_dict()
        out["rank"] = self.rank
        out["tie_with"] = list(self.tie_with)
        out["flags"] = [f.to_dict() for f in self.flags]
        if self.implausible:
            out["implausible"] = [f.to_dict() for f in self.implausible]
        return out


def dominates(a: Route, b: Route) -> bool:
    """Whether ``a`` is at least as fast, cheap and clean as ``b``, and better on one count.

    Parameters
    ----------
    a, b
        Two routes (mean days, money and CO2 are compared).

    Returns
    -------
    bool
        Pareto dominance on (time, money, CO2).
    """
    fa = (a.hours, a.cost_usd, a.co2_kg)
    fb = (b.hours, b.cost_usd, b.co2_kg)
    return all(x <= y for x, y in zip(fa, fb, strict=True)) and fa != fb


def assess(
    routes: Sequence[Route],
    *,
    unions: Sequence[CustomsUnion] = (),
    tie_margin: float = TIE_MARGIN,
    detour_ratio: float = DETOUR_RATIO,
    transit_margin: float = TRANSIT_MARGIN,
) -> tuple[Assessment, ...]:
    """Rank options, mark ties and find those that are detours through another corridor.

    Parameters
    ----------
    routes
        One option per corridor family between the same two places, with the same
        ``objective`` yardstick.
    unions
        Customs unions of the network (:attr:`corridor.network.model.Network.customs_unions`).
    tie_margin
        Relative objective difference within which options tie.
    detour_ratio
        Distance ratio from which a dominated option is a detour.
    transit_margin
        How much shorter an option avoiding a third customs union, or entering no country
        twice, must be.

    Returns
    -------
    tuple of Assessment
        Shown options best first, then the implausible ones best first.
    """
    hidden: dict[int, list[Finding]] = {}
    bridges = [land_bridge(r) for r in routes]
    # land bridges last, each group by length: every option is judged against options
    # already judged, so no option hides one that hides it
    order = sorted(
        range(len(routes)), key=lambda i: (bridges[i] is not None, routes[i].distance_km, i)
    )
    shown: list[int] = []
    for i in order:
        references = [routes[j] for j in shown]
        reasons = _detours(routes[i], references, detour_ratio)
        reasons += _union_detours(routes[i], references, unions, transit_margin)
        reasons += _reentry_detours(routes[i], references, transit_margin)
        bridge = bridges[i]
        if bridge is not None:
            reasons += _bridge_detours(bridge, [routes[j] for j in shown if bridges[j] is None])
        if reasons:
            hidden[i] = reasons
        else:
            shown.append(i)
    shown.sort(key=lambda i: (routes[i].objective, i))
    leaders: list[int] = []  # position in ``shown`` of each option's tie-group leader
    for pos, i in enumerate(shown):
        lead = leaders[-1] if leaders else 0
        if pos == 0 or not _ties(routes[i].objective, routes[shown[lead]].objective, tie_margin):
            lead = pos
        leaders.append(lead)
    shown_routes = [routes[j] for j in shown]
    out: list[Assessment] = []
    for pos, i in enumerate(shown):
        group = [shown[q] for q in range(len(shown)) if leaders[q] == leaders[pos]]
        out.append(
            Assessment(
                routes[i],
                leaders[pos] + 1,
                tuple(routes[j].corridor for j in group if j != i),
                _dominated_flags(routes[i], shown_routes),
                tied_above=leaders[pos] != pos,
            )
        )
    rest = sorted(hidden, key=lambda i: (routes[i].objective, i))
    out.extend(Assessment(routes[i], None, implausible=tuple(hidden[i])) for i in rest)
    return tuple(out)


def _ties(value: float, best: float, margin: float) -> bool:
    return value <= best + margin * abs(best)


def _label(corridor: str) -> str:
    return FAMILY_LABELS.get(corridor, corridor)


def _detours(r: Route, shown: list[Route], ratio: float) -> list[Finding]:
    for s in shown:
        if dominates(s, r) and r.distance_km >= ratio * s.distance_km:
            text = (
                f"slower, dearer and more CO2 than {_label(s.corridor)} and "
                f"{r.distance_km / s.distance_km:.1f}x its distance "
                f"({r.distance_km:,.0f} km against {s.distance_km:,.0f}): "
                "a detour through another corridor"
            )
            return [Finding("dominated_detour", s.corridor, text)]
    return []


def _union_detours(
    r: Route, shown: list[Route], unions: Sequence[CustomsUnion], margin: float
) -> list[Finding]:
    ends = {r.origin.country, r.destination.country}
    out: list[Finding] = []
    for union in unions:
        if ends & union.members:
            continue
        inside = [c for c in r.countries if c in union.members]
        if not inside:
            continue
        for s in shown:
            if _seaborne(s) != _seaborne(r) or any(c in union.members for c in s.countries):
                continue
            if s.distance_km * (1.0 + margin) <= r.distance_km:
                text = (
                    f"passes through the {union.id} ({'-'.join(dict.fromkeys(inside))}), "
                    f"entering and leaving it, though neither end is in it; "
                    f"{_label(s.corridor)} avoids the {union.id} in "
                    f"{s.distance_km:,.0f} km against {r.distance_km:,.0f}"
                )
                out.append(Finding("third_union_detour", s.corridor, text))
                break
    return out


def reentered(r: Route) -> tuple[str, ...]:
    """Countries the route leaves and comes back into, in order.

    Parameters
    ----------
    r
        A route (its :attr:`~corridor.routing.result.Route.countries`, in order).

    Returns
    -------
    tuple of str
        ISO codes entered a second time; empty for a route that enters each country once.
    """
    seen: set[str] = set()
    out: dict[str, None] = {}
    previous = None
    for c in r.countries:
        if c != previous and c in seen:
            out[c] = None
        seen.add(c)
        previous = c
    return tuple(out)


@dataclass(frozen=True, slots=True)
class LandBridge:
    """Where a route lands its cargo between two voyages and what it crosses by land.

    Attributes
    ----------
    landed, sails
        Names of the port where the cargo is landed and of the one it sails again from.
    countries
        Countries of the land moves between the two voyages, in order.
    """

    landed: str
    sails: str
    countries: tuple[str, ...]


def land_bridge(r: Route) -> LandBridge | None:
    """The land bridge between two voyages of a route, if it has one.

    A land bridge is a land move between two sea moves that passes through a country that
    is neither the origin's nor the destination's. Ferries (the Caspian ones) and inland
    waterways are not voyages; a port call or a transshipment from ship to ship is no land
    move.

    Parameters
    ----------
    r
        A route.

    Returns
    -------
    LandBridge or None
        The first such bridge, or ``None``.
    """
    moves = [leg for leg in r.legs if leg.kind == "move"]
    sea = [i for i, leg in enumerate(moves) if leg.mode == "sea"]
    ends = {r.origin.country, r.destination.country}
    for a, b in itertools.pairwise(sea):
        land = moves[a + 1 : b]
        crossed = tuple(
            dict.fromkeys(c for leg in land for c in (leg.from_country, leg.to_country) if c)
        )
        if land and set(crossed) - ends:
            return LandBridge(moves[a].to_name, moves[b].from_name, crossed)
    return None


def _reentry_detours(r: Route, shown: list[Route], margin: float) -> list[Finding]:
    again = reentered(r)
    if not again:
        return []
    for s in shown:
        if _seaborne(s) != _seaborne(r) or reentered(s):
            continue
        if s.distance_km * (1.0 + margin) <= r.distance_km:
            text = (
                f"leaves {'-'.join(again)} and comes back into it "
                f"({'-'.join(r.countries)}); {_label(s.corridor)} enters no country twice "
                f"in {s.distance_km:,.0f} km against {r.distance_km:,.0f}"
            )
            return [Finding("reentry_detour", s.corridor, text)]
    return []


def _bridge_detours(bridge: LandBridge, shown: list[Route]) -> list[Finding]:
    if not shown:
        return []
    # name an option that sails all the way if one is shown, else the best one
    s = min(shown, key=lambda x: (not _seaborne(x), x.objective))
    text = (
        f"lands the cargo at {bridge.landed}, crosses {'-'.join(bridge.countries)} by land "
        f"and sails again from {bridge.sails}: a land bridge, not a sea corridor; "
        f"{_label(s.corridor)} needs none"
    )
    return [Finding("land_bridge_detour", s.corridor, text)]


def _seaborne(r: Route) -> bool:
    """Whether at least half the route's distance is by sea."""
    sea = sum(leg.distance_km for leg in r.legs if leg.kind == "move" and leg.mode == "sea")
    return sea >= _SEABORNE_SHARE * r.distance_km


def _dominated_flags(r: Route, shown: list[Route]) -> tuple[Finding, ...]:
    better = [s for s in shown if dominates(s, r)]
    if not better:
        return ()
    s = min(better, key=lambda x: x.objective)
    text = f"dominated by {_label(s.corridor)}: slower, dearer and more CO2"
    return (Finding("dominated", s.corridor, text),)
