"""Which corridor options a forwarder would call a corridor, and which ones tie.

A comparison searches each corridor family with constraints that steer into it, so it can
return a "family" route that only exists as a detour through another corridor: Yiwu →
Tehran "Northern" through Poland, Germany and the Balkans, or Xi'an → Tashkent "Sea/Suez"
landed at Constanța and railed through Moscow. Two rules find them, each against another
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

Hidden options are kept, with the reasons, and shown on request (``corridor compare
--all``); they are never dropped silently.

**Ties.** Options whose objective (generalized cost by default) is within
:data:`TIE_MARGIN` (3 %) of the best of their group share its rank. Three per cent is
below what the model resolves: the rates, dwells and speeds behind an option are
calibrated to published bands an order of magnitude wider, so a smaller difference is not
a ranking.
"""

from __future__ import annotations

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
    "assess",
    "dominates",
]

TIE_MARGIN: Final = 0.03
"""Options within this fraction of a better option's objective tie with it."""
DETOUR_RATIO: Final = 1.5
"""A dominated option at least this many times the dominating option's distance is hidden."""
TRANSIT_MARGIN: Final = 0.10
"""A route through a third customs union is hidden when an option avoiding it is this much
shorter."""

_SEABORNE_SHARE: Final = 0.5

FindingRule = Literal["dominated", "dominated_detour", "third_union_detour"]


@dataclass(frozen=True, slots=True)
class Finding:
    """Why an option is hidden, or a fact shown with it.

    Attributes
    ----------
    rule
        ``dominated`` (a flag: another option is better on every count),
        ``dominated_detour`` or ``third_union_detour`` (reasons to hide).
    reference
        Corridor family of the option it is measured against.
    text
        One sentence for people.
    """

    rule: FindingRule
    reference: str
    text: str

    def to_dict(self) -> dict[str, str]:
        """JSON form."""
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
        """The route's JSON with ``rank``, ``tie_with`` and ``flags`` (or ``implausible``)."""
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
        How much shorter an option avoiding a third customs union must be.

    Returns
    -------
    tuple of Assessment
        Shown options best first, then the implausible ones best first.
    """
    hidden: dict[int, list[Finding]] = {}
    by_length = sorted(range(len(routes)), key=lambda i: (routes[i].distance_km, i))
    shown: list[int] = []
    for i in by_length:
        references = [routes[j] for j in shown]  # all shorter: no cycle, order-free
        reasons = _detours(routes[i], references, detour_ratio)
        reasons += _union_detours(routes[i], references, unions, transit_margin)
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
