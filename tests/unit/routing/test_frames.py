"""to_frame() on routes, comparisons and simulations: the CSV's columns, the JSON's values."""

from __future__ import annotations

import math
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import corridor
from corridor import MissingOptionalDependencyError
from corridor.planning.compare import COMPARISON_COLUMNS, Comparison
from corridor.reliability.montecarlo import (
    SIMULATION_COLUMNS,
    TransitSimulation,
    simulations_frame,
    simulations_rows,
)
from corridor.reliability.simulate import with_percentiles
from corridor.routing.result import (
    LEG_COLUMNS,
    ROUTE_COLUMNS,
    ROUTE_LEG_COLUMNS,
    Route,
    route_leg_rows,
    routes_frame,
)

pd = pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def net() -> corridor.Network:
    return corridor.eurasia()


@pytest.fixture(scope="module")
def northern(net: corridor.Network) -> Route:
    return corridor.route(net, "Xi'an", "Duisburg")


@pytest.fixture(scope="module")
def comparison(net: corridor.Network) -> Comparison:
    # Yiwu -> Tehran has a detour that is hidden (an implausible option)
    return corridor.compare(net, "Yiwu", "Tehran")


def test_route_frame_has_one_row_per_leg_in_the_json_units(northern: Route) -> None:
    frame = northern.to_frame()
    assert tuple(frame.columns) == LEG_COLUMNS
    assert len(frame) == len(northern.legs)
    assert list(frame["step"]) == list(range(1, len(northern.legs) + 1))
    assert list(frame["kind"]) == [leg.kind for leg in northern.legs]
    legs = northern.to_dict()["legs"]
    assert list(frame["cost_usd"]) == [leg["cost_usd"] for leg in legs]
    assert list(frame["distance_km"]) == [leg["distance_km"] for leg in legs]
    # sums give the route's figures (legs are rounded to 0.1 km and 0.01 USD)
    n = len(legs)
    assert frame["distance_km"].sum() == pytest.approx(northern.distance_km, abs=0.05 * n)
    assert frame["cost_usd"].sum() == pytest.approx(northern.cost_usd, abs=0.005 * n)
    assert frame["co2_kg"].sum() == pytest.approx(northern.co2_kg, abs=0.005 * n)
    assert frame["hours"].sum() / 24.0 == pytest.approx(northern.days, abs=0.005 * n / 24)
    # km, not metres or miles: Xi'an -> Duisburg by rail is about 9,800 km
    assert 8_000 < frame["distance_km"].sum() < 12_000


def test_route_frame_names_links_borders_and_countries(northern: Route) -> None:
    frame = northern.to_frame()
    moves = frame[frame["kind"] == "move"]
    assert moves["link"].notna().all()
    assert list(moves["link"]) == list(northern.link_ids)
    borders = frame[frame["kind"] == "border"]
    assert len(borders) == northern.border_crossings
    assert set(borders["customs"]) <= {"frontier", "internal"}
    assert (borders["customs"] == "frontier").sum() == northern.customs_frontiers
    assert borders["direction"].str.match(r"^[A-Z]{2}>[A-Z]{2}$").all()
    first, last = frame.iloc[0], frame.iloc[-1]
    assert first["from"] == "xian"
    assert first["from_country"] == "CN"
    assert last["to"] == "duisburg"
    assert last["to_country"] == "DE"
    # a leg without a link has a missing value, not a made-up one
    assert frame[frame["kind"] == "load"]["link"].isna().all()


def test_routes_frame_numbers_the_routes(net: corridor.Network) -> None:
    routes = corridor.alternatives(net, "Xi'an", "Duisburg", k=3)
    frame = routes_frame(routes)
    assert tuple(frame.columns) == ROUTE_LEG_COLUMNS == ("route", *LEG_COLUMNS)
    assert sorted(set(frame["route"])) == list(range(1, len(routes) + 1))
    for i, r in enumerate(routes, start=1):
        part = frame[frame["route"] == i]
        assert len(part) == len(r.legs)
        assert part["distance_km"].sum() == pytest.approx(r.distance_km, abs=0.05 * len(r.legs))
    assert len(route_leg_rows(routes)) == sum(len(r.legs) for r in routes)


