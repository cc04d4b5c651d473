from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

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


def test_a_land_bridge_between_two_voyages_is_not_direct_sea() -> None:
    # Shanghai -> Piraeus with Suez closed: ship to Bandar Abbas, rail through Iran and
    # Türkiye, ship from Ambarlı to Piraeus; the sea legs start in CN and end in GR, but no
    # ship carries the cargo between the two
    legs = [
        _move("CN", "IR", "sea", 11200),
        _move("IR", "TR", "rail_1435", 2300),
        _move("TR", "TR", "rail_1435", 1900),
        _move("TR", "GR", "sea", 630),
    ]
    assert corridor_family(legs, ["CN", "IR", "TR", "GR"], ["malacca"]) == "southern"


def test_a_transshipment_from_ship_to_ship_stays_direct_sea() -> None:
    legs = [_move("CN", "SG", "sea", 4600), _move("SG", "IR", "sea", 6600)]
    transfer = Leg("transfer", "SG", "SG", "SG", "SG", "sea>sea", 0, 24, 100, 0)
    assert corridor_family([legs[0], transfer, legs[1]], ["CN", "IR"], []) == "sea_direct"


_MOVES = st.lists(
    st.tuples(
        st.sampled_from(["CN", "IR", "TR", "GR", "KZ"]),
        st.sampled_from(["sea", "rail_1435", "road", "ferry"]),
        st.floats(10, 10_000),
    ),
    min_size=1,
    max_size=7,
)


@given(_MOVES)
def test_direct_sea_is_one_voyage_between_the_end_countries(raw: list[tuple]) -> None:  # type: ignore[type-arg]
    legs: list[Leg] = []
    here = "CN"
    for country, mode, km in raw:
        legs.append(_move(here, country, mode, km))
        here = country
    countries = list(dict.fromkeys(c for g in legs for c in (g.from_country, g.to_country)))
    if corridor_family(legs, countries, []) != "sea_direct":
        return
    sea = [i for i, g in enumerate(legs) if g.mode == "sea"]
    assert sea == list(range(sea[0], sea[-1] + 1))  # no land between two sea legs
    assert all(g.to_country == "CN" for g in legs[: sea[0]])
    assert all(g.to_country == legs[-1].to_country for g in legs[sea[-1] + 1 :])
