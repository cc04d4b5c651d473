"""Networks are immutable all the way down, so caches and the shared eurasia() never go stale."""

from __future__ import annotations

import dataclasses
import pickle
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import numpy as np
import pytest

from corridor import eurasia, route, simulate_route
from corridor.exceptions import InvalidArgumentError
from corridor.network.compile import compile_network
from corridor.network.distributions import Fixed
from corridor.network.frozen import FrozenMap
from corridor.network.model import (
    Border,
    CargoClass,
    Closure,
    CustomsUnion,
    FxTable,
    Link,
    Network,
    Node,
    OperatingRegime,
    Provenance,
    Service,
    Tariff,
)

_BREST = "brest_malaszewicze"


def _containers(obj: object, path: str = "net") -> Iterator[tuple[str, object]]:
    """Every container reachable from ``obj`` through dataclass fields, tuples and maps.

    ``Network._cache`` is skipped: it memoises derived objects (the compiled graph) and is
    no part of the network's value (not compared, hashed or pickled).
    """
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            if f.name == "_cache":
                continue
            yield from _containers(getattr(obj, f.name), f"{path}.{f.name}")
    elif isinstance(obj, tuple | frozenset | list | dict | set | FrozenMap):
        yield path, obj
        items = obj.items() if isinstance(obj, dict | FrozenMap) else enumerate(obj)
        for key, value in items:
            yield from _containers(value, f"{path}[{key!r}]")


def test_no_mutable_container_anywhere_in_the_embedded_network() -> None:
    net = eurasia()
    found = list(_containers(net))
    kinds = {type(c) for _, c in found}
    assert kinds <= {tuple, frozenset, FrozenMap}, [
        p for p, c in found if type(c) not in {tuple, frozenset, FrozenMap}
    ][:5]
    # the walk did reach the nested parts the issue names
    paths = [p for p, _ in found]
    assert "net.fx.rates" in paths
    assert any(p.endswith(".dwell_h_by_direction['BY>PL']") for p in paths)
    assert any(".regimes[" in p and p.endswith(".dwell_factor") for p in paths)
    assert any(p.endswith(".members") for p in paths)


def test_mutation_attempts_raise() -> None:
    net: Any = eurasia()  # Any: what a notebook user types, unchecked
    border = net.node(_BREST).border
    with pytest.raises(TypeError):
        net.fx.rates["EUR"] /= 10
    with pytest.raises(TypeError):
        net.fx.rates["EUR"] = 1.0
    with pytest.raises(TypeError):
        del net.fx.rates["EUR"]
    with pytest.raises(AttributeError):
        net.nodes.append(net.nodes[0])
    with pytest.raises(AttributeError):
        net.links.sort()
    with pytest.raises(TypeError):
        border.dwell_h_by_direction["BY>PL"] = {"paper": Fixed(1.0)}
    with pytest.raises(TypeError):
        border.dwell_h_by_direction["BY>PL"]["paper"] = Fixed(1.0)
    with pytest.raises(TypeError):
        border.dwell_h["paper"] = Fixed(1.0)
    with pytest.raises(TypeError):
        net.nodes[0].provenance["coordinates"] = Provenance("me")
    with pytest.raises(TypeError):
        net.regimes[0].tariff_factor["*"] = 2.0
    with pytest.raises(AttributeError):
        net.customs_unions[0].members.add("CN")
    with pytest.raises(dataclasses.FrozenInstanceError):
        net.fx = FxTable(rates={})
    with pytest.raises(dataclasses.FrozenInstanceError):
        border.regime = "digital"
    # and nothing changed
    assert net.fx.rates["EUR"] == pytest.approx(0.86)
    assert border.dwell_for("BY", "PL").mean == pytest.approx(48.0)