def test_route_summary_row_matches_the_json(net: corridor.Network, northern: Route) -> None:
    assert northern.summary_row()["transit_days_p90"] is None  # no simulation attached
    simulated = with_percentiles(net, northern)
    row = simulated.summary_row()
    data = simulated.to_dict()
    assert tuple(row) == ROUTE_COLUMNS
    assert row["cost_usd"] == data["cost_usd"]
    assert row["co2_kg"] == data["co2_kg"]
    assert row["distance_km"] == data["distance_km"]
    assert row["transit_days_mean"] == data["transit_days"]["mean"]
    assert row["transit_days_p50"] == data["transit_days"]["p50"]
    assert row["transit_days_p90"] == data["transit_days"]["p90"]
    assert row["transit_days_p95"] == data["transit_days"]["p95"]
    assert row["countries"] == "CN;KZ;RU;BY;PL;DE"
    assert row["customs_frontiers"] == northern.customs_frontiers
    assert row["internal_borders"] == northern.internal_borders
    assert row["transshipments"] == northern.transshipments


def test_comparison_frame_is_the_json_options(comparison: Comparison) -> None:
    frame = comparison.to_frame()
    assert tuple(frame.columns) == COMPARISON_COLUMNS
    options = comparison.to_dict()["options"]
    assert list(frame["corridor"]) == [o["corridor"] for o in options]
    assert list(frame["rank"]) == [o["rank"] for o in options]
    assert list(frame["cost_usd"]) == [o["cost_usd"] for o in options]
    assert list(frame["co2_kg"]) == [o["co2_kg"] for o in options]
    assert list(frame["transit_days_p50"]) == [o["transit_days"]["p50"] for o in options]
    assert list(frame["transit_days_p90"]) == [o["transit_days"]["p90"] for o in options]
    assert list(frame["countries"]) == [";".join(o["countries"]) for o in options]
    assert list(frame["customs_frontiers"]) == [o["customs_frontiers"] for o in options]
    assert (frame["origin"] == "yiwu").all()
    assert (frame["destination"] == "tehran").all()
    assert (frame["cargo"] == "FEU").all()
    assert (frame["implausible"] == "").all()


def test_comparison_frame_with_implausible_says_why(comparison: Comparison) -> None:
    hidden = comparison.implausible
    assert hidden, "Yiwu -> Tehran should hide at least one detour"
    frame = comparison.to_frame(include_implausible=True)
    assert len(frame) == len(comparison.options) + len(hidden)
    apart = frame[frame["implausible"] != ""]
    assert list(apart["corridor"]) == [a.route.corridor for a in hidden]
    assert apart["rank"].isna().all()
    for (_, row), a in zip(apart.iterrows(), hidden, strict=True):
        assert row["implausible"].split(";") == [f.rule for f in a.implausible]
        assert a.implausible[0].text in row["implausible_reason"]
    shown = frame[frame["implausible"] == ""]
    assert shown["rank"].notna().all()


def test_comparison_tie_and_dominance_columns(net: corridor.Network) -> None:
    c = corridor.compare(net, "Xi'an", "Duisburg")
    rows = c.rows()
    for row, a in zip(rows, c.assessed, strict=False):
        assert row["tied_above"] is a.tied_above
        assert row["tie_with"] == ";".join(a.tie_with)
        dominated = [f.reference for f in a.flags if f.rule == "dominated"]
        assert row["dominated_by"] == ";".join(dominated)
    assert rows[0]["rank"] == 1
    assert rows[0]["tied_above"] is False


def _sim(seed: int = 0, n: int = 4_000) -> TransitSimulation:
    rng = np.random.default_rng(seed)
    return TransitSimulation(
        totals_h=rng.gamma(30.0, 12.0, size=n),
        labels=("a", "b"),
        component_mean_h=np.array([200.0, 160.0]),
        variance_share=np.array([0.7, 0.3]),
        seed=seed,
        meta={"corridor": "middle", "month": 12},
    )


