from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.network.model import CargoClass, CustomsUnion, Node
from corridor.routing.plausibility import (
    DETOUR_RATIO,
    TIE_MARGIN,
    TRANSIT_MARGIN,
    Assessment,
    assess,
    dominates,
    land_bridge,
    reentered,
)
from corridor.routing.result import Leg, Route

_FEU = CargoClass("FEU", "40 ft container", 2.0, 20.0, 100_000.0, 1_000.0)
_XIAN = Node("xian", "Xi'an", "city", "CN", 108.9, 34.3)
_IST = Node("istanbul", "Istanbul", "city", "TR", 28.9, 41.0)
_EU = CustomsUnion("EU", "European Union", frozenset({"PL", "DE", "CZ", "BG"}))
_EAEU = CustomsUnion("EAEU", "Eurasian Economic Union", frozenset({"KZ", "RU", "BY"}))


def _route(
    corridor: str,
    *,
    days: float,
    usd: float,
    co2: float,
    km: float,
    countries: tuple[str, ...] = ("CN", "TR"),
    objective: float | None = None,
) -> Route:
    leg = Leg("move", "xian", "istanbul", "Xi'an", "Istanbul", "rail_1520", km, days * 24, usd, co2)
    return Route(
        _XIAN,
        _IST,
        _FEU,
        (leg,),
        corridor,
        usd + 1_000.0 * days if objective is None else objective,
        "generalized",
        countries,
        (),
    )


def _by(assessed: tuple[Assessment, ...]) -> dict[str, Assessment]:
    return {a.route.corridor: a for a in assessed}


def test_dominance_needs_every_count() -> None:
    a = _route("a", days=10, usd=100, co2=10, km=1000)
    b = _route("b", days=12, usd=120, co2=12, km=1100)
    c = _route("c", days=12, usd=90, co2=12, km=1100)
    assert dominates(a, b)
    assert not dominates(b, a)
    assert not dominates(a, c)  # c is cheaper
    assert not dominates(a, a)  # equal is not better


def test_a_dominated_option_half_as_long_again_is_a_detour() -> None:
    best = _route("southern", days=21, usd=6214, co2=3783, km=8407)
    north = _route("northern", days=30, usd=11490, co2=6880, km=16866)
    by = _by(assess([north, best]))
    assert by["southern"].shown
    assert by["southern"].rank == 1
    hidden = by["northern"]
    assert not hidden.shown
    assert hidden.rank is None
    assert hidden.rank_label == "-"
    [finding] = hidden.implausible
    assert (finding.rule, finding.reference) == ("dominated_detour", "southern")
    assert "2.0x its distance" in finding.text


def test_a_dominated_option_of_comparable_length_is_shown_and_flagged() -> None:
    northern = _route("northern", days=18, usd=7286, co2=4862, km=11364)
    middle = _route("middle_turkiye", days=27, usd=11382, co2=6068, km=14416)  # 1.27x
    by = _by(assess([northern, middle]))
    assert by["middle_turkiye"].shown
    assert by["middle_turkiye"].rank == 2
    [flag] = by["middle_turkiye"].flags
    assert (flag.rule, flag.reference) == ("dominated", "northern")
    assert by["northern"].flags == ()


def test_a_long_option_that_is_cheaper_is_a_corridor() -> None:
    rail = _route("northern", days=18, usd=7286, co2=4862, km=11364)
    sea = _route("sea_cape", days=42, usd=2064, co2=8570, km=27824)  # 2.4x, but cheaper
    assert all(a.shown for a in assess([rail, sea]))


def test_detour_ratio_is_the_boundary() -> None:
    short = _route("a", days=10, usd=100, co2=10, km=1000)
    at = _route("b", days=11, usd=110, co2=11, km=1000 * DETOUR_RATIO)
    below = _route("c", days=11, usd=110, co2=11, km=1000 * DETOUR_RATIO - 1)
    assert not _by(assess([short, at]))["b"].shown
    assert _by(assess([short, below]))["c"].shown


def test_transit_through_a_third_union_is_a_detour_even_when_fastest() -> None:
    # Xi'an -> Istanbul "Northern" through PL-DE-CZ-BG: fastest and cheapest here, but it
    # enters and leaves the EU, and the Middle corridor avoids the EU in far fewer km
    north = _route(
        "northern",
        days=17.6,
        usd=7449,
        co2=4713,
        km=12207,
        countries=("CN", "KZ", "RU", "BY", "PL", "DE", "CZ", "BG", "TR"),
    )
    middle = _route(
        "middle_turkiye", days=18.3, usd=8621, co2=4489, km=9447, countries=("CN", "KZ", "TR")
    )
    by = _by(assess([north, middle], unions=[_EU, _EAEU]))
    assert by["middle_turkiye"].rank == 1
    [finding] = by["northern"].implausible
    assert (finding.rule, finding.reference) == ("third_union_detour", "middle_turkiye")
    assert "EU (PL-DE-CZ-BG)" in finding.text
    # the EAEU is crossed by both: no finding about it
    assert all("EAEU" not in f.text for f in by["northern"].implausible)
    # without union data the rule cannot fire
    assert all(a.shown for a in assess([north, middle]))


