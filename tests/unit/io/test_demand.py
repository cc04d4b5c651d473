from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corridor import network_from_geojson
from corridor.io.demand import (
    DemandValidationError,
    parse_demand,
    read_demand,
    teu_per_unit,
    write_demand,
)
from corridor.network.model import CargoClass, Network
from corridor.testing import tiny_network_geojson

NET: Network = network_from_geojson(tiny_network_geojson())
PLACES = [n.id for n in NET.nodes]
HEADER = "origin,destination,cargo,volume,unit,source\n"


def test_places_are_spelling_tolerant_and_tonnes_convert() -> None:
    demand = parse_demand(
        HEADER + "Sian,BAKU,feu,200,tonnes,a source\nCNXAN,almaty,FEU,3,teu,\n", NET
    )
    first, second = demand.rows
    assert (first.origin, first.destination, first.cargo) == ("xian", "baku", "FEU")
    assert first.teu == pytest.approx(20.0)  # 20 t per FEU of 2 TEU
    assert first.source == "a source"
    assert second.source is None
    assert second.teu == 3.0
    zones, od = demand.od_matrix()
    assert zones == ("xian", "baku", "almaty")
    assert od.sum() == pytest.approx(23.0)


def test_bulk_tonnes_use_the_feu_payload() -> None:
    bulk = CargoClass(
        "grain", "grain", teu=0.0, tonnes=1.0, value_usd=1.0, value_of_time_usd_per_day=0.1
    )
    assert teu_per_unit(bulk, "tonnes") == pytest.approx(0.1)
    assert teu_per_unit(bulk, "TEU") == 1.0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "no header row"),
        ("origin,destination,cargo\nxian,baku,FEU\n", "missing column(s) volume, unit"),
        (HEADER, "no demand rows"),
        ("origin,origin,destination,cargo,volume,unit\n", "repeated column(s) origin"),
        (HEADER + "xian,baku,FEU,1,TEU\nxian,baku,FEU\n", ":3: 3 field(s), the header has 6"),
        (HEADER + "xian,baku,FEU,nan,TEU,\n", "not a finite number"),
    ],
)
def test_file_level_problems(text: str, expected: str) -> None:
    with pytest.raises(DemandValidationError, match="fix:") as info:
        parse_demand(text, NET, source="d.csv")
    assert expected in str(info.value)


def test_unreadable_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(DemandValidationError, match="cannot read"):
        read_demand(tmp_path / "missing.csv", NET)
    bad = tmp_path / "latin1.csv"
    bad.write_bytes(HEADER.encode() + "xian,baku,FEU,1,TEU,\xe9t\xe9\n".encode("latin-1"))
    with pytest.raises(DemandValidationError, match=r"latin1.csv:2: not UTF-8"):
        read_demand(bad, NET)


@given(st.binary(max_size=400))
@settings(max_examples=300)
def test_garbage_bytes_raise_only_the_demand_error(data: bytes) -> None:
    try:
        parse_demand(data.decode("utf-8", errors="replace"), NET)
    except DemandValidationError as exc:
        assert exc.issues
        assert all("fix:" in str(i) for i in exc.issues)


_cell = st.one_of(
    st.sampled_from([*PLACES, "Sian", "atlantis", "", "FEU", "TEU", "tonnes", "-1", "1e3"]),
    st.text(max_size=12),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)


@given(st.lists(st.lists(_cell, min_size=0, max_size=7), max_size=8))
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_garbage_rows_raise_only_the_demand_error(rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    for text in (buffer.getvalue(), HEADER + buffer.getvalue()):
        try:
            demand = parse_demand(text, NET)
        except DemandValidationError as exc:
            assert exc.issues
        else:
            assert all(r.teu >= 0 for r in demand.rows)


_row = st.tuples(
    st.sampled_from(PLACES),
    st.sampled_from(PLACES),
    st.sampled_from(["FEU", "feu"]),
    st.floats(min_value=0, max_value=1e12, allow_nan=False),
    st.sampled_from(["TEU", "tonnes"]),
    st.one_of(st.none(), st.text(alphabet="abc ,;\"'x1", min_size=1, max_size=10)),
).filter(lambda r: r[0] != r[1])


@given(st.lists(_row, min_size=1, max_size=10))
@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_valid_rows_round_trip(
    tmp_path: Path, rows: list[tuple[str, str, str, float, str, str | None]]
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER.strip().split(","))
    for o, d, c, v, u, s in rows:
        writer.writerow([o, d, c, repr(v), u, s or ""])
    demand = parse_demand(buffer.getvalue(), NET)
    assert [(r.origin, r.destination, r.volume, r.unit) for r in demand.rows] == [
        (o, d, v, u) for o, d, _, v, u, _ in rows
    ]
    assert [r.source for r in demand.rows] == [s.strip() or None if s else None for *_, s in rows]
    path = write_demand(demand, tmp_path / "again.csv")
    again = read_demand(path, NET)
    assert [
        (r.origin, r.destination, r.cargo, r.volume, r.unit, r.teu, r.source) for r in again.rows
    ] == [
        (r.origin, r.destination, r.cargo, r.volume, r.unit, r.teu, r.source) for r in demand.rows
    ]
