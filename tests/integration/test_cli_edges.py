"""Bad command-line inputs end in one line on stderr and exit 2, never in a traceback.

Each case is one that used to escape as a traceback or be silently ignored (issue 9).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from corridor.cli import app
from corridor.cli._common import check_number, comma_list
from corridor.exceptions import CorridorError
from corridor.testing import tiny_network_geojson

runner = CliRunner()
ROUTE = ["route", "Xi'an", "Duisburg"]
COMPARE = ["compare", "Xi'an", "Duisburg"]
RELIABILITY = ["reliability", "Xi'an", "Duisburg", "--corridor", "northern", "--samples", "50"]
SIOUX = "tntp/SiouxFalls/SiouxFalls"


def _refused(args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert message in result.output
    assert result.output.count("\n") == 1, result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([*ROUTE, "--value-of-time", "nan"], "--value-of-time nan: use a finite number 0 or more"),
        ([*ROUTE, "--value-of-time", "inf"], "--value-of-time inf"),
        ([*ROUTE, "--carbon-price", "inf"], "--carbon-price inf"),
        ([*ROUTE, "--carbon-price", "nan"], "--carbon-price nan"),
        ([*COMPARE, "--value-of-time", "nan"], "--value-of-time nan"),
        ([*COMPARE, "--carbon-price", "-inf"], "--carbon-price -inf"),
        (["assign", "--tntp", "x", "--gap", "inf"], "--gap inf"),
        (["assign", "--tntp", "x", "--distance-factor", "inf"], "--distance-factor inf"),
        (["assign", "--demand", "x.csv", "--gap", "inf"], "--gap inf"),
    ],
)
def test_non_finite_numbers_are_refused(args: list[str], message: str) -> None:
    _refused(args, message)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([*RELIABILITY, "--seed", "-1"], "--seed -1: use a finite number 0 or more"),
        (
            [*RELIABILITY[:-2], "--samples", "1000000000000"],
            "--samples 1e+12: use a finite number from 1 to 10,000,000",
        ),
        ([*RELIABILITY[:-2], "--samples", "1e12"], "--samples 1e+12: use a finite number from 1"),
        ([*RELIABILITY[:-2], "--samples", "2.5"], "--samples 2.5: use a whole number from 1"),
        ([*RELIABILITY[:-2], "--samples", "0"], "--samples 0: use a finite number from 1"),
        ([*RELIABILITY, "--border-correlation", "nan"], "--border-correlation nan: use a finite"),
        ([*RELIABILITY, "--border-correlation", "1.5"], "--border-correlation 1.5: use a finite"),
        ([*COMPARE, "--tie-margin", "nan"], "--tie-margin nan: use a finite number from 0 to 1"),
        ([*ROUTE, "-k", "2", "--max-overlap", "nan"], "--max-overlap nan: use a finite number"),
        ([*ROUTE, "--max-overlap", "-0.5"], "--max-overlap -0.5: use a finite number"),
        (["assign", "--tntp", "x", "--gap", "nan"], "--gap nan: use a finite number 0 or more"),
        (["assign", "--tntp", "x", "--gap", "-1"], "--gap -1: use a finite number 0 or more"),
        (["assign", "--tntp", "x", "--toll-factor", "nan"], "--toll-factor nan"),
        (["assign", "--tntp", "x", "--toll-factor", "-1"], "--toll-factor -1"),
        (
            [*ROUTE, "--max-transshipments", "9" * 23],
            "--max-transshipments 99999999999999999999999: use a finite number from 0 to 100",
        ),
        ([*COMPARE, "--max-transshipments", "-1"], "--max-transshipments -1: use a finite number"),
    ],
)
def test_numbers_out_of_range_are_one_line(args: list[str], message: str) -> None:
    _refused(args, message)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["assign", "--tntp", "x", "--select-link", "kz_cn_khorgos"],
            "--select-link cannot be used with --tntp",
        ),
        (
            ["assign", "--demand", "x.csv", "-f", "geojson", "--select-link", "a"],
            "--select-link cannot be used with --format geojson",
        ),
        (
            ["assign", "--demand", "x.csv", "--toll-factor", "0.1"],
            "--toll-factor cannot be used with --demand",
        ),
        (
            ["assign", "--demand", "x.csv", "--distance-factor", "0.1"],
            "--distance-factor cannot be used with --demand",
        ),
        (
            ["assign", "--tntp", "x", "--network", "n.geojson"],
            "--network cannot be used with --tntp",
        ),
        (["assign", "--tntp", "x", "--month", "3"], "--month cannot be used with --tntp"),
        (
            [*ROUTE, "--pareto", "--alternatives", "3"],
            "--pareto cannot be used with --alternatives",
        ),
        ([*ROUTE, "--avoid-country", ""], "--avoid-country '': empty item"),
        ([*COMPARE, "--avoid-country", "RU,,BY"], "--avoid-country 'RU,,BY': empty item"),
        ([*RELIABILITY, "--avoid-country", ""], "--avoid-country '': empty item"),
        ([*ROUTE, "--close", ","], "--close ',': empty item"),
        ([*ROUTE, "--mode-only", ""], "--mode-only '': empty item"),
        ([*COMPARE, "--mode-only", "rail,"], "--mode-only 'rail,': empty item"),
        ([*RELIABILITY, "--digital-borders", ""], "--digital-borders '': empty item"),
        ([*RELIABILITY[:-4], "--corridor", " "], "--corridor '': empty"),
        ([*ROUTE, "--avoid-country", "RUS"], "--avoid-country RUS: no place of the network"),
        ([*COMPARE, "--avoid-country", "RU,XY"], "--avoid-country XY: no place of the network"),
    ],
)
def test_options_that_cannot_apply_together_are_refused(args: list[str], message: str) -> None:
    _refused(args, message)


@pytest.mark.parametrize(
    "args",
    [
        ["route", "Strait of Malacca", "Rotterdam"],
        ["compare", "Shanghai", "Strait of Malacca"],
        ["reliability", "Suez Canal", "Duisburg"],
    ],
)
def test_a_chokepoint_is_not_an_origin_or_destination(args: list[str]) -> None:
    _refused(args, "is a chokepoint (a sea passage), not a place cargo starts or ends at")


def _avoided(args: list[str]) -> list[str]:
    result = runner.invoke(app, [*args, "-f", "json"])
    assert result.exit_code == 0, result.output
    return list(json.loads(result.stdout)["countries"])


def test_avoid_country_takes_a_comma_list() -> None:
    assert {"RU", "BY"} & set(_avoided(ROUTE))
    listed = _avoided([*ROUTE, "--avoid-country", "RU,BY"])
    repeated = _avoided([*ROUTE, "--avoid-country", "RU", "--avoid-country", "BY"])
    assert listed == repeated
    assert not {"RU", "BY"} & set(listed)
    assert _avoided([*ROUTE, "--avoid-country", "RU, BY"]) == listed
    assert _avoided([*ROUTE, "--avoid-country", "ru,by"]) == listed


def test_close_takes_a_comma_list() -> None:
    args = ["route", "Shanghai", "Rotterdam", "-f", "json"]
    listed = runner.invoke(app, [*args, "--close", "suez,cape_good_hope"])
    repeated = runner.invoke(app, [*args, "--close", "suez", "--close", "cape_good_hope"])
    assert listed.exit_code == repeated.exit_code
    assert listed.output == repeated.output


def test_plot_in_a_missing_directory_is_refused_before_work(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "plot.png"
    _refused([*RELIABILITY, "--plot", str(target)], "does not exist; fix: create it first")
    assert not target.parent.exists()


@pytest.mark.parametrize("target", ["/dev/full", "DIR"])
def test_plot_to_a_device_or_directory_is_refused(target: str, tmp_path: Path) -> None:
    path = str(tmp_path) if target == "DIR" else target
    result = runner.invoke(app, [*RELIABILITY, "--plot", path])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert f"--plot {path}: " in result.output


@pytest.mark.parametrize(
    ("fmt", "target", "message"),
    [
        ("geojson", "MISSING/x.geojson", "does not exist"),
        ("geojson", "/dev/full", "not a regular file"),
        ("geojson", "TMP", "is a directory"),
        ("csv", "/dev/full", "not a directory"),
        ("gmns", "/dev/full", "not a directory"),
        ("csv", "/dev/full/x", "cannot create the directory"),
    ],
)
def test_export_paths_are_checked_first(
    fmt: str, target: str, message: str, tmp_path: Path
) -> None:
    path = target.replace("MISSING", str(tmp_path / "missing")).replace("TMP", str(tmp_path))
    _refused(["network", "export", "-f", fmt, "-o", path], message)


def test_a_write_error_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import corridor.io.geojson  # noqa: PLC0415

    def full(*_: object, **__: object) -> Path:
        raise OSError(28, "No space left on device", str(tmp_path / "x.geojson"))

    monkeypatch.setattr(corridor.io.geojson, "write_network", full)
    _refused(["network", "export", "-o", str(tmp_path / "x.geojson")], "No space left on device")


@pytest.fixture
def nested_file(tmp_path: Path) -> Path:
    path = tmp_path / "nested.geojson"
    path.write_text('{"type": "FeatureCollection", "features": ' + "[" * 200_000 + "]" * 200_000)
    return path


@pytest.mark.parametrize("command", [["network", "info"], ["network", "validate"]])
def test_deeply_nested_json_is_one_line(command: list[str], nested_file: Path) -> None:
    _refused([*command, str(nested_file)], "JSON nested too deeply")


def test_deeply_nested_network_option(nested_file: Path) -> None:
    _refused([*ROUTE, "--network", str(nested_file)], "JSON nested too deeply")


def test_a_400_digit_number_is_reported_with_its_field(tmp_path: Path) -> None:
    data = tiny_network_geojson()
    text = json.dumps(data)
    link = next(f for f in data["features"] if "distance_km" in f["properties"])
    km = link["properties"]["distance_km"]
    text = text.replace(f'"distance_km": {json.dumps(km)}', '"distance_km": ' + "9" * 400, 1)
    path = tmp_path / "big.geojson"
    path.write_text(text)
    _refused(["network", "info", str(path)], "field 'distance_km': must be finite")


@pytest.mark.parametrize("command", [["network", "info"], ["network", "validate"]])
def test_a_device_is_not_read(command: list[str]) -> None:
    _refused([*command, "/dev/zero"], "not a regular file")


def test_a_device_as_demand_is_not_read() -> None:
    result = runner.invoke(app, ["assign", "--demand", "/dev/zero"])
    assert result.exit_code == 2
    assert "/dev/zero: cannot read the file (not a regular file" in result.output


def test_a_directory_as_demand(tmp_path: Path) -> None:
    result = runner.invoke(app, ["assign", "--demand", str(tmp_path)])
    assert result.exit_code == 2
    assert "is a directory, not a file" in result.output


def _tntp(tmp_path: Path, zones: str) -> Path:
    (tmp_path / "X_net.tntp").write_text(
        f"<NUMBER OF ZONES> {zones}\n<NUMBER OF NODES> 2\n<FIRST THRU NODE> 1\n"
        "<NUMBER OF LINKS> 1\n<END OF METADATA>\n\n"
        "~ init term cap len fft b power speed toll type ;\n1 2 1 1 1 0.15 4 0 0 1 ;\n"
    )
    (tmp_path / "X_trips.tntp").write_text(
        f"<NUMBER OF ZONES> {zones}\n<TOTAL OD FLOW> 1\n<END OF METADATA>\n\nOrigin 1\n2 : 1.0;\n"
    )
    return tmp_path / "X"


@pytest.mark.parametrize("zones", ["1" + "0" * 400, "999999999999", "2.7", "1e400"])
def test_tntp_header_counts_are_checked(zones: str, tmp_path: Path) -> None:
    _refused(["assign", "--tntp", str(_tntp(tmp_path, zones))], "<NUMBER OF ZONES> is ")


def test_tntp_good_header_still_reads(tmp_path: Path) -> None:
    result = runner.invoke(app, ["assign", "--tntp", str(_tntp(tmp_path, "2")), "-f", "json"])
    assert result.exit_code == 0, result.output


@given(st.lists(st.text(alphabet="ABCRUBY ,", max_size=8), max_size=4))
def test_comma_list_splits_or_refuses(values: list[str]) -> None:
    try:
        items = comma_list("--x", values)
    except CorridorError as exc:
        assert "--x" in str(exc)
        assert any("" in [p.strip() for p in v.split(",")] for v in values)
    else:
        assert all(items)
        assert items == [p.strip() for v in values for p in v.split(",")]


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_check_number_accepts_exactly_finite_non_negative(value: float) -> None:
    try:
        check_number("--x", value, low=0.0)
    except CorridorError as exc:
        assert not (math.isfinite(value) and value >= 0)
        assert str(exc).startswith("--x ")
    else:
        assert math.isfinite(value)
        assert value >= 0


@pytest.mark.parametrize("damage", ["corrupt", "truncated", "not gzip"])
def test_a_damaged_gzip_network_is_one_line(damage: str, tmp_path: Path) -> None:
    import gzip  # noqa: PLC0415

    packed = gzip.compress(json.dumps(tiny_network_geojson()).encode() * 20)
    data = {
        "corrupt": packed[:20] + b"\0" * 50 + packed[70:],
        "truncated": packed[:30],
        "not gzip": b"hello",
    }[damage]
    path = tmp_path / "net.geojson.gz"
    path.write_bytes(data)
    _refused(["network", "info", str(path)], "cannot read the file")


def test_plot_format_is_checked_before_sampling(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    _refused([*RELIABILITY, "--plot", str(tmp_path / "x.txt")], "'.txt' is not an image format")