def test_a_union_holding_an_end_is_not_a_third_union() -> None:
    to_de = _route("northern", days=14, usd=6000, co2=4000, km=11000, countries=("CN", "PL", "DE"))
    other = _route("middle", days=20, usd=9000, co2=5000, km=5000, countries=("CN", "TR"))
    to_de = Route(
        _XIAN,
        Node("duisburg", "Duisburg", "rail_terminal", "DE", 6.75, 51.47),
        _FEU,
        to_de.legs,
        "northern",
        to_de.objective,
        "generalized",
        to_de.countries,
        (),
    )
    assert all(a.shown for a in assess([to_de, other], unions=[_EU]))


def test_a_union_avoider_must_be_clearly_shorter() -> None:
    through = _route(
        "northern", days=17, usd=7000, co2=4700, km=10000, countries=("CN", "PL", "TR")
    )
    close = _route(
        "middle",
        days=18,
        usd=8000,
        co2=4500,
        km=10000 / (1 + TRANSIT_MARGIN) + 1,
        countries=("CN", "GE", "TR"),
    )
    assert all(a.shown for a in assess([through, close], unions=[_EU]))


def test_ties_share_the_rank_of_the_best_of_their_group() -> None:
    routes = [
        _route(name, days=1, usd=1, co2=1, km=1000 + i, objective=obj)
        for i, (name, obj) in enumerate(
            [("a", 100.0), ("b", 102.0), ("c", 110.0), ("d", 112.5), ("e", 120.0)]
        )
    ]
    by = _by(assess(routes, tie_margin=TIE_MARGIN))
    assert [by[k].rank_label for k in "abcde"] == ["1", "~1", "3", "~3", "5"]
    assert by["a"].tie_with == ("b",)
    assert by["b"].tie_with == ("a",)
    assert by["d"].tie_with == ("c",)
    assert by["e"].tie_with == ()
    data = by["b"].to_dict()
    assert (data["rank"], data["tie_with"]) == (1, ["a"])


_ROUTES = st.lists(
    st.tuples(
        st.floats(1, 60),
        st.floats(100, 20_000),
        st.floats(100, 20_000),
        st.floats(500, 40_000),
        st.sets(st.sampled_from(["KZ", "RU", "PL", "DE", "GE", "TR", "IR"]), max_size=4),
    ),
    min_size=1,
    max_size=8,
)


@given(_ROUTES)
def test_something_is_always_shown_and_every_hider_is_shown(raw: list[tuple]) -> None:  # type: ignore[type-arg]
    routes = [
        _route(f"f{i}", days=d, usd=u, co2=c, km=k, countries=("CN", *sorted(cs), "TR"))
        for i, (d, u, c, k, cs) in enumerate(raw)
    ]
    assessed = assess(routes, unions=[_EU, _EAEU])
    assert len(assessed) == len(routes)
    shown = [a for a in assessed if a.shown]
    assert shown
    assert shown[0].rank == 1
    names = {a.route.corridor for a in shown}
    for a in assessed:
        for f in (*a.implausible, *a.flags):
            assert f.reference in names
    ranks = [a.rank for a in shown]
    assert ranks == sorted(ranks)  # type: ignore[type-var]
    # the best option by objective that nobody dominates is never hidden
    undominated = [r for r in routes if not any(dominates(s, r) for s in routes)]
    best = min(undominated, key=lambda r: r.objective)
    assert best.corridor in names or any(
        f.rule == "third_union_detour" for a in assessed for f in a.implausible
    )


def test_a_ship_is_not_shown_up_by_a_train_for_its_kilometres() -> None:
    # Xi'an -> Istanbul by sea to Piraeus and rail through Bulgaria: long and cheap; the
    # land corridor avoiding the EU is shorter but not of the same kind
    sea_leg = Leg("move", "a", "b", "A", "B", "sea", 16000, 700, 2800, 5000)
    rail_leg = Leg("move", "b", "c", "B", "C", "rail_1435", 990, 40, 458, 468)
    sea = Route(
        _XIAN,
        _IST,
        _FEU,
        (sea_leg, rail_leg),
        "sea_suez",
        35000.0,
        "generalized",
        ("CN", "GR", "BG", "TR"),
        ("suez",),
    )
    land = _route(
        "middle_turkiye", days=18.8, usd=8209, co2=4473, km=9411, countries=("CN", "KZ", "TR")
    )
    greece = CustomsUnion("EU", "European Union", frozenset({"GR", "BG"}))
    assert all(a.shown for a in assess([sea, land], unions=[greece]))


