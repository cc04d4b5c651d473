"""``corridor research bri`` end to end on the synthetic world: files, numbers, Dask, resume."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corridor.cli import app
from corridor.research import Parameters, save_world
from corridor.research.synthetic import synthetic_world

runner = CliRunner()
P = Parameters.default()
PROJECTS = (
    "project_id,project,countries_iso3,mode,kind,from_name,from_lon,from_lat,to_name,to_lon,"
    "to_lat,via,length_km,design_speed_kmh,status,year_open,source_urls,notes\n"
    "new_road,New road,AAA;BBB,road,new_link,r0,0,0,r2,2,0,,150,,planned,,https://example.org,\n"
    "rail_c,Rail to C,BBB;CCC,rail,new_link,v1,2,0,v2,3,0,,100,,planned,,https://example.org,\n"
)


@pytest.fixture
def inputs(tmp_path: Path) -> tuple[Path, Path]:
    world = tmp_path / "world.npz"
    save_world(synthetic_world(), world)
    projects = tmp_path / "projects.csv"
    projects.write_text(PROJECTS, encoding="utf-8")
    return world, projects


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _run(world: Path, projects: Path, out: Path, *extra: str) -> str:
    result = runner.invoke(
        app,
        [
            "research",
            "bri",
            "--world",
            str(world),
            "--projects",
            str(projects),
            "--out",
            str(out),
            "--no-progress",
            *extra,
        ],
    )
    assert result.exit_code == 0, result.output
    return result.output


def test_bri_writes_every_output_with_the_hand_worked_numbers(
    inputs: tuple[Path, Path], tmp_path: Path
) -> None:
    world, projects = inputs
    out = tmp_path / "out"
    text = _run(world, projects, out)
    for name in (
        "pairs.parquet",
        "groups.csv",
        "countries.csv",
        "projects.csv",
        "map.png",
        "report.html",
    ):
        assert (out / name).is_file(), name
    assert "2 of 2 projects placed" in text
    import pyarrow.parquet as pq  # noqa: PLC0415

    pairs = pq.read_table(out / "pairs.parquet").to_pylist()
    assert len(pairs) == 6  # ordered pairs of three cities
    ab = next(r for r in pairs if r["origin"] == "A" and r["destination"] == "B")
    assert ab["origin_iso3"] == "AAA"
    assert ab["mode_class_pre"] == "rail"
    assert ab["hours_post_upper"] == pytest.approx(150 / P.road_speed_kmh + 5)
    groups = {r["group"]: r for r in _rows(out / "groups.csv")}
    # upper bound, world: A-B 18.71 -> 8.57 h both ways, A-C 20.50 -> 19.95 h both ways
    pre_ab = 5 + 200 / P.rail_speed_kmh + 5 + 5
    post_ab = 150 / P.road_speed_kmh + 5
    pre_ac = 1 + 400 / P.sea_speed_kmh + 6
    post_ac = 250 / P.road_speed_kmh + 5 + 9
    # B-C: by road 100 km + 9 h before; the new rail (100 km + 9 h, two 5 h switches) is slower
    expected = ((post_ab / pre_ab - 1) * 2 + (post_ac / pre_ac - 1) * 2) / 6 * 100
    assert float(groups["world"]["upper_pct"]) == pytest.approx(expected, rel=1e-6)
    assert float(groups["world"]["lower_pct"]) == pytest.approx(0.0, abs=1e-9)
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "−1.2 to −2.5" in report or "-1.2 to -2.5" in report
    assert "data:image/png;base64," in report
    projects_rows = {r["project_id"]: r for r in _rows(out / "projects.csv")}
    assert float(projects_rows["new_road"]["isolation_upper_pct"]) == pytest.approx(expected)
    assert float(projects_rows["rail_c"]["isolation_upper_pct"]) == pytest.approx(0.0, abs=1e-9)


def test_dask_gives_the_same_projects_and_a_rerun_resumes(
    inputs: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    world, projects = inputs
    serial, dask = tmp_path / "serial", tmp_path / "dask"
    _run(world, projects, serial)
    text = _run(world, projects, dask, "--workers", "2")
    assert "LocalCluster (2 process workers)" in text
    # searches and projects both ran on the cluster: the same numbers
    assert (serial / "projects.csv").read_text() == (dask / "projects.csv").read_text()
    assert (serial / "groups.csv").read_text() == (dask / "groups.csv").read_text()
    assert (serial / "countries.csv").read_text() == (dask / "countries.csv").read_text()
    # a second run finds every search and every project stored: nothing is recomputed
    from corridor.research import study  # noqa: PLC0415

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("recomputed")

    monkeypatch.setattr(study, "base_distances", refuse)
    monkeypatch.setattr(study, "project_effect", refuse)
    _run(world, projects, serial)


def test_errors_are_one_line(inputs: tuple[Path, Path], tmp_path: Path) -> None:
    world, _ = inputs
    bad = tmp_path / "bad.csv"
    bad.write_text(PROJECTS.replace("road,new_link", "boat,new_link"), encoding="utf-8")
    for args, needle in (
        (["--world", str(world), "--projects", str(bad)], "mode: 'boat' is unknown"),
        (["--world", str(tmp_path / "none.npz")], "no such file"),
        (["--data", str(tmp_path / "nodata")], "no such folder"),
        (["--world", str(world), "--workers", "2", "--scheduler", "tcp://x:1"], "--workers"),
        (["--world", str(world), "--value-of-time", "nan"], "--value-of-time"),
    ):
        result = runner.invoke(app, ["research", "bri", "--out", str(tmp_path / "o"), *args])
        assert result.exit_code == 2, result.output
        assert needle in result.output
        assert "Traceback" not in result.output


def test_region_codes_are_checked(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    result = runner.invoke(
        app,
        [
            "research",
            "build-world",
            "--data",
            str(data),
            "--region",
            "K4Z,",
            "--out",
            str(tmp_path / "w.npz"),
        ],
    )
    assert result.exit_code == 2
    assert "--region 'K4Z,': give ISO3 codes" in result.output


def test_build_world_names_the_missing_files(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["research", "build-world", "--data", str(tmp_path), "--out", str(tmp_path / "w")]
    )
    assert result.exit_code == 2
    assert "scgraph/world_railways.graphjson.gz" in result.output
    assert "Traceback" not in result.output
