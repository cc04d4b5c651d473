"""Corridor families, derived from the countries, chokepoints and modes a route uses."""

from __future__ import annotations

from collections.abc import Sequence

from corridor.routing.result import Leg

__all__ = ["FAMILIES", "FAMILY_LABELS", "corridor_family"]

FAMILIES: tuple[str, ...] = (
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
"""Every family a route can be labelled with, in display order."""

FAMILY_LABELS: dict[str, str] = {
    "northern": "Northern",
    "middle_black_sea": "Middle/Black Sea",
    "middle_turkiye": "Middle/Türkiye",
    "middle": "Middle",
    "southern": "Southern",
    "sea_suez": "Sea/Suez",
    "sea_cape": "Sea/Cape",
    "sea_direct": "Sea/direct",
    "central_asia": "Central Asia",
    "other": "Other",
}

_SEA_SHARE = 0.5
_CASPIAN = frozenset({"AZ"})
_BLACK_SEA_PORT_STATE = "GE"  # Poti and Batumi: the Middle Corridor's Black Sea gateway


def _sea_between_end_countries(legs: Sequence[Leg]) -> bool:
    """Whether one voyage carries the cargo from the origin's country to the destination's.

    Every move before the first sea leg stays in the origin's country, every move after
    the last one in the destination's, and every move between them is by sea (port calls
    and transshipment from ship to ship are not moves): cargo landed on the way and carried
    over land to another port is on a land bridge, not on a ship between the two countries.
    """
    moves = [leg for leg in legs if leg.kind == "move"]
    sea = [i for i, leg in enumerate(moves) if leg.mode == "sea"]
    if not sea:
        return False
    first, last = sea[0], sea[-1]
    start, end = moves[0].from_country, moves[-1].to_country
    return (
        all(leg.to_country == start for leg in moves[:first])
        and all(leg.mode == "sea" for leg in moves[first : last + 1])
        and all(leg.to_country == end for leg in moves[last + 1 :])
    )


def corridor_family(
    legs: Sequence[Leg], countries: Sequence[str], chokepoints: Sequence[str]
) -> str:
    """Label a route by the corridor family it belongs to.

    Rules, in order: a route whose sea distance is at least half its distance is
    ``sea_cape`` when it rounds the Cape of Good Hope, ``sea_suez`` when it passes Suez,
    and ``sea_direct`` (China to the Gulf, India, South-East Asia) when it sails from a port
    of the origin's country to one of the destination's in one voyage (a ship to Bandar
    Abbas and a train on through Iran and Türkiye is a land corridor fed by sea, labelled
    as such, and so is one that sails again from Türkiye: a land bridge); a
    land route through Russia is ``northern``; through Iran, ``southern``; across
    the Caspian to Azerbaijan, ``middle_black_sea`` when it sails from or to a Georgian
    Black Sea port, ``middle_turkiye`` when it continues by land through Türkiye, else ``middle``; a
    route through Kazakhstan or Uzbekistan that ends in Central Asia is ``central_asia``.

    Parameters
    ----------
    legs
        The route's legs.
    countries
        Countries passed, in order.
    chokepoints
        Chokepoint ids passed.

    Returns
    -------
    str
        One of :data:`FAMILIES`.
    """
    total = sum(leg.distance_km for leg in legs) or 1.0
    sea = sum(leg.distance_km for leg in legs if leg.kind == "move" and leg.mode == "sea")
    cset = set(countries)
    if sea / total >= _SEA_SHARE:
        if "cape_good_hope" in chokepoints:
            return "sea_cape"
        if "suez" in chokepoints:
            return "sea_suez"
        if _sea_between_end_countries(legs):
            return "sea_direct"
    if "RU" in cset or "BY" in cset:
        return "northern"
    if "IR" in cset:
        return "southern"
    if cset & _CASPIAN:
        if any(
            leg.kind == "move"
            and leg.mode in ("sea", "ferry")
            and _BLACK_SEA_PORT_STATE in (leg.from_country, leg.to_country)
            for leg in legs
        ):
            return "middle_black_sea"
        if "TR" in cset:
            return "middle_turkiye"
        return "middle"
    if cset & {"KZ", "UZ", "KG", "TM"}:
        return "central_asia"
    return "other"