_BAKU = Node("baku", "Baku", "port", "AZ", 49.9, 40.4)


def _to(route: Route, destination: Node) -> Route:
    return Route(
        route.origin,
        destination,
        route.cargo,
        route.legs,
        route.corridor,
        route.objective,
        route.optimize,
        route.countries,
        route.chokepoints,
    )


def test_a_route_that_comes_back_into_a_country_is_a_detour() -> None:
    # Xi'an -> Baku "Northern": out of Kazakhstan into Russia and back to Aktau, against the
    # Middle corridor across Kazakhstan once (issue 8, example 11)
    north = _route(
        "northern", days=17.2, usd=7486, co2=6407, km=9237, countries=("CN", "KZ", "RU", "KZ", "AZ")
    )
    middle = _route("middle", days=13.1, usd=5514, co2=3289, km=6731, countries=("CN", "KZ", "AZ"))
    by = _by(assess([_to(north, _BAKU), _to(middle, _BAKU)]))
    assert by["middle"].shown
    [finding] = by["northern"].implausible
    assert (finding.rule, finding.reference) == ("reentry_detour", "middle")
    assert "leaves KZ and comes back into it (CN-KZ-RU-KZ-AZ)" in finding.text


def test_a_reentry_is_a_detour_even_when_it_is_faster_and_cheaper() -> None:
    north = _route(
        "northern", days=10, usd=5000, co2=3000, km=9000, countries=("CN", "KZ", "RU", "KZ")
    )
    central = _route("central_asia", days=12, usd=6000, co2=3500, km=8000, countries=("CN", "KZ"))
    by = _by(assess([north, central]))
    assert [f.rule for f in by["northern"].implausible] == ["reentry_detour"]


def test_a_reentry_stays_a_corridor_without_a_clearly_shorter_option() -> None:
    # the Trans-Siberian crosses northern Kazakhstan (RU-KZ-RU): a corridor unless an option
    # entering each country once is at least TRANSIT_MARGIN shorter
    trans_sib = _route(
        "northern", days=16, usd=7000, co2=4000, km=10000, countries=("CN", "RU", "KZ", "RU", "BY")
    )
    close = _route(
        "middle",
        days=20,
        usd=9000,
        co2=5000,
        km=10000 / (1 + TRANSIT_MARGIN) + 1,
        countries=("CN", "KZ", "AZ", "GE", "TR"),
    )
    assert all(a.shown for a in assess([trans_sib, close]))
    also_reenters = _route(
        "central_asia", days=20, usd=9000, co2=5000, km=5000, countries=("CN", "KZ", "UZ", "KZ")
    )
    assert all(a.shown for a in assess([trans_sib, also_reenters]))


def test_reentered_lists_countries_entered_again() -> None:
    r = _route("x", days=1, usd=1, co2=1, km=1, countries=("CN", "KZ", "RU", "KZ", "RU", "BY"))
    assert reentered(r) == ("KZ", "RU")
    assert reentered(_route("y", days=1, usd=1, co2=1, km=1, countries=("CN", "KZ", "RU"))) == ()


def _bridge_route(corridor: str = "southern", *, days: float = 47.6, usd: float = 6950) -> Route:
    # Shanghai -> Piraeus with Suez closed: ship to Bandar Abbas, rail through Iran and
    # Türkiye, ship from Ambarlı
    legs = (
        Leg(
            "move",
            "sha",
            "ba",
            "Shanghai",
            "Bandar Abbas",
            "sea",
            11250,
            600,
            2000,
            1500,
            from_country="CN",
            to_country="IR",
        ),
        Leg("transfer", "ba", "ba", "Bandar Abbas", "Bandar Abbas", "sea>rail_1435", 0, 30, 200, 5),
        Leg(
            "move",
            "ba",
            "kap",
            "Bandar Abbas",
            "Kapıköy",
            "rail_1435",
            2300,
            150,
            2000,
            900,
            from_country="IR",
            to_country="TR",
        ),
        Leg(
            "move",
            "kap",
            "amb",
            "Kapıköy",
            "Ambarlı",
            "rail_1435",
            2000,
            150,
            2000,
            900,
            from_country="TR",
            to_country="TR",
        ),
        Leg(
            "move",
            "amb",
            "pir",
            "Ambarlı",
            "Piraeus",
            "sea",
            630,
            40,
            750,
            90,
            from_country="TR",
            to_country="GR",
        ),
    )
    piraeus = Node("piraeus", "Piraeus", "port", "GR", 23.6, 37.9)
    return Route(
        _XIAN,
        piraeus,
        _FEU,
        legs,
        corridor,
        usd + 1000 * days,
        "generalized",
        ("CN", "IR", "TR", "GR"),
        ("malacca",),
    )