def test_lists_and_dicts_passed_in_are_copied_into_immutable_containers() -> None:
    rates = {"EUR": 0.9}
    fx = FxTable(rates=rates)
    rates["EUR"] = 0.1
    assert fx.rates == {"EUR": 0.9}
    dwell = {"paper": Fixed(10.0)}
    by_direction = {"KZ>CN": {"paper": Fixed(20.0)}}
    border = Border(countries=["KZ", "CN"], dwell_h=dwell, dwell_h_by_direction=by_direction)  # type: ignore[arg-type]
    dwell["paper"] = Fixed(99.0)
    by_direction["KZ>CN"]["paper"] = Fixed(99.0)
    assert border.countries == ("KZ", "CN")
    assert border.dwell_for("CN", "KZ").mean == 10.0
    assert border.dwell_for("KZ", "CN").mean == 20.0
    assert type(border.dwell_h_by_direction["KZ>CN"]) is FrozenMap
    aliases = ["Xian"]
    node = Node("x", "X", "city", "CN", 108.9, 34.3, aliases=aliases)  # type: ignore[arg-type]
    aliases.append("Chang'an")
    assert node.aliases == ("Xian",)
    link = Link("l", "a", "b", "road", 10.0, speed_kmh=50.0, geometry=[[0, 0], [1, 1]])  # type: ignore[arg-type]
    assert link.geometry == ((0, 0), (1, 1))
    assert all(type(p) is tuple for p in link.geometry)
    union = CustomsUnion("EU", "European Union", {"DE", "PL"})  # type: ignore[arg-type]
    assert union.members == frozenset({"DE", "PL"})
    regime = OperatingRegime("r", "R", "rail_operations", closed=["suez"], dwell_factor={"*": 2})  # type: ignore[arg-type]
    assert regime.closed == ("suez",)
    assert type(regime.dwell_factor) is FrozenMap
    assert Closure([0.1] * 12, Fixed(1.0)).monthly_probability == (0.1,) * 12  # type: ignore[arg-type]
    assert Service("s", weekly_departures_h=[1.0, 2.0]).weekly_departures_h == (1.0, 2.0)  # type: ignore[arg-type]
    cargo = CargoClass("FEU", "FEU", 2.0, 20.0, 1.0, 1.0, modes=["road"])  # type: ignore[arg-type]
    assert cargo.modes == ("road",)
    nodes = [node]
    net = Network(nodes=nodes, links=[link], applied_regimes=["x"])  # type: ignore[arg-type]
    nodes.clear()
    assert net.nodes == (node,)
    assert net.links == (link,)
    assert net.applied_regimes == ("x",)


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: Node("x", "X", "city", "CN", 0.0, 0.0, aliases="Xian"), "Node.aliases"),  # type: ignore[arg-type]
        (lambda: Border(countries="KZCN", dwell_h={}), "Border.countries"),  # type: ignore[arg-type]
        (lambda: FxTable(rates=[("EUR", 0.9)]), "FxTable.rates"),  # type: ignore[arg-type]
        (lambda: Network(nodes=(), links=(), applied_regimes="average"), "applied_regimes"),  # type: ignore[arg-type]
        (lambda: CustomsUnion("EU", "EU", "DEPL"), "CustomsUnion.members"),  # type: ignore[arg-type]
    ],
)
def test_a_string_or_wrong_type_for_a_container_is_refused(build: Any, field: str) -> None:
    with pytest.raises(InvalidArgumentError, match=field):
        build()


def test_equality_and_hashing_work_on_a_whole_network() -> None:
    net = eurasia()
    same = replace(net)
    assert same is not net
    assert same == net
    assert hash(same) == hash(net)
    changed = replace(net, fx=replace(net.fx, rates={**net.fx.rates, "EUR": 0.5}))
    assert changed != net
    assert {net: 1, changed: 2}[same] == 1


def test_pickle_round_trips_the_embedded_network() -> None:
    net = eurasia()
    compile_network(net)  # the memo must not travel (nor break the copy)
    back = pickle.loads(pickle.dumps(net))  # noqa: S301 - our own bytes
    assert back == net
    assert hash(back) == hash(net)
    assert back is not net
    assert back.cached("compiled:None") is None
    assert back.node(_BREST) == net.node(_BREST)
    assert type(back.fx.rates) is FrozenMap
    r1 = route(net, "Xi'an", "Duisburg", optimize="time")
    r2 = route(back, "Xi'an", "Duisburg", optimize="time")
    assert [leg.to_dict() for leg in r2.legs] == [leg.to_dict() for leg in r1.legs]