def test_simulation_frame_is_one_summary_row_in_days() -> None:
    sim = _sim()
    frame = sim.to_frame(deadline_days=16.0)
    assert tuple(frame.columns) == SIMULATION_COLUMNS
    assert len(frame) == 1
    row = frame.iloc[0]
    pct = sim.percentiles()
    for q in ("p10", "p50", "p90", "p95"):
        assert row[f"transit_days_{q}"] == pytest.approx(pct[q], abs=5e-4)
    assert row["transit_days_mean"] == pytest.approx(sim.mean_days, abs=5e-4)
    assert row["transit_days_mean"] == pytest.approx(float(sim.totals_h.mean()) / 24, abs=5e-4)
    assert row["transit_days_std"] == pytest.approx(sim.std_days, abs=5e-4)
    assert row["on_time_probability"] == pytest.approx(
        float(np.mean(sim.totals_h <= 16.0 * 24)), abs=5e-5
    )
    assert row["deadline_days"] == 16.0
    assert row["label"] == "middle"
    assert row["corridor"] == "middle"
    assert row["month"] == 12
    assert row["samples"] == 4_000
    assert row["seed"] == 0


def test_simulation_frame_without_deadline_leaves_it_missing() -> None:
    frame = _sim().to_frame(label="x")
    assert frame.iloc[0]["label"] == "x"
    assert pd.isna(frame.iloc[0]["deadline_days"])
    assert pd.isna(frame.iloc[0]["on_time_probability"])


def test_simulations_frame_stacks_runs_in_order() -> None:
    runs = [("paper", _sim(1)), ("digital", _sim(2))]
    frame = simulations_frame(runs, deadline_days=15.0)
    assert tuple(frame.columns) == SIMULATION_COLUMNS
    assert list(frame["label"]) == ["paper", "digital"]
    assert list(frame["seed"]) == [1, 2]
    for (_, row), (_, sim) in zip(frame.iterrows(), runs, strict=True):
        assert row["transit_days_p90"] == round(sim.percentile_days(90), 3)


def test_simulations_rows_refuses_what_is_not_a_pair() -> None:
    with pytest.raises(corridor.InvalidArgumentError, match=r"simulations\[0\]"):
        simulations_rows([_sim()])  # type: ignore[list-item]


@settings(max_examples=40, deadline=None)
@given(
    shape=st.floats(1.0, 80.0),
    scale=st.floats(0.5, 50.0),
    deadline=st.floats(0.0, 400.0),
)
def test_summary_row_agrees_with_the_samples(shape: float, scale: float, deadline: float) -> None:
    rng = np.random.default_rng(7)
    sim = TransitSimulation(
        totals_h=rng.gamma(shape, scale, size=500),
        labels=("a",),
        component_mean_h=np.array([shape * scale]),
        variance_share=np.array([1.0]),
    )
    row = sim.summary_row(label="r", deadline_days=deadline)
    days = [row[f"transit_days_{q}"] for q in ("p10", "p50", "p90", "p95")]
    assert days == sorted(days)
    assert row["on_time_probability"] == round(float(np.mean(sim.totals_h <= deadline * 24)), 4)
    assert 0.0 <= row["on_time_probability"] <= 1.0
    assert math.isclose(row["transit_days_p50"], float(np.median(sim.totals_h)) / 24, abs_tol=6e-4)


@pytest.mark.parametrize("deadline", [math.nan, math.inf, -1.0])
def test_summary_row_refuses_a_bad_deadline(deadline: float) -> None:
    with pytest.raises(corridor.InvalidArgumentError, match="deadline_days"):
        _sim().summary_row(deadline_days=deadline)


def test_without_pandas_the_error_names_the_extra(
    northern: Route, comparison: Comparison, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    for make in (northern.to_frame, comparison.to_frame, _sim().to_frame):
        with pytest.raises(MissingOptionalDependencyError, match=r"corridor\[frame\]"):
            make()