def test_land_bridge_finds_the_landing_and_the_reembarkation() -> None:
    bridge = land_bridge(_bridge_route())
    assert bridge is not None
    assert (bridge.landed, bridge.sails, bridge.countries) == (
        "Bandar Abbas",
        "Ambarlı",
        ("IR", "TR"),
    )


def test_a_caspian_ferry_between_land_legs_is_no_land_bridge() -> None:
    legs = (
        Leg(
            "move",
            "a",
            "b",
            "A",
            "Aktau",
            "rail_1520",
            3000,
            100,
            1000,
            500,
            from_country="CN",
            to_country="KZ",
        ),
        Leg(
            "move",
            "b",
            "c",
            "Aktau",
            "Alat",
            "ferry",
            450,
            30,
            900,
            100,
            from_country="KZ",
            to_country="AZ",
        ),
        Leg(
            "move",
            "c",
            "d",
            "Alat",
            "Poti",
            "rail_1520",
            900,
            40,
            700,
            100,
            from_country="AZ",
            to_country="GE",
        ),
        Leg(
            "move",
            "d",
            "e",
            "Poti",
            "Constanța",
            "sea",
            1200,
            60,
            700,
            100,
            from_country="GE",
            to_country="RO",
        ),
    )
    r = Route(
        _XIAN,
        _IST,
        _FEU,
        legs,
        "middle_black_sea",
        1.0,
        "generalized",
        ("CN", "KZ", "AZ", "GE", "RO"),
        (),
    )
    assert land_bridge(r) is None


def test_a_land_bridge_is_hidden_in_favour_of_an_option_that_needs_none() -> None:
    bridge = _bridge_route()
    cape_legs = (
        Leg(
            "move",
            "sha",
            "pir",
            "Shanghai",
            "Piraeus",
            "sea",
            28731,
            1260,
            1888,
            7275,
            from_country="CN",
            to_country="GR",
        ),
    )
    cape = Route(
        _XIAN,
        bridge.destination,
        _FEU,
        cape_legs,
        "sea_cape",
        1888 + 1000 * 52.7,
        "generalized",
        ("CN", "GR"),
        ("cape_good_hope",),
    )
    rail = _to(
        _route(
            "northern",
            days=21.4,
            usd=8637,
            co2=5519,
            km=13732,
            countries=("CN", "KZ", "RU", "BY", "PL", "GR"),
        ),
        bridge.destination,
    )
    by = _by(assess([bridge, cape, rail]))
    assert by["sea_cape"].shown
    assert by["northern"].shown
    [finding] = by["southern"].implausible
    # named against the option that sails all the way, though it is longer and slower
    assert (finding.rule, finding.reference) == ("land_bridge_detour", "sea_cape")
    assert "lands the cargo at Bandar Abbas, crosses IR-TR by land" in finding.text
    # alone, a land bridge is still an answer
    assert all(a.shown for a in assess([bridge]))


_SHAPED = st.lists(
    st.tuples(
        st.floats(1, 60),
        st.floats(100, 20_000),
        st.floats(500, 40_000),
        st.lists(st.sampled_from(["KZ", "RU", "AZ", "IR"]), max_size=4),
        st.booleans(),
    ),
    min_size=1,
    max_size=8,
)


@settings(deadline=None)  # the first example pays one-off imports (0.4 s on a busy machine)
@given(_SHAPED)
def test_no_shown_option_bridges_or_comes_back_while_a_shown_one_need_not(
    raw: list[tuple],  # type: ignore[type-arg]
) -> None:
    routes = []
    for i, (days, usd, km, middle, bridged) in enumerate(raw):
        if bridged:
            b = _bridge_route(f"b{i}", days=days, usd=usd)
            routes.append(b)
        else:
            r = _route(
                f"f{i}", days=days, usd=usd, co2=usd / 2, km=km, countries=("CN", *middle, "TR")
            )
            routes.append(r)
    assessed = assess(routes, unions=[_EU, _EAEU])
    shown = [a.route for a in assessed if a.shown]
    assert shown
    names = {r.corridor for r in shown}
    for a in assessed:
        assert {f.reference for f in (*a.implausible, *a.flags)} <= names
    # a land bridge is shown only when every option is one
    if any(land_bridge(r) is None for r in routes):
        assert all(land_bridge(r) is None for r in shown)
    # no shown option comes back into a country while a shown option of the same kind
    # enters each country once and is TRANSIT_MARGIN shorter
    for r in shown:
        if not reentered(r):
            continue
        for s in shown:
            same_kind = (land_bridge(s) is None) == (land_bridge(r) is None)  # here: by sea
            if same_kind and not reentered(s):
                assert s.distance_km * (1 + TRANSIT_MARGIN) > r.distance_km
