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
    "central_asia": "Central Asia",
    "other": "Other",
}

_SEA_SHARE = 0.5
_CASPIAN = frozenset({"AZ"})
_BLACK_SEA_PORT_STATE = "GE"  # Poti and Batumi: the Middle Corridor's Black Sea gateway


def corridor_family(
    legs: Sequence[Leg], countries: Sequence[str], chokepoints: Sequence[str]
) -> str:
    """Label a route by the corridor family it belongs to.

    Rules, in order: a route whose sea distance is at least half its distance is
    ``sea_cape`` when it rounds the Cape of Good Hope, else ``sea_suez`` when it passes
    Suez; a land route through Russia is ``northern``; through Iran, ``southern``; across
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
