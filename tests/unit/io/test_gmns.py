"""GMNS directories: lossless round trip, layout, located errors."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corridor import eurasia
from corridor.exceptions import NetworkFormatError, NetworkValidationError
from corridor.io.gmns import check_gmns_directory, is_gmns_directory, read_gmns, write_gmns
from corridor.network.model import Network
from corridor.testing.strategies import networks


def _same(a: Network, b: Network) -> None:
    for f in dataclasses.fields(Network):
        if f.init and f.name != "source":
            assert getattr(a, f.name) == getattr(b, f.name), f.name


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def _dicts(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def _write_rows(path: Path, rows: list[list[str]]) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def _set(path: Path, key: str, column: str, value: str) -> int:
    """Set one cell (row found by its first cell); return its row number (header = 1)."""
    rows = _rows(path)
    col = rows[0].index(column)
    line = next(i for i, r in enumerate(rows) if r and r[0] == key)
    rows[line][col] = value
    _write_rows(path, rows)
    return line + 1


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("gmns") / "eurasia"
    write_gmns(eurasia(), d)
    return d


@pytest.fixture
def copy(embedded: Path, tmp_path: Path) -> Path:
    d = tmp_path / "copy"
    d.mkdir()
    for p in embedded.iterdir():
        (d / p.name).write_bytes(p.read_bytes())
    return d


def test_the_embedded_network_round_trips(embedded: Path) -> None:
    net = eurasia()
    again = read_gmns(embedded)
    _same(again, net)
    assert again.source == str(embedded)
    assert check_gmns_directory(embedded) == []


def test_layout_follows_gmns(embedded: Path) -> None:
    assert is_gmns_directory(embedded)
    assert sorted(p.name for p in embedded.iterdir()) == [
        "config.csv",
        "corridor.json",
        "link.csv",
        "node.csv",
    ]
    node_header = _rows(embedded / "node.csv")[0]
    assert node_header[:5] == ["node_id", "name", "x_coord", "y_coord", "node_type"]
    link_header = _rows(embedded / "link.csv")[0]
    assert link_header[:7] == [
        "link_id",
        "name",
        "from_node_id",
        "to_node_id",
        "directed",
        "length",
        "facility_type",
    ]
    assert link_header[-1] == "service" or "provenance" in link_header
    config = _dicts(embedded / "config.csv")
    assert config == [
        {
            "dataset_name": "eurasia",
            "short_length": "m",
            "long_length": "km",
            "speed": "km/h",
            "crs": "EPSG:4326",
            "geometry_field_format": "WKT",
            "currency": "USD",
            "version_number": "0.96",
            "id_type": "string",
        }
    ]
    links = {r["link_id"]: r for r in _dicts(embedded / "link.csv")}
    kuryk = links["ferry:kuryk-alat"]
    assert kuryk["directed"] == "false"
    assert kuryk["facility_type"] == "ferry"
    assert kuryk["geometry"].startswith("LINESTRING (")
    assert json.loads(kuryk["duration_h"])["type"] == "triangular"
    assert float(kuryk["length"]) == eurasia().link("ferry:kuryk-alat").distance_km
    meta = json.loads((embedded / "corridor.json").read_text(encoding="utf-8"))
    assert meta["format"] == "corridor-network"
    assert meta["fx"]["base"] == "USD"


@given(networks())
@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow], deadline=None)
def test_write_then_read_is_lossless(net: Network) -> None:
    import tempfile  # noqa: PLC0415 - hypothesis and function-scoped tmp_path do not mix

    with tempfile.TemporaryDirectory() as tmp:
        write_gmns(net, tmp)
        again = read_gmns(tmp, validate=False)
    assert again.nodes == net.nodes
    assert again.links == net.links
    assert again.cargo_classes == net.cargo_classes
    assert again.fx == net.fx
    assert again.name == net.name
    assert again.attribution == net.attribution


def test_errors_name_file_row_feature_and_column(copy: Path) -> None:
    r_from = _set(copy / "link.csv", "ferry:kuryk-alat", "from_node_id", "kurik")
    r_len = _set(copy / "link.csv", "rail:xian-lanzhou", "length", "-5")
    r_x = _set(copy / "node.csv", "aktau", "x_coord", "abc")
    r_type = _set(copy / "node.csv", "tbilisi", "node_type", "rail_terminus")
    r_json = _set(copy / "node.csv", "dostyk", "border", '{"countries": ["CN", "KZ"')
    with pytest.raises(NetworkValidationError) as info:
        read_gmns(copy)
    shown = [str(i) for i in info.value.issues if i.severity == "error"]
    link, node = copy / "link.csv", copy / "node.csv"
    assert (
        f"{link} row {r_from}: feature 'ferry:kuryk-alat', field 'from_node_id': node 'kurik' "
        "does not exist; fix: add a node with id 'kurik' or use an existing id (did you mean "
        "'kuryk'?)"
    ) in shown
    assert any(
        s.startswith(f"{link} row {r_len}: feature 'rail:xian-lanzhou', field 'length': ")
        and "'length'" in s
        for s in shown
    )
    assert (
        f"{node} row {r_x}: feature 'aktau', field 'x_coord': 'abc' is not a finite number; "
        "fix: write a plain number"
    ) in shown
    assert any(
        s.startswith(f"{node} row {r_type}: feature 'tbilisi', field 'node_type': ") for s in shown
    )
    assert any(
        s.startswith(f"{node} row {r_json}: feature 'dostyk', field 'border': is not valid JSON")
        for s in shown
    )
    # links to the node left out (aktau, dostyk) are not reported again
    assert not any("node 'aktau' does not exist" in s for s in shown)
    assert len(shown) == 5


def test_unknown_columns_warn_and_gmns_columns_are_ignored(copy: Path) -> None:
    rows = _rows(copy / "node.csv")
    rows[0] += ["zone_id", "colour"]
    for r in rows[1:]:
        r += ["7", "red"]
    _write_rows(copy / "node.csv", rows)
    issues = check_gmns_directory(copy)
    assert [(i.severity, i.field) for i in issues] == [("warning", "colour")]
    _same(read_gmns(copy), eurasia())


def test_short_rows_are_padded_long_rows_rejected(copy: Path) -> None:
    rows = _rows(copy / "link.csv")
    rows[1] = rows[1] + ["extra"]
    _write_rows(copy / "link.csv", rows)
    issues = [i for i in check_gmns_directory(copy) if i.severity == "error"]
    assert [str(i) for i in issues] == [
        (
            f"{copy / 'link.csv'} row 2: the row has {len(rows[0]) + 1} cells but the header "
            f"has {len(rows[0])}; fix: remove the extra cells or quote cells that contain commas"
        )
    ]


def test_units_from_config(copy: Path) -> None:
    rows = _rows(copy / "config.csv")
    rows[1][rows[0].index("long_length")] = "mi"
    _write_rows(copy / "config.csv", rows)
    km = eurasia().link("rail:xian-lanzhou").distance_km
    assert read_gmns(copy).link("rail:xian-lanzhou").distance_km == pytest.approx(km * 1.609344)
    rows[1][rows[0].index("crs")] = "EPSG:3857"
    _write_rows(copy / "config.csv", rows)
    with pytest.raises(NetworkValidationError, match="reproject to longitude/latitude"):
        read_gmns(copy)


def test_not_a_gmns_directory(tmp_path: Path) -> None:
    with pytest.raises(NetworkFormatError, match="no such directory"):
        read_gmns(tmp_path / "absent")
    with pytest.raises(NetworkFormatError, match=r"no node\.csv"):
        read_gmns(tmp_path)
    assert not is_gmns_directory(tmp_path)


def test_without_sidecar_the_directory_name_is_the_network_name(copy: Path) -> None:
    (copy / "corridor.json").unlink()
    (copy / "config.csv").unlink()
    net, issues = read_gmns(copy, validate=False), check_gmns_directory(copy)
    assert net.name == "copy"
    assert net.cargo_classes == ()
    # tariffs in USD need no exchange rate; the network is still valid
    assert [i for i in issues if i.severity == "error"] == []


_CELL = st.text(st.sampled_from([*'ab1.-,;"[]{}:e ', "\n", "é"]), max_size=20)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None, max_examples=60)
@given(
    st.sampled_from(["node.csv", "link.csv", "config.csv"]),
    st.integers(0, 30),
    st.integers(0, 25),
    _CELL,
)
def test_arbitrary_cells_give_validation_errors_only(
    embedded: Path, name: str, row: int, col: int, text: str
) -> None:
    import tempfile  # noqa: PLC0415 - hypothesis and function-scoped tmp_path do not mix

    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        for p in embedded.iterdir():
            (d / p.name).write_bytes(p.read_bytes())
        rows = _rows(d / name)
        r = rows[min(row, len(rows) - 1)]
        r[min(col, len(r) - 1)] = text
        _write_rows(d / name, rows)
        try:
            read_gmns(d)
        except NetworkValidationError as exc:
            assert all(i.message and i.fix for i in exc.issues)


def test_liner_services_passages_customs_and_regimes_round_trip(tmp_path: Path) -> None:
    from corridor.network.distributions import Fixed, LogNormal, Mixture, Triangular  # noqa: PLC0415
    from corridor.network.model import (  # noqa: PLC0415
        CustomsUnion,
        Money,
        OperatingRegime,
        Passage,
        Provenance,
        Service,
    )

    net = eurasia()
    prov = Provenance("a source", "published", "a note")
    delay = Mixture((0.52, 0.48), (Fixed(0.0), LogNormal(127.0, 90.0)))
    liner = Service(
        "Asia–North Europe",
        headway_h=Fixed(168.0),
        kind="liner",
        call_h=Triangular(12.0, 24.0, 48.0),
        schedule_delay_h=delay,
    )
    nodes = tuple(
        dataclasses.replace(
            n,
            passage=Passage(Triangular(12.0, 18.0, 36.0), Money(500.0), "FEU", {"toll": prov}),
        )
        if n.id == "suez"
        else dataclasses.replace(
            n,
            border=dataclasses.replace(
                n.border,
                dwell_h_by_direction={"CN>KZ": {"paper": Fixed(5.0), "digital": Fixed(2.5)}},
            ),
        )
        if n.id == "dostyk" and n.border is not None
        else n
        for n in net.nodes
    )
    links = tuple(
        dataclasses.replace(lk, service=liner) if lk.mode == "sea" else lk for lk in net.links
    )
    rich = dataclasses.replace(
        net,
        nodes=nodes,
        links=links,
        customs_unions=(CustomsUnion("EU", "European Union", frozenset({"DE", "PL"}), prov),),
        regimes=(
            OperatingRegime(
                "sea-2024",
                "Red Sea 2024",
                "sea_rates",
                valid_from="2024-01-01",
                tariff_factor={"sea": 3.0},
                closed=("suez",),
                provenance={"tariff_factor": prov},
            ),
        ),
    )
    write_gmns(rich, tmp_path / "rich")
    _same(read_gmns(tmp_path / "rich", validate=False), rich)
