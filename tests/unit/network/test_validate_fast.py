"""The screened validator reports exactly what the object-by-object one reported.

The oracle is the validator as it was (``_validate_reference.py``, a verbatim copy):
networks with random defects in any field, of any type, must give the same issues in the
same order.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import math
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import corridor
from corridor.network.columns import link_columns, link_ends, node_columns, node_positions
from corridor.network.model import Link, Network, Node
from corridor.network.validate import validate_network


def _reference() -> ModuleType:
    path = Path(__file__).with_name("_validate_reference.py")
    spec = importlib.util.spec_from_file_location("_validate_reference", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


REFERENCE = _reference()

_NUMBERS = st.sampled_from(
    [
        1.0,
        0.0,
        -0.0,
        -3.5,
        5,
        0,
        True,
        math.nan,
        math.inf,
        -math.inf,
        200.0,
        -91.0,
        np.float64(2.5),
        np.float32(math.nan),
        np.int64(4),
        "7",
        None,
    ]
)
_TEXTS = st.sampled_from(["", " ", "kz", "KZ", "XX", "KAZ", "CN", "DE", 7, None, "\t"])
_MODES = st.sampled_from(["road", "rail_1435", "rail_1520", "sea", "teleport", 4, None])
_KINDS = st.sampled_from(["junction", "border_crossing", "port", "city", "nope", 3])


@st.composite
def _node_edit(draw: st.DrawFn, net: Network) -> tuple[str, int, dict[str, Any]]:
    i = draw(st.integers(0, len(net.nodes) - 1))
    other = net.nodes[draw(st.integers(0, len(net.nodes) - 1))]
    field, value = draw(
        st.sampled_from(["lon", "lat"]).flatmap(lambda f: st.tuples(st.just(f), _NUMBERS))
        | st.tuples(st.just("id"), _TEXTS | st.just(other.id))
        | st.tuples(st.just("country"), _TEXTS | st.just(other.country))
        | st.tuples(st.just("kind"), _KINDS)
        | st.tuples(st.just("transfers"), st.just(()))
        | st.tuples(st.just("border"), st.just(None) | st.just(other.border))
    )
    return "node", i, {field: value}


@st.composite
def _link_edit(draw: st.DrawFn, net: Network) -> tuple[str, int, dict[str, Any]]:
    i = draw(st.integers(0, len(net.links) - 1))
    other = net.links[draw(st.integers(0, len(net.links) - 1))]
    node_id = net.nodes[draw(st.integers(0, len(net.nodes) - 1))].id
    ends = st.sampled_from([node_id, "nowhere", other.from_node, other.to_node])
    field, value = draw(
        st.tuples(st.sampled_from(["from_node", "to_node"]), ends)
        | st.tuples(st.just("id"), _TEXTS | st.just(other.id))
        | st.tuples(st.just("mode"), _MODES)
        | st.tuples(st.just("directions"), st.sampled_from(["both", "forward", "back", None]))
        | st.sampled_from(["distance_km", "speed_kmh", "emission_g_per_tkm"]).flatmap(
            lambda f: st.tuples(st.just(f), _NUMBERS)
        )
        | st.tuples(st.just("duration_h"), st.just(None) | st.just(other.duration_h))
        | st.tuples(st.just("tariff"), st.just(None) | st.just(other.tariff))
        | st.tuples(st.just("service"), st.just(None) | st.just(other.service))
        | st.tuples(st.just("capacity"), st.just(None) | st.just(other.capacity))
    )
    return "link", i, {field: value}


def _edited(net: Network, edits: list[tuple[str, int, dict[str, Any]]]) -> Network:
    nodes, links = list(net.nodes), list(net.links)
    for what, i, change in edits:
        if what == "node":
            nodes[i] = dataclasses.replace(nodes[i], **change)
        else:
            links[i] = dataclasses.replace(links[i], **change)
    return dataclasses.replace(net, nodes=tuple(nodes), links=tuple(links))


def _same(net: Network) -> None:
    fast = validate_network(net, connectivity=False)
    slow = REFERENCE.validate_network(net, connectivity=False)
    assert fast == slow


EURASIA = corridor.eurasia()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_node_edit(EURASIA) | _link_edit(EURASIA), min_size=1, max_size=6))
def test_the_same_issues_as_the_reference_on_edited_networks(
    edits: list[tuple[str, int, dict[str, Any]]],
) -> None:
    try:
        net = _edited(EURASIA, edits)
    except (TypeError, ValueError):  # e.g. an unhashable edit the model refuses
        return
    try:
        expected = REFERENCE.validate_network(net, connectivity=False)
    except TypeError:  # the reference fails on it (an unhashable id): so must we
        try:
            validate_network(net, connectivity=False)
        except TypeError:
            return
        raise
    assert validate_network(net, connectivity=False) == expected


def _chain(n: int) -> Network:
    nodes = tuple(
        Node(
            id=f"v{i}",
            name=f"v{i}",
            kind="rail_terminal",
            country="KZ" if i < n // 2 else "CN",
            lon=60.0 + i / n,
            lat=45.0,
        )
        for i in range(n)
    )
    links = tuple(
        Link(
            id=f"e{i}",
            from_node=f"v{i}",
            to_node=f"v{i + 1}",
            mode="rail_1520",
            distance_km=1.0,
            speed_kmh=50.0,
        )
        for i in range(n - 1)
    )
    return Network(nodes=nodes, links=links)


def test_a_large_plain_network_gives_the_reference_issues() -> None:
    # one land link crosses KZ -> CN without a border node; gauges meet nowhere
    net = _chain(3000)
    _same(net)
    assert [(i.feature, i.field) for i in validate_network(net, connectivity=False)] == [
        ("e1499", "to")
    ]


def test_defects_of_every_kind_in_a_large_network() -> None:
    net = _chain(500)
    nodes, links = list(net.nodes), list(net.links)
    nodes[3] = dataclasses.replace(nodes[3], lon=math.nan, kind="nope")  # type: ignore[arg-type]
    nodes[7] = dataclasses.replace(nodes[7], id="v8")  # repeated id
    nodes[9] = dataclasses.replace(nodes[9], lat=np.float64(95.0), country="kz")
    links[5] = dataclasses.replace(links[5], distance_km=-1.0, speed_kmh=None)
    links[6] = dataclasses.replace(links[6], to_node="v6", emission_g_per_tkm=math.inf)
    links[8] = dataclasses.replace(links[8], mode="rail_1435", to_node="nowhere")
    links[9] = dataclasses.replace(links[9], id="e10", directions="back")  # type: ignore[arg-type]
    _same(dataclasses.replace(net, nodes=tuple(nodes), links=tuple(links)))


def test_the_columns_follow_the_network() -> None:
    net = EURASIA
    assert node_columns(net)["id"] == tuple(n.id for n in net.nodes)
    assert link_columns(net)["to_node"] == tuple(lk.to_node for lk in net.links)
    position = node_positions(net)
    tail, head = link_ends(net)
    assert all(net.nodes[position[lk.from_node]].id == lk.from_node for lk in net.links)
    assert tail.tolist() == [position[lk.from_node] for lk in net.links]
    assert head.tolist() == [position[lk.to_node] for lk in net.links]
    assert not tail.flags.writeable
    empty = Network(nodes=(), links=())
    assert link_columns(empty)["id"] == ()
    assert link_ends(empty)[0].size == 0
    assert validate_network(empty, connectivity=False) == []
