from __future__ import annotations

import contextlib
import gzip
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corridor.assignment import assign
from corridor.exceptions import InvalidArgumentError, NetworkFormatError
from corridor.io.tntp import (
    read_tntp,
    read_tntp_flow,
    read_tntp_net,
    read_tntp_node,
    read_tntp_trips,
)

NET = """<NUMBER OF ZONES> 2
<NUMBER OF NODES> 4
<FIRST THRU NODE> 3
<NUMBER OF LINKS> 6
<TOLL FACTOR> 0.5
<END OF METADATA>

~ a comment
~\tinit_node\tterm_node\tcapacity\tlength\tfree_flow_time\tb\tpower\tspeed\ttoll\tlink_type\t;
\t1\t3\t100\t1\t1\t0.15\t4\t0\t0\t1\t;
\t3\t2\t100\t1\t1\t0.15\t4\t0\t2\t1\t;
\t1\t4\t100\t2\t2\t0.15\t4\t0\t0\t1\t;
\t4\t2\t100\t2\t2\t0.15\t4\t0\t0\t1\t;
\t2\t1\t50\t9\t0\t0.15\t4\t0\t0\t1\t;
\t3\t4\t100\t1\t1\t0.15\t4\t0\t0\t1\t;
"""

TRIPS = """<NUMBER OF ZONES> 2
<TOTAL OD FLOW> 150.0
<END OF METADATA>

Origin \t1
    1 :      0.0;     2 :    100.0;
Origin \t2
    1 :     50.0;
"""

FLOW = """From \tTo \tVolume \tCost
1 \t3 \t60.0 \t1.5
3 \t2 \t60.0 \t1.5
1 \t4 \t40.0 \t2.0
4 \t2 \t40.0 \t2.0
2 \t1 \t50.0 \t0.0
3 \t4 \t0.0 \t1.0
"""

NODE = "node\tX\tY\t;\n1\t0.5\t1.5\t;\n2\t2\t3\t;\n3\t1\t1\t;\n4\t2\t2\t;\n"


def _write(folder: Path, *, gz_trips: bool = False) -> Path:
    prefix = folder / "Tiny"
    (folder / "Tiny_net.tntp").write_text(NET)
    if gz_trips:
        (folder / "Tiny_trips.tntp.gz").write_bytes(gzip.compress(TRIPS.encode()))
    else:
        (folder / "Tiny_trips.tntp").write_text(TRIPS)
    (folder / "Tiny_flow.tntp").write_text(FLOW)
    (folder / "Tiny_node.tntp").write_text(NODE)
    return prefix


@pytest.mark.parametrize("gz_trips", [False, True])
def test_read_tntp(tmp_path: Path, gz_trips: bool) -> None:
    network = read_tntp(_write(tmp_path, gz_trips=gz_trips))
    assert network.name == "Tiny"
    net = network.net
    assert (net.n_zones, net.n_nodes, net.first_thru_node, net.n_links) == (2, 4, 3, 6)
    np.testing.assert_array_equal(net.init_node, [1, 3, 1, 4, 2, 3])
    np.testing.assert_allclose(net.toll, [0, 2, 0, 0, 0, 0])
    assert network.toll_factor == 0.5
    assert network.distance_factor == 0.0
    np.testing.assert_allclose(network.trips.demand, [[0, 100], [50, 0]])
    assert network.flow is not None
    assert network.nodes is not None
    np.testing.assert_allclose(network.nodes.x, [0.5, 2, 1, 2])
    volume, cost = network.flow.aligned(net)
    np.testing.assert_allclose(volume, [60, 60, 40, 40, 50, 0])
    assert cost[0] == 1.5


def test_problem_uses_generalised_cost_and_blocks_zone_transit(tmp_path: Path) -> None:
    network = read_tntp(_write(tmp_path))
    problem = network.to_problem()  # toll factor 0.5 from the metadata
    np.testing.assert_allclose(problem.fixed_cost, [0, 1.0, 0, 0, 0, 0])
    assert problem.block_zone_transit
    problem = network.to_problem(toll_factor=0.0, distance_factor=0.25)
    np.testing.assert_allclose(problem.fixed_cost, 0.25 * network.net.length)
    result = assign(problem, gap=1e-8)
    assert result.converged
    # Zone 2 -> zone 1 only via the direct link; demand 50 on it.
    assert result.flow[4] == pytest.approx(50.0)
    # Zone 1 -> 2: flow splits over 1-3-2 and 1-4-2 (and 1-3-4-2); it sums to 100.
    assert result.flow[1] + result.flow[3] == pytest.approx(100.0)


def test_factors_whose_fixed_cost_overflows_are_named(tmp_path: Path) -> None:
    network = read_tntp(_write(tmp_path))
    with pytest.raises(InvalidArgumentError, match=r"^toll_factor=0, distance") as info:
        network.to_problem(toll_factor=0.0, distance_factor=1e308)
    assert "is not a finite number; use smaller factors" in str(info.value)
    assert info.value.parameter == "distance_factor"


def test_directory_prefix(tmp_path: Path) -> None:
    _write(tmp_path)
    assert read_tntp(tmp_path).name == "Tiny"


