"""Shipment-time matrices: hand-worked values on the synthetic world, and the portal
method against a fresh search of the network with the projects added."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.research import (
    CLASS_ORDER,
    BorderHours,
    CityInput,
    LayerInput,
    Parameters,
    PortInput,
    ProjectEdges,
    all_bases,
    assemble,
    shipment_matrices,
)
from corridor.research.matrices import base_distances
from corridor.research.synthetic import synthetic_project, synthetic_world
from corridor.research.world import LAYERS, WorldNetwork

P = Parameters.default()
ROAD = P.road_speed_kmh
RAIL = P.rail_speed_kmh
SEA = P.sea_speed_kmh
A, B, C = 0, 1, 2


def test_hand_worked_times_before() -> None:
    world = synthetic_world()
    m = shipment_matrices(all_bases(world, []), [])
    # A -> B by rail: truck+switch 5 h, 200 km rail, AAA export 1 + BBB import 4, switch 5 h
    assert m.pre_hours[A, B] == pytest.approx(5 + 200 / RAIL + 1 + 4 + 5)
    # A -> C by sea: AAA export customs 1 h at the port, 400 km at sea, CCC import 6 h
    assert m.pre_hours[A, C] == pytest.approx(1 + 400 / SEA + 6)
    # B -> C by road: 100 km, BBB export 3 + CCC import 6
    assert m.pre_hours[B, C] == pytest.approx(100 / ROAD + 3 + 6)
    assert CLASS_ORDER[m.mode_class[A, B]] == "rail"
    assert CLASS_ORDER[m.mode_class[A, C]] == "sea"
    assert CLASS_ORDER[m.mode_class[B, C]] == "road"
    # the cheapest A -> C is not the fastest: rail to B (two switches) then road, below
    # the sea route's two port fees
    rail_road = 25 + 200 * P.rail_usd_per_teu_km + 25 + 100 * P.road_usd_per_teu_km
    assert m.pre_usd[A, C] == pytest.approx(rail_road)
    assert rail_road < 2 * 200 + 400 * P.sea_usd_per_teu_km


def test_hand_worked_times_after_the_road_project() -> None:
    world = synthetic_world()
    project = synthetic_project()
    m = shipment_matrices(all_bases(world, [project]), [project])
    direct_ab = 150 / ROAD + 1 + 4
    # upper bound: A -> B switches from rail to the new road
    assert m.post_hours_upper[A, B] == pytest.approx(direct_ab)
    # lower bound: A -> B keeps rail, which the road project does not touch
    assert m.post_hours_lower[A, B] == pytest.approx(m.pre_hours[A, B])
    # upper: A -> C leaves the sea for the new road (150 + 100 km, two borders)
    assert m.post_hours_upper[A, C] == pytest.approx(250 / ROAD + 1 + 4 + 3 + 6)
    # lower: A -> C must still sail
    assert m.post_hours_lower[A, C] == pytest.approx(m.pre_hours[A, C])
    # B -> C is untouched
    assert m.post_hours_upper[B, C] == pytest.approx(m.pre_hours[B, C])
    # cost falls on A -> B (the 150 km road is cheaper than the rail route)
    assert m.post_usd[A, B] == pytest.approx(150 * P.road_usd_per_teu_km)


def test_lower_bound_never_changes_a_pairs_mode() -> None:
    world = synthetic_world()
    project = synthetic_project()
    m = shipment_matrices(all_bases(world, [project]), [project])
    bases = all_bases(
        world.with_edges(
            project.tail,
            project.head,
            project.mode,
            km=[150.0, 150.0],
            hours=project.hours,
            usd=project.usd,
        ),
        [],
    )
    for i, name in enumerate(CLASS_ORDER):
        mask = m.mode_class == i
        assert np.allclose(m.post_hours_lower[mask], bases["hours", name].city_city[mask])


def test_no_project_changes_nothing() -> None:
    world = synthetic_world()
    m = shipment_matrices(all_bases(world, [synthetic_project()]), [])
    assert np.array_equal(m.pre_hours, m.post_hours_upper)
    assert np.array_equal(m.pre_hours, m.post_hours_lower)


def _random_world(draw: st.DrawFn) -> WorldNetwork:
    layers = []
    for mode in ("road", "rail", "sea"):
        n = draw(st.integers(2, 6))
        lon = np.array(draw(st.lists(st.floats(0, 5), min_size=n, max_size=n)))
        lat = np.array(draw(st.lists(st.floats(-2, 2), min_size=n, max_size=n)))
        country = ["" if mode == "sea" else draw(st.sampled_from(["AAA", "BBB"])) for _ in range(n)]
        m = draw(st.integers(1, 10))
        tail = np.array(draw(st.lists(st.integers(0, n - 1), min_size=m, max_size=m)))
        head = np.array(draw(st.lists(st.integers(0, n - 1), min_size=m, max_size=m)))
        km = np.array(draw(st.lists(st.floats(1, 500), min_size=m, max_size=m)))
        layers.append(LayerInput(mode, lon, lat, country, tail, head, km))
    ports = [PortInput(f"P{i}", "AAA", float(i), 0.0) for i in range(draw(st.integers(0, 3)))]
    cities = [
        CityInput(
            f"C{i}",
            draw(st.sampled_from(["AAA", "BBB"])),
            draw(st.floats(0, 5)),
            draw(st.floats(-2, 2)),
            1.0,
        )
        for i in range(draw(st.integers(2, 4)))
    ]
    borders = {"AAA": BorderHours(2.0, 3.0), "BBB": BorderHours(None, 1.0)}
    params = P.replace(max_port_km=500.0, max_access_km=500.0)
    return assemble(layers, ports, cities, borders, params)


@st.composite
def worlds_and_projects(draw: st.DrawFn) -> tuple[WorldNetwork, list[ProjectEdges]]:
    world = _random_world(draw)
    by_layer = {name: np.flatnonzero(world.layer == i) for i, name in enumerate(LAYERS)}
    projects = []
    for k in range(draw(st.integers(1, 3))):
        tails, heads, modes = [], [], []
        for _ in range(draw(st.integers(1, 3))):
            mode = draw(st.sampled_from(["road", "rail", "sea", "port_in", "port_out"]))
            if mode == "port_in":
                t = draw(st.sampled_from(by_layer["road"].tolist()))
                h = draw(st.sampled_from(by_layer["sea"].tolist()))
                mode = "port"
            elif mode == "port_out":
                t = draw(st.sampled_from(by_layer["sea"].tolist()))
                h = draw(st.sampled_from(by_layer["road"].tolist()))
                mode = "port"
            else:
                t = draw(st.sampled_from(by_layer[mode].tolist()))
                h = draw(st.sampled_from(by_layer[mode].tolist()))
            tails.append(t)
            heads.append(h)
            modes.append(mode)
        size = len(tails)
        hours = np.array(draw(st.lists(st.floats(0, 50), min_size=size, max_size=size)))
        projects.append(
            ProjectEdges(f"p{k}", np.array(tails), np.array(heads), tuple(modes), hours, hours * 3)
        )
    return world, projects


@settings(max_examples=60, deadline=None)
@given(worlds_and_projects())
def test_portal_method_equals_a_fresh_search(case: tuple[WorldNetwork, list[ProjectEdges]]) -> None:
    world, projects = case
    bases = all_bases(world, projects)
    for subset in (projects, projects[:1]):
        tail = np.concatenate([p.tail for p in subset])
        head = np.concatenate([p.head for p in subset])
        mode = [m for p in subset for m in p.mode]
        hours = np.concatenate([p.hours for p in subset])
        usd = np.concatenate([p.usd for p in subset])
        after = world.with_edges(tail, head, mode, km=np.zeros(tail.size), hours=hours, usd=usd)
        for name in CLASS_ORDER:
            want = base_distances(after, [], "hours", name).city_city
            got = bases["hours", name].after(subset)
            assert np.allclose(got, want, equal_nan=True), name
        want_usd = base_distances(after, [], "usd", "all").city_city
        assert np.allclose(bases["usd", "all"].after(subset), want_usd)
