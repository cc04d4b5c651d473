from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from corridor import network_from_geojson
from corridor.network.graph import VLINK_KINDS, build_virtual_graph


def test_virtual_graph_counts(tiny: dict[str, Any]) -> None:
    net = network_from_geojson(tiny)
    g = build_virtual_graph(net)
    kinds = {k: int((g.kind == i).sum()) for i, k in enumerate(VLINK_KINDS)}
    # 5 links, all both ways
    assert kinds["move"] == 10
    # (node, mode) pairs: xian 1435, urumqi 1435, dostyk 1435+1520, almaty 1520,
    # aktau 1520+ferry, baku ferry -> 8 pairs, each with a through, load and unload link
    assert kinds["through"] == kinds["load"] == kinds["unload"] == 8
    # gauge change at dostyk and rail-ferry at aktau, both ways
    assert kinds["transfer"] == 4
    assert g.n_vertices == 2 * 8 + 2 * len(net.nodes)


def test_forward_only_link_has_one_direction(tiny: dict[str, Any]) -> None:
    tiny["features"][-1]["properties"]["directions"] = "forward"
    g = build_virtual_graph(network_from_geojson(tiny))
    assert int((g.kind == 0).sum()) == 9
    assert np.all(g.forward[g.kind == 0][:5])


def test_great_circle_known_distance() -> None:
    from corridor.network.geo import great_circle_km  # noqa: PLC0415

    # one degree of latitude on the mean sphere
    assert great_circle_km(0, 0, 0, 1) == pytest.approx(111.195, abs=1e-3)
    # London - Paris, about 343.5 km
    assert great_circle_km(-0.1276, 51.5072, 2.3522, 48.8566) == pytest.approx(343.5, abs=1.0)
