from __future__ import annotations

from corridor.routing.families import FAMILIES, FAMILY_LABELS, corridor_family
from corridor.routing.result import Leg


def _move(a: str, b: str, mode: str, km: float) -> Leg:
    return Leg("move", a, b, a, b, mode, km, km / 40, km, km, from_country=a, to_country=b)


def test_every_family_has_a_label() -> None:
    assert set(FAMILY_LABELS) == set(FAMILIES)


def test_a_ship_between_the_end_countries_is_direct_sea() -> None:
    legs = [_move("CN", "CN", "rail_1435", 300), _move("CN", "IR", "sea", 9000)]
    legs.append(_move("IR", "IR", "rail_1435", 1300))
    assert corridor_family(legs, ["CN", "IR"], ["malacca"]) == "sea_direct"


def test_a_ship_feeding_a_land_corridor_is_labelled_by_the_land() -> None:
    # Shanghai -> Bandar Abbas by sea, then by train through Iran and Türkiye to Greece
    legs = [
        _move("CN", "IR", "sea", 9000),
        _move("IR", "TR", "rail_1435", 2500),
        _move("TR", "GR", "rail_1435", 1500),
    ]
    assert corridor_family(legs, ["CN", "IR", "TR", "GR"], []) == "southern"


def test_canals_and_the_cape_come_first() -> None:
    legs = [_move("CN", "GR", "sea", 15000), _move("GR", "BG", "rail_1435", 600)]
    assert corridor_family(legs, ["CN", "GR", "BG"], ["suez"]) == "sea_suez"
    assert corridor_family(legs, ["CN", "GR", "BG"], ["cape_good_hope"]) == "sea_cape"
