"""The embedded network reproduces the published corridor figures it was calibrated to.

One case per calibration target of ``docs/calibration.md``: the model value (mean days,
USD per FEU, km or a ratio) must lie in the accepted band around the published figure.
The bands and the sources are documented there; change both together.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import pytest

from corridor import Network, eurasia
from corridor.planning import compare, route
from corridor.routing.options import RouteOptions
from corridor.routing.result import Route


@cache
def _net() -> Network:
    return eurasia()


@cache
def _family(origin: str, destination: str, family: str) -> Route:
    """The best route of one corridor family (generalized cost, FEU)."""
    found = compare(_net(), origin, destination).option(family)  # shown or judged a detour
    assert found is not None, f"no {family} option {origin} -> {destination}"
    return found


@cache
def _fastest(origin: str, destination: str, *, avoid: str = "", modes: str = "") -> Route:
    kw: dict[str, object] = {"optimize": "time"}
    if avoid:
        kw["avoid_countries"] = avoid.split(",")
    if modes:
        kw["modes"] = modes.split(",")
    return route(_net(), origin, destination, options=RouteOptions.of(None, kw))


# Rodrigue's figures describe the liner network before the Red Sea diversions
_PRE_CRISIS = "2023-11-01"


@cache
def _sea(*, cape: bool) -> Route:
    close = ["suez"] if cape else []
    return route(
        _net(),
        "Shanghai",
        "Rotterdam",
        optimize="time",
        modes=["sea"],
        close=close,
        date=_PRE_CRISIS,
    )


def _voyage_days(r: Route) -> float:
    """Berth to berth: sailing, port calls and passages (no handling, customs or delay)."""
    return sum(g.hours for g in r.legs if g.kind in ("move", "call", "passage")) / 24.0


def _km(r: Route) -> float:
    return sum(leg.distance_km for leg in r.legs)


def _usd(r: Route) -> float:
    return sum(leg.cost_usd for leg in r.legs)


@dataclass(frozen=True)
class Target:
    """A published figure, the accepted band [low, high] and how to compute the model value."""

    name: str
    published: float
    low: float
    high: float
    model: Callable[[], float]
    corridor: str | None = None


def _northern(o: str, d: str) -> Route:
    return _family(o, d, "northern")


TARGETS = [
    # Northern Corridor (KZ-RU-BY), China-Europe Railway Express block trains
    Target(
        "Xi'an -> Duisburg, Northern, days (duisport: 12-16)",
        14.0,
        12.0,
        16.0,
        lambda: _northern("Xi'an", "Duisburg").days,
        "northern",
    ),
    Target(
        "Chongqing -> Duisburg, Northern, days (DHL 2018: 14-16)",
        15.0,
        13.0,
        17.5,
        lambda: _northern("Chongqing", "Duisburg").days,
        "northern",
    ),
    Target(
        "Xi'an -> Duisburg, Northern, km (duisport: 9,908)",
        9908.0,
        9908.0 * 0.95,
        9908.0 * 1.05,
        lambda: _km(_northern("Xi'an", "Duisburg")),
        "northern",
    ),
    Target(
        "Chongqing -> Duisburg, Northern, km (iChongqing: 11,179)",
        11179.0,
        11179.0 * 0.95,
        11179.0 * 1.05,
        lambda: _km(_northern("Chongqing", "Duisburg")),
        "northern",
    ),
    Target(
        "Zhengzhou -> Hamburg, Northern, km (China Daily: 10,214)",
        10214.0,
        10214.0 * 0.95,
        10214.0 * 1.05,
        lambda: _km(_northern("Zhengzhou", "Hamburg")),
        "northern",
    ),
    Target(
        "Chongqing -> Duisburg, Northern, USD/FEU (SOC Jan 2025: 5,800)",
        5800.0,
        5800.0 * 0.8,
        5800.0 * 1.2,
        lambda: _usd(_northern("Chongqing", "Duisburg")),
        "northern",
    ),
    Target(
        "Xi'an -> Tashkent, days (record 5; band 5-8)",
        5.0,
        5.0,
        8.0,
        lambda: _fastest("Xi'an", "Tashkent").days,
    ),
    # Middle Corridor (TITR)
    Target(
        "Xi'an -> Baku, days (Trend 2024: 11)",
        11.0,
        8.5,
        13.5,
        lambda: _fastest("Xi'an", "Baku").days,
        "middle",
    ),
    Target(
        "Altynkol -> Baku, days (KTZ 2024: 9)",
        9.0,
        7.0,
        11.0,
        lambda: _fastest("Khorgos", "Baku").days,
        "middle",
    ),
    Target(
        "Altynkol -> Poti, days (KTZ 2024: 12)",
        12.0,
        10.0,
        14.0,
        lambda: _fastest("Khorgos", "Poti").days,
        "middle",
    ),
    Target(
        "Altynkol -> Constanta via the Black Sea feeder, days (KTZ 2024: 20-22)",
        21.0,
        19.0,
        24.0,
        lambda: _fastest("Khorgos", "Constanta", avoid="RU,IR,TR,BG").days,
        "middle_black_sea",
    ),
    Target(
        "Chongqing -> Istanbul, days (Xinhua 2025: 22; MoT TR: 15)",
        18.5,
        15.0,
        22.0,
        lambda: _fastest("Chongqing", "Istanbul", avoid="RU,IR").days,
        "middle_turkiye",
    ),
    Target(
        "Xi'an -> Duisburg, Middle via Black Sea, days (operators: 20-25)",
        22.5,
        18.0,
        28.0,
        lambda: _family("Xi'an", "Duisburg", "middle_black_sea").days,
        "middle_black_sea",
    ),
    Target(
        "Xi'an -> Duisburg, Middle / Northern USD/FEU (AsstrA: ~1.5x)",
        1.5,
        1.25,
        1.75,
        lambda: (
            _usd(_family("Xi'an", "Duisburg", "middle_black_sea"))
            / _usd(_northern("Xi'an", "Duisburg"))
        ),
    ),
    # Sea, port to port
    Target(
        "Shanghai -> Rotterdam via Suez, voyage days (Rodrigue: 27 non-stop, 35 with calls)",
        31.0,
        27.0,
        35.0,
        lambda: _voyage_days(_sea(cape=False)),
        "sea_suez",
    ),
    Target(
        "Shanghai -> Rotterdam, Cape minus Suez, days (Rodrigue: at least 7, 10-14 usual)",
        10.0,
        7.0,
        14.0,
        lambda: _voyage_days(_sea(cape=True)) - _voyage_days(_sea(cape=False)),
    ),
    Target(
        "Shanghai -> Rotterdam via Suez, km (Rodrigue: 10,600 nm)",
        10600 * 1.852,
        10600 * 1.852 * 0.95,
        10600 * 1.852 * 1.05,
        lambda: _km(_sea(cape=False)),
        "sea_suez",
    ),
    Target(
        "Shanghai -> Rotterdam via the Cape, km (Rodrigue: 13,800 nm)",
        13800 * 1.852,
        13800 * 1.852 * 0.95,
        13800 * 1.852 * 1.10,
        lambda: _km(_sea(cape=True)),
        "sea_cape",
    ),
]


@pytest.mark.parametrize("t", TARGETS, ids=[t.name for t in TARGETS])
def test_model_within_band_of_published_figure(t: Target) -> None:
    assert t.low <= t.published <= t.high, "the band must contain the published figure"
    value = t.model()
    assert t.low <= value <= t.high, (
        f"{t.name}: model {value:,.2f} outside [{t.low:,.2f}, {t.high:,.2f}] "
        f"(published {t.published:,.2f}); re-calibrate the tables in tools/eurasia/ or update "
        "docs/calibration.md"
    )


@pytest.mark.parametrize("t", [t for t in TARGETS if t.corridor is not None], ids=lambda t: t.name)
def test_target_uses_the_intended_corridor(t: Target) -> None:
    """Each figure is compared with a route of the corridor it was published for."""
    routes = {
        "northern": [
            _northern("Xi'an", "Duisburg"),
            _northern("Chongqing", "Duisburg"),
            _northern("Zhengzhou", "Hamburg"),
        ],
        "middle": [_fastest("Xi'an", "Baku"), _fastest("Khorgos", "Baku")],
        "middle_turkiye": [_fastest("Chongqing", "Istanbul", avoid="RU,IR")],
        "middle_black_sea": [_family("Xi'an", "Duisburg", "middle_black_sea")],
        "sea_suez": [_sea(cape=False)],
        "sea_cape": [_sea(cape=True)],
    }
    for r in routes[t.corridor or ""]:
        assert r.corridor == t.corridor, (t.name, r.corridor)


def test_northern_block_train_border_dwell_keeps_a_long_tail() -> None:
    """Block-train means, but the CPMM all-traffic averages stay inside the distribution."""
    net = _net()
    dostyk = net.node("dostyk").border
    brest = net.node("brest_malaszewicze").border
    assert dostyk is not None
    assert brest is not None
    d, b = dostyk.dwell_h["paper"], brest.dwell_h["paper"]
    assert d.mean < 67.4 < d.mean + 3 * d.variance**0.5  # CPMM KZ rail BCP 2022
    assert b.mean <= 72.0  # regular wait 2-3 days (2018)
    assert b.mean + 3 * b.variance**0.5 > 216.0  # 'easily five days', ~10 days in 2021