def test_missing_files(tmp_path: Path) -> None:
    with pytest.raises(NetworkFormatError, match="no such file"):
        read_tntp(tmp_path / "Nothing")
    (tmp_path / "Tiny_net.tntp").write_text(NET)
    with pytest.raises(NetworkFormatError, match="trips"):
        read_tntp(tmp_path / "Tiny")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("<NUMBER OF LINKS> 6", "<NUMBER OF LINKS> 7", "says 7 but 6"),
        ("\t3\t2\t100\t1\t1", "\t3\t2\tabc\t1\t1", r"line 11: link row: 'abc' is not a number"),
        (
            "\t3\t2\t100\t1\t1\t0.15\t4\t0\t2\t1\t;",
            "\t3\t2\t100\t1\t;",
            "line 11: link row has 4 columns",
        ),
        ("\t1\t4\t100\t2\t2", "\t1\t4\t-100\t2\t2", "capacity is negative"),
        ("\t1\t4\t100\t2\t2", "\t1.5\t4\t100\t2\t2", "not a node number"),
        ("<NUMBER OF ZONES> 2\n", "", "NUMBER OF ZONES"),
        ("<NUMBER OF NODES> 4", "<NUMBER OF NODES> x", "not a number"),
        ("<NUMBER OF NODES> 4", "<NUMBER OF NODES> 3", "exceeds"),
        ("\t1\t4\t100\t2\t2", "\t1\t4\t0\t2\t2", "capacity is 0"),
    ],
)
def test_malformed_net_names_file_line_and_fix(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    path = tmp_path / "Bad_net.tntp"
    assert old in NET
    path.write_text(NET.replace(old, new, 1))
    with pytest.raises(NetworkFormatError, match=message) as info:
        read_tntp_net(path)
    assert str(path) in str(info.value)
    assert "fix:" in str(info.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (TRIPS.replace("150.0", "151.0"), "TOTAL OD FLOW"),
        (TRIPS.replace("2 :    100.0", "3 :    100.0"), "not a zone in 1..2"),
        (TRIPS.replace("100.0;", "1x0;"), "not a number"),
        (TRIPS.replace("Origin \t2", "Origin \tx"), "not a zone number"),
        (TRIPS.replace("Origin \t1\n", "Orig 1\n"), "Origin k"),
        (TRIPS.replace("    1 :     50.0;", "    1 :     -5.0;"), "trips -5.0"),
        (TRIPS.replace("    1 :     50.0;", "    1 :     50.0; junk"), "cannot read"),
    ],
)
def test_malformed_trips(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "Bad_trips.tntp"
    path.write_text(text)
    with pytest.raises(NetworkFormatError, match=message):
        read_tntp_trips(path)


def test_malformed_flow_node_and_gzip(tmp_path: Path) -> None:
    flow = tmp_path / "Bad_flow.tntp"
    flow.write_text(FLOW.replace("60.0 \t1.5\n3", "-60.0 \t1.5\n3"))
    with pytest.raises(NetworkFormatError, match="negative volume"):
        read_tntp_flow(flow)
    node = tmp_path / "Bad_node.tntp"
    node.write_text("node X Y\n1 2\n")
    with pytest.raises(NetworkFormatError, match="line 2: node row has 2 columns"):
        read_tntp_node(node)
    broken = tmp_path / "Bad_trips.tntp.gz"
    broken.write_bytes(gzip.compress(TRIPS.encode())[:-12])
    with pytest.raises(NetworkFormatError, match="gzip"):
        read_tntp_trips(broken)
    network = read_tntp(_write(tmp_path))
    other = read_tntp_flow(flow.with_name("Tiny_flow.tntp"))
    short = tmp_path / "Short_flow.tntp"
    short.write_text("From To Volume Cost\n1 3 1 1\n")
    with pytest.raises(NetworkFormatError, match="do not cover"):
        read_tntp_flow(short).aligned(network.net)
    assert other.volume.shape == (6,)


def test_trip_zone_count_must_match(tmp_path: Path) -> None:
    prefix = _write(tmp_path)
    (tmp_path / "Tiny_trips.tntp").write_text(
        TRIPS.replace("<NUMBER OF ZONES> 2", "<NUMBER OF ZONES> 3")
    )
    with pytest.raises(NetworkFormatError, match="3 zones"):
        read_tntp(prefix).to_problem()


@given(data=st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_garbage_raises_only_network_format_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "garbage.tntp"
    for reader in (read_tntp_net, read_tntp_trips, read_tntp_flow, read_tntp_node):
        path.write_bytes(data)
        with contextlib.suppress(NetworkFormatError):
            reader(path)


@given(
    lines=st.lists(
        st.sampled_from(
            [
                "<NUMBER OF ZONES> 2",
                "<NUMBER OF NODES> 3",
                "<END OF METADATA>",
                "1 2 100 1 1 0.15 4 0 0 1 ;",
                "2 3 0 1 1 0.15 4 ;",
                "Origin 1",
                "2 : 5.0;",
                "1 : x;",
                "~ comment",
                "<FIRST THRU NODE> 2",
                "3 1 1e400 1 1 0.15 4",
                "1 2 3",
                "nan 1 2 3 4 5 6",
                "",
            ]
        ),
        max_size=12,
    )
)
@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_near_valid_files_raise_only_network_format_error(tmp_path: Path, lines: list[str]) -> None:
    path = tmp_path / "near.tntp"
    path.write_text("\n".join(lines))
    for reader in (read_tntp_net, read_tntp_trips, read_tntp_flow, read_tntp_node):
        with contextlib.suppress(NetworkFormatError):
            reader(path)