def test_eurasia_is_shared_but_no_caller_can_change_what_the_next_one_gets() -> None:
    first: Any = eurasia()
    before = route(first, "Xi'an", "Duisburg", optimize="time")
    # caller 1 tries every way in, then builds an edited copy
    with pytest.raises(TypeError):
        first.fx.rates["EUR"] /= 10
    with pytest.raises(TypeError):
        first.node(_BREST).border.dwell_h_by_direction["BY>PL"] = {"paper": Fixed(0.0)}
    compiled = compile_network(first)
    with pytest.raises(ValueError, match="read-only"):
        compiled.time_h[:] = 0.0
    with pytest.raises(ValueError, match="read-only"):
        compiled.graph.tail[0] = 1
    edited = _with_brest_dwell(first, 500.0)
    assert route(edited, "Xi'an", "Duisburg", optimize="time").legs != before.legs
    # caller 2 gets the original object, with the original numbers and routes
    second = eurasia()
    assert second is first
    assert second.fx.rates["EUR"] == pytest.approx(0.86)
    assert second.node(_BREST).border is not None
    assert second.node(_BREST).border.dwell_for("BY", "PL").mean == pytest.approx(48.0)
    again = route(second, "Xi'an", "Duisburg", optimize="time")
    assert [leg.to_dict() for leg in again.legs] == [leg.to_dict() for leg in before.legs]


def _with_brest_dwell(net: Network, hours: float) -> Network:
    """``net`` with a fixed westbound dwell at Brest (both regimes), built with replace()."""
    node = net.node(_BREST)
    assert node.border is not None
    by_direction = dict(node.border.dwell_h_by_direction)
    by_direction["BY>PL"] = {"paper": Fixed(hours), "digital": Fixed(hours)}
    border = replace(node.border, dwell_h_by_direction=by_direction)
    nodes = tuple(replace(n, border=border) if n.id == _BREST else n for n in net.nodes)
    return replace(net, nodes=nodes)


def _brest_hours(legs: Any) -> float:
    return float(sum(leg.hours for leg in legs if leg.kind == "border" and leg.from_id == _BREST))


def test_route_and_simulate_route_agree_on_a_network_built_with_replace() -> None:
    net = eurasia()
    base = route(net, "Xi'an", "Duisburg", optimize="time")
    base_h = _brest_hours(base.legs)
    assert base_h > 0
    # the westbound dwell at Brest is a log-normal of mean 48 h; regimes scale it by f
    factor = base_h / 48.0
    edited = _with_brest_dwell(net, 100.0)
    assert compile_network(edited) is not compile_network(net)
    again = route(edited, "Xi'an", "Duisburg", optimize="time")
    assert again.corridor == base.corridor
    assert _brest_hours(again.legs) == pytest.approx(100.0 * factor)
    total = sum(leg.hours for leg in again.legs)
    assert total == pytest.approx(sum(leg.hours for leg in base.legs) + (100.0 - 48.0) * factor)
    sim = simulate_route(edited, again, samples=2_000, seed=7)
    at_brest = [i for i, label in enumerate(sim.labels) if "Brest" in label and "border" in label]
    assert len(at_brest) == 1
    # a fixed dwell: every sample is exactly what route() charged
    assert sim.component_mean_h[at_brest[0]] == pytest.approx(_brest_hours(again.legs))
    assert sim.totals_h.mean() == pytest.approx(total, rel=0.02)
    # the original network still routes and simulates with its own dwell
    old = simulate_route(net, base, samples=2_000, seed=7)
    assert old.component_mean_h[at_brest[0]] != pytest.approx(100.0 * factor)


def test_a_replaced_fx_table_reaches_the_compiled_costs() -> None:
    a = Node("a", "A", "city", "DE", 10.0, 50.0)
    b = Node("b", "B", "city", "DE", 11.0, 50.0)
    link = Link(
        "ab", "a", "b", "road", 100.0, speed_kmh=50.0, tariff=Tariff(fixed=86.0, currency="EUR")
    )
    net = Network(nodes=(a, b), links=(link,), fx=FxTable(rates={"EUR": 0.86}))
    before = compile_network(net)
    moves = before.graph.kind == 0
    assert np.allclose(before.usd_per_feu[moves], 100.0)
    cheaper = replace(net, fx=replace(net.fx, rates={**net.fx.rates, "EUR": 0.086}))
    after = compile_network(cheaper)
    assert np.allclose(after.usd_per_feu[moves], 1000.0)
    # the first network's memo is untouched and still right
    assert compile_network(net) is before
    assert np.allclose(compile_network(net).usd_per_feu[moves], 100.0)
