"""The graph builder and the compiler, reading columns, build what they built link by link.

The oracles are the old builder and compiler (``_compile_reference.py``, verbatim
copies): networks edited at random give the same arrays, or the same error.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import math
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import corridor
from corridor._typing import MODES
from corridor.network.compile import compile_network
from corridor.network.graph import _build
from corridor.network.model import Network


def _reference() -> ModuleType:
    name = "_compile_reference"
    path = Path(__file__).with_name(f"{name}.py")
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


REFERENCE = _reference()
EURASIA = corridor.eurasia()


def _outcome(make: Callable[[], Any]) -> Any:
    try:
        return make()
    except Exception as exc:  # noqa: BLE001 - the same error is the expected outcome
        return (type(exc), str(exc))


def _same_arrays(a: object, b: object, skip: tuple[str, ...] = ()) -> None:
    assert type(a) is type(b)
    if isinstance(a, tuple):  # an error
        assert a == b
        return
    for f in dataclasses.fields(a):  # type: ignore[arg-type]
        if f.name in skip:
            continue
        x, y = getattr(a, f.name), getattr(b, f.name)
        if isinstance(x, np.ndarray):
            assert x.dtype == y.dtype, f.name
            assert np.array_equal(x, y, equal_nan=x.dtype.kind == "f"), f.name
        else:
            assert x == y, f.name


def _check(net: Network) -> None:
    old_graph = _outcome(lambda: REFERENCE.build(net))
    new_graph = _outcome(lambda: _build(dataclasses.replace(net)))
    if isinstance(old_graph, tuple):
        assert new_graph == old_graph
        return
    _same_arrays(old_graph, new_graph, skip=("vertex_side_code",))
    assert np.array_equal(old_graph.crosses, new_graph.crosses)
    for month in (None, 2):
        old = _outcome(partial(REFERENCE.compile_network, dataclasses.replace(net), month=month))
        new = _outcome(partial(compile_network, dataclasses.replace(net), month=month))
        _same_arrays(old, new, skip=("network", "graph"))


def test_the_embedded_network_compiles_as_before() -> None:
    _check(EURASIA)


_SPEEDS = st.sampled_from([None, 0.0, 12.5, 80.0, math.inf, 3])
_EMISSIONS = st.sampled_from([None, 0.0, 7.5, 3])


@st.composite
def _edit(draw: st.DrawFn) -> tuple[str, int, dict[str, Any]]:
    net = EURASIA
    li = draw(st.integers(0, len(net.links) - 1))
    ni = draw(st.integers(0, len(net.nodes) - 1))
    other_link = net.links[draw(st.integers(0, len(net.links) - 1))]
    other_node = net.nodes[draw(st.integers(0, len(net.nodes) - 1))]
    link_change = draw(
        st.fixed_dictionaries({"speed_kmh": _SPEEDS})
        | st.fixed_dictionaries({"duration_h": st.just(None) | st.just(other_link.duration_h)})
        | st.fixed_dictionaries({"emission_g_per_tkm": _EMISSIONS})
        | st.fixed_dictionaries({"electrified": st.sampled_from([None, True, False])})
        | st.fixed_dictionaries({"mode": st.sampled_from([*MODES, "teleport"])})
        | st.fixed_dictionaries({"directions": st.sampled_from(["both", "forward"])})
        | st.fixed_dictionaries({"tariff": st.just(None) | st.just(other_link.tariff)})
        | st.fixed_dictionaries({"service": st.just(None) | st.just(other_link.service)})
        | st.fixed_dictionaries(
            {"to_node": st.sampled_from([other_node.id, "nowhere", other_link.from_node])}
        )
    )
    node_change = draw(
        st.fixed_dictionaries({"country": st.sampled_from(["XX", other_node.country, "KZ"])})
        | st.fixed_dictionaries({"border": st.just(None) | st.just(other_node.border)})
        | st.fixed_dictionaries({"closures": st.just(None) | st.just(other_node.closures)})
        | st.fixed_dictionaries({"passage": st.just(None) | st.just(other_node.passage)})
        | st.fixed_dictionaries({"handling": st.just(None) | st.just(other_node.handling)})
        | st.fixed_dictionaries({"transfers": st.just(()) | st.just(other_node.transfers)})
        | st.fixed_dictionaries({"kind": st.sampled_from(["port", "junction", "dry_port"])})
    )
    return draw(st.sampled_from([("link", li, link_change), ("node", ni, node_change)]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_edit(), min_size=1, max_size=5))
def test_edited_networks_compile_as_before(edits: list[tuple[str, int, dict[str, Any]]]) -> None:
    nodes, links = list(EURASIA.nodes), list(EURASIA.links)
    for what, i, change in edits:
        if what == "node":
            nodes[i] = dataclasses.replace(nodes[i], **change)
        else:
            links[i] = dataclasses.replace(links[i], **change)
    _check(dataclasses.replace(EURASIA, nodes=tuple(nodes), links=tuple(links)))


def test_sides_as_codes_cross_where_the_names_do() -> None:
    graph = _build(EURASIA)
    assert graph.vertex_side_code is not None
    names = graph.vertex_side
    # one code per name and one name per code
    pairs = set(zip(graph.vertex_side_code.tolist(), names.tolist(), strict=True))
    assert len(pairs) == len({c for c, _ in pairs}) == len({n for _, n in pairs})
    plain = dataclasses.replace(graph, vertex_side_code=None)
    assert np.array_equal(plain.crosses, graph.crosses)
    assert graph.crosses.any()


def test_default_emissions_and_speeds_compile_as_before() -> None:
    """Without the embedded network's own factors: the defaults by mode and traction."""
    links = tuple(
        dataclasses.replace(
            lk,
            emission_g_per_tkm=None,
            electrified=(None, True, False)[i % 3],
            duration_h=None if i % 2 else lk.duration_h,
            speed_kmh=lk.speed_kmh or 40.0,
        )
        for i, lk in enumerate(EURASIA.links)
    )
    _check(dataclasses.replace(EURASIA, links=links))
