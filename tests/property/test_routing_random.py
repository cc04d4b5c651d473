"""Best routes and Pareto sets against brute-force enumeration on small random networks."""

from __future__ import annotations

import networkx as nx
import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corridor import NoRouteError
from corridor.network.distributions import Fixed
from corridor.network.model import CargoClass, Link, Network, Node, Tariff, Transfer
from corridor.planning import route
from corridor.routing.route import pareto_routes, prepare

FEU = CargoClass(
    "FEU",
    "40-foot container",
    teu=2.0,
    tonnes=20.0,
    value_usd=1e5,
    value_of_time_usd_per_day=1000.0,
)


@st.composite
def small_networks(draw: st.DrawFn) -> Network:
    n = draw(st.integers(3, 5))
    nodes = []
    for i in range(n):
        transfers: tuple[Transfer, ...] = ()
        if draw(st.booleans()):
            transfers = (
                Transfer(
                    "rail_1435",
                    "road",
                    "rail_road",
                    Fixed(draw(st.floats(0.5, 20))),
                    both_ways=True,
                ),
            )
        nodes.append(
            Node(f"n{i}", f"Place {i}", "city", "AA", float(i), float(i % 2), transfers=transfers)
        )
    links = []
    for j in range(draw(st.integers(2, 6))):
        a, b = draw(st.lists(st.integers(0, n - 1), min_size=2, max_size=2, unique=True))
        links.append(
            Link(
                id=f"l{j}",
                from_node=f"n{a}",
                to_node=f"n{b}",
                mode=draw(st.sampled_from(["rail_1435", "road"])),
                distance_km=draw(st.floats(10, 1000)),
                speed_kmh=draw(st.floats(10, 100)),
                tariff=Tariff(per_km=draw(st.floats(0, 2)), fixed=draw(st.floats(0, 100))),
                emission_g_per_tkm=draw(st.floats(1, 150)),
                directions=draw(st.sampled_from(["both", "forward"])),
            )
        )
    return Network(nodes=tuple(nodes), links=tuple(links), cargo_classes=(FEU,))


def _brute_force(net: Network) -> list[np.ndarray]:
    q = prepare(net, "n0", f"n{len(net.nodes) - 1}")
    s = q.search()
    crit = np.stack([q.costs.time_h, q.costs.money_usd, q.costs.co2_kg], axis=1)
    g = nx.MultiDiGraph()
    for e, (a, b) in enumerate(zip(s.tail, s.head, strict=True)):
        c = crit[s.vlink[e]] if s.vlink[e] >= 0 else np.zeros(3)
        g.add_edge(int(a), int(b), key=e, c=c)
    if s.source not in g or s.target not in g:
        return []
    return [
        sum((g.edges[u, v, k]["c"] for u, v, k in path), np.zeros(3))
        for path in nx.all_simple_edge_paths(g, s.source, s.target)
    ]


def _non_dominated(vectors: list[np.ndarray]) -> set[tuple[float, ...]]:
    keep = set()
    for v in vectors:
        if not any(np.all(w <= v + 1e-9) and np.any(w < v - 1e-9) for w in vectors):
            keep.add(tuple(np.round(v, 6)))
    return keep


@given(small_networks())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_best_route_and_pareto_set_match_enumeration(net: Network) -> None:
    paths = _brute_force(net)
    dest = f"n{len(net.nodes) - 1}"
    if not paths:
        try:
            route(net, "n0", dest)
        except NoRouteError:
            return
        raise AssertionError("found a route where enumeration found none")
    fastest = route(net, "n0", dest, optimize="time")
    assert fastest.hours == min(float(p[0]) for p in paths) or np.isclose(
        fastest.hours, min(float(p[0]) for p in paths)
    )
    cheapest = route(net, "n0", dest, optimize="cost")
    assert np.isclose(cheapest.cost_usd, min(float(p[1]) for p in paths))
    front = pareto_routes(prepare(net, "n0", dest))
    got = {tuple(np.round([r.hours, r.cost_usd, r.co2_kg], 6)) for r in front}
    want = _non_dominated(paths)
    assert got == want
    # and nothing it returns is dominated by another returned route
    vs = [np.array(v) for v in got]
    assert _non_dominated(vs) == got
