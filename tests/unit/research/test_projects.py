"""The project table: reading it (every problem with its row and column) and placing it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.research import Parameters
from corridor.research.projects import (
    ProjectRecord,
    ProjectTableError,
    place_projects,
    read_projects,
)
from corridor.research.synthetic import synthetic_world

HEADER = (
    "project_id,project,countries_iso3,mode,kind,from_name,from_lon,from_lat,to_name,to_lon,"
    "to_lat,via,length_km,design_speed_kmh,status,year_open,source_urls,notes\n"
)
P = Parameters.default()


def _record(**changes: object) -> ProjectRecord:
    base: dict[str, object] = {
        "project_id": "p",
        "project": "P",
        "countries": ("AAA", "BBB"),
        "mode": "road",
        "kind": "new_link",
        "points": (("a", 0.0, 0.0), ("b", 2.0, 0.0)),
        "length_km": 150.0,
        "design_speed_kmh": None,
        "status": "planned",
        "year_open": None,
        "sources": (),
        "notes": "",
    }
    base.update(changes)
    return ProjectRecord(**base)  # type: ignore[arg-type]


def test_the_shipped_table_reads_and_covers_the_68_projects() -> None:
    records = read_projects()
    assert len(records) == 68
    assert len({r.project_id for r in records}) == 68
    assert all(r.sources for r in records), "every project carries its sources"
    assert all(len(r.points) >= 1 for r in records)


def test_every_problem_is_listed_with_row_and_column(tmp_path: Path) -> None:
    f = tmp_path / "p.csv"
    f.write_text(
        HEADER
        + "a,A,KAZ,train,new_link,x,0,0,y,1,1,,,,planned,,,\n"
        + "a,B,KAZ,rail,new_link,x,0,0,y,1,999,,-5,,planned,,,\n",
        encoding="utf-8",
    )
    with pytest.raises(ProjectTableError) as info:
        read_projects(f)
    text = str(info.value)
    assert f"{f}:2: mode: 'train' is unknown" in text
    assert f"{f}:3: project_id" in text
    assert f"{f}:3: to_lat" in text
    assert f"{f}:3: length_km" in text
    assert "problems in the project table" in text


def test_a_missing_column_is_named(tmp_path: Path) -> None:
    f = tmp_path / "p.csv"
    f.write_text("project_id,project\nx,X\n", encoding="utf-8")
    with pytest.raises(ProjectTableError, match="missing column"):
        read_projects(f)


@settings(max_examples=60, deadline=None)
@given(
    length=st.text(max_size=8),
    lat=st.text(max_size=8),
    via=st.text(max_size=20),
)
def test_the_reader_never_crashes(
    tmp_path_factory: pytest.TempPathFactory, length: str, lat: str, via: str
) -> None:
    f = tmp_path_factory.mktemp("p") / "p.csv"
    clean = [
        x.replace(",", ";").replace("\n", " ").replace("\r", " ").replace('"', "")
        for x in (length, lat, via)
    ]
    f.write_text(
        HEADER + f"a,A,KAZ,rail,new_link,x,0,{clean[1]},y,1,1,{clean[2]},{clean[0]},,planned,,,\n",
        encoding="utf-8",
    )
    try:
        records = read_projects(f)
    except ProjectTableError as exc:
        assert str(f) in str(exc)
    else:
        r = records[0]
        assert r.length_km is None or 0.1 <= r.length_km <= 2e4
        assert all(-90 <= pt[2] <= 90 for pt in r.points)


def test_a_road_link_joins_existing_vertices_with_its_published_length() -> None:
    world = synthetic_world()
    new_world, edges, notes = place_projects(world, [_record()], P)
    assert new_world.n_vertices == world.n_vertices
    (e,) = edges
    assert sorted(zip(e.tail.tolist(), e.head.tolist(), strict=True)) == [(0, 2), (2, 0)]
    # 150 km at the road speed plus AAA export 1 h + BBB import 4 h (and 3 + 2 back)
    hours = dict(
        zip(zip(e.tail.tolist(), e.head.tolist(), strict=True), e.hours.tolist(), strict=True)
    )
    assert hours[0, 2] == pytest.approx(150 / P.road_speed_kmh + 1 + 4)
    assert hours[2, 0] == pytest.approx(150 / P.road_speed_kmh + 3 + 2)
    assert notes[0].placed
    assert notes[0].km == pytest.approx(150.0)


def test_a_point_far_from_the_network_brings_a_new_vertex_reached_from_cities() -> None:
    world = synthetic_world()
    far = _record(mode="rail", points=(("a", 0.0, 0.0), ("far", 0.0, 1.0)), length_km=None)
    new_world, edges, notes = place_projects(world, [far], P)
    assert new_world.n_vertices == world.n_vertices + 1
    assert notes[0].new_vertices == 1
    modes = set(edges[0].mode)
    assert "rail" in modes
    assert "access_rail" in modes  # city A is within reach
    # no published length: the great circle times the new-link circuity
    assert notes[0].km == pytest.approx(111.19 * P.new_link_circuity, rel=1e-3)


def test_an_upgrade_without_a_published_speed_changes_nothing() -> None:
    world = synthetic_world()
    up = _record(
        mode="rail", kind="upgrade", points=(("a", 0.0, 0.0), ("b", 2.0, 0.0)), length_km=None
    )
    _, edges, notes = place_projects(world, [up], P)
    # as long as today's rail route (200 km), at today's speed
    assert notes[0].km == pytest.approx(200.0)
    rail_hours = sorted(edges[0].hours.tolist())
    assert rail_hours[0] == pytest.approx(200 / P.rail_speed_kmh + 1 + 4)


def test_a_port_and_a_pipeline() -> None:
    world = synthetic_world()
    port = _record(mode="port", kind="new_port", points=(("q", 2.0, -0.1),), length_km=None)
    pipe = _record(project_id="q", mode="pipeline_or_other")
    _, edges, notes = place_projects(world, [port, pipe], P)
    assert [e.project_id for e in edges] == ["p"]
    assert set(edges[0].mode) == {"port"}
    assert not notes[1].placed
    assert "pipeline" in notes[1].reason
    assert np.isfinite(edges[0].hours).all()


def test_a_link_through_a_transit_country_pays_both_borders() -> None:
    world = synthetic_world()
    through = _record(points=(("a", 0.0, 0.0), ("c", 3.0, 0.0)), length_km=300.0)
    _, edges, _ = place_projects(world, [through], P)
    hours = dict(
        zip(
            zip(edges[0].tail.tolist(), edges[0].head.tolist(), strict=True),
            edges[0].hours.tolist(),
            strict=True,
        )
    )
    # AAA -> BBB (export 1 + import 4), BBB -> CCC (3 + 6); back: 5 + 4, 3 + 2
    assert hours[0, 3] == pytest.approx(300 / P.road_speed_kmh + 1 + 4 + 3 + 6)
    assert hours[3, 0] == pytest.approx(300 / P.road_speed_kmh + 5 + 4 + 3 + 2)
