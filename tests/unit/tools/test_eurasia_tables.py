"""The tables of the embedded network (tools/eurasia/): parsing, validation, messages."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corridor.network.distributions import distribution_from_dict

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "tools"))

from eurasia_tables import (  # noqa: E402
    TABLES,
    TableIssue,
    TableSpec,
    TableValidationError,
    parse_distribution,
    parse_table,
    read_tables,
    tables_from_texts,
)

TABLES_DIR = ROOT / "tools" / "eurasia"
TEXTS = {
    s.name: (TABLES_DIR / s.file).read_text(encoding="utf-8")
    if (TABLES_DIR / s.file).exists()
    else ",".join(c.name for c in s.columns) + "\n"  # an optional table left out
    for s in TABLES
}


def _rows(name: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(TEXTS[name], newline="")))


def _text(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def _edit(texts: dict[str, str], table: str, key: str, column: str, value: str) -> int:
    """Set one cell (row found by its first cell); return the row number (header = 1)."""
    rows = list(csv.reader(io.StringIO(texts[table], newline="")))
    col = rows[0].index(column)
    line = next(i for i, r in enumerate(rows) if r and r[0] == key)
    rows[line][col] = value
    texts[table] = _text(rows)
    return line + 1


def _issues(texts: dict[str, str | None]) -> list[TableIssue]:
    with pytest.raises(TableValidationError) as info:
        tables_from_texts(texts)
    return list(info.value.issues)


def test_committed_tables_validate() -> None:
    tables = read_tables(TABLES_DIR, "tools/eurasia")
    committed = json.loads((ROOT / "src" / "corridor" / "data" / "eurasia.geojson").read_text())
    kinds = [f["properties"]["feature_type"] for f in committed["features"]]
    assert len(tables["node"]) == kinds.count("node") >= 100
    assert len(tables.links) == kinds.count("link") >= 150
    stems = {p.stem for p in TABLES_DIR.glob("*.csv")}
    assert {s.name for s in TABLES if not s.optional} <= stems <= {s.name for s in TABLES}
    assert tables.prov(tables.by_key("profiles")["road"], "speed") == {
        "source": "ADB CAREC CPMM 2022 (road SWOD 42.0 km/h), https://cpmm.carecprogram.org/?p=130",
        "kind": "published",
        "note": "CAREC road speed without delay; border delay is modelled at border nodes",
    }


def test_every_problem_is_listed_with_table_row_column_and_fix() -> None:
    texts: dict[str, str | None] = dict(TEXTS)
    edits: dict[str, str] = dict(TEXTS)
    r_link = _edit(edits, "link", "ferry:kuryk-alat", "from_node_id", "kurik")
    r_profile = _edit(edits, "link", "rail:xian-lanzhou", "profile_id", "cn_rial")
    r_speed = _edit(edits, "profiles", "road", "speed", "1e999")
    r_name = _edit(edits, "node", "aktau", "name", "")
    r_km = _edit(edits, "link", "rail:khorgos-almaty", "published_km", "-293")
    r_src = _edit(edits, "borders", "dostyk", "fee_source", "cpmm_kz22;cpm_kz22")
    r_dist = _edit(edits, "transfers", "road_sea", "time", "triangular(12, 72, 24)")
    node_rows = list(csv.reader(io.StringIO(edits["node"], newline="")))
    node_rows[0].append("comment")
    for row in node_rows[1:]:
        row.append("")
    edits["node"] = _text(node_rows)
    texts.update(edits)
    shown = [str(i) for i in _issues(texts)]
    expected = [
        (
            f"tools/eurasia/link.csv row {r_link}, column from_node_id: unknown node 'kurik' "
            "(did you mean 'kuryk'?) — add it to node.csv or fix the id"
        ),
        (
            f"tools/eurasia/link.csv row {r_profile}, column profile_id: unknown profile 'cn_rial' "
            "(did you mean 'cn_rail'?) — add it to profiles.csv or fix the id"
        ),
        (
            f"tools/eurasia/profiles.csv row {r_speed}, column speed: '1e999' is not a finite "
            "number — write a plain number such as 12.5"
        ),
        f"tools/eurasia/node.csv row {r_name}, column name: the cell is empty — fill in name",
        (
            f"tools/eurasia/link.csv row {r_km}, column published_km: -293 must be greater than 0 "
            "— give a positive number"
        ),
        (
            f"tools/eurasia/borders.csv row {r_src}, column fee_source: unknown source 'cpm_kz22' "
            "(did you mean 'cpmm_kz22'?) — add it to sources.csv or fix the id"
        ),
        (
            "tools/eurasia/node.csv row 1, column comment: unknown column 'comment' — remove it or "
            "rename it to one of node_id, name, x_coord, y_coord, node_type, country, locode, "
            "aliases, transfer_ids, handling_id, position_source, position_kind, position_note"
        ),
    ]
    for line in expected:
        assert line in shown
    dist = next(s for s in shown if s.startswith(f"tools/eurasia/transfers.csv row {r_dist}"))
    assert "column time: triangular needs low <= mode <= high" in dist
    # the consequences of a bad cell are not reported again (no "profile has no speed")
    assert not any("has no speed" in s for s in shown)
    assert len(shown) == len(expected) + 1


def test_missing_table_and_provenance() -> None:
    texts: dict[str, str | None] = dict(TEXTS)
    texts["fx"] = None
    edits = dict(TEXTS)
    line = _edit(edits, "link", "rail:dostyk-aktogay", "capacity_kind", "")
    line2 = _edit(edits, "link", "rail:xian-lanzhou", "electrified_source", "poti_baku")
    texts["link"] = edits["link"]
    shown = {str(i) for i in _issues(texts)}
    assert "tools/eurasia/fx.csv: the table is missing — create fx.csv" in shown
    assert (
        f"tools/eurasia/link.csv row {line}, column capacity_kind: the provenance of capacity "
        "is missing — give published, measured, derived or estimate"
    ) in shown
    assert (
        f"tools/eurasia/link.csv row {line2}, column electrified_source: provenance is given "
        "but electrified is empty — fill in electrified or clear the provenance cells"
    ) in shown


def test_topology_rules() -> None:
    texts: dict[str, str | None] = dict(TEXTS)
    edits = dict(TEXTS)
    # a road link from Georgia straight into Türkiye, without the Sarpi border node
    link_rows = _rows("link")
    link_rows.append(
        ["road:batumi-erzurum", "batumi", "erzurum", "false", "road", "", "road"]
        + [""] * (len(link_rows[0]) - 7)
    )
    edits["link"] = _text(link_rows)
    # a gauge-change station dropped
    gauge_rows = [r for r in _rows("gauge_changes") if not r or r[0] != "sarakhs"]
    edits["gauge_changes"] = _text(gauge_rows)
    # a border crossing without border data
    border_rows = [r for r in _rows("borders") if not r or r[0] != "kapikule"]
    edits["borders"] = _text(border_rows)
    texts.update(edits)
    shown = [str(i) for i in _issues(texts)]
    assert any(
        f"link.csv row {len(link_rows)}, column to_node_id: the road link crosses from GE to TR "
        "without a border crossing" in s
        for s in shown
    )
    assert any("rail_1435 and rail_1520 links meet at 'sarakhs'" in s for s in shown)
    assert any("'kapikule' is a border crossing without a row in borders.csv" in s for s in shown)


def test_build_exits_2_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "tables"
    shutil.copytree(TABLES_DIR, bad)
    texts = {"link": (bad / "link.csv").read_text(encoding="utf-8")}
    _edit(texts, "link", "ferry:kuryk-alat", "to_node_id", "alatt")
    (bad / "link.csv").write_text(texts["link"], encoding="utf-8")
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools" / "build_eurasia.py"),
            "--tables",
            str(bad),
            "--data",
            str(tmp_path / "no-data"),
            "--out",
            str(tmp_path / "out.geojson"),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "column to_node_id: unknown node 'alatt' (did you mean 'alat'?)" in proc.stderr
    assert "1 problem(s) in the network tables; nothing written" in proc.stderr
    assert not (tmp_path / "out.geojson").exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("fixed(5)", {"type": "fixed", "value": 5}),
        (
            " triangular( 12 ,24, 72.5 ) ",
            {"type": "triangular", "low": 12, "mode": 24, "high": 72.5},
        ),
        (
            "triangular(high=72, low=12, mode=24)",
            {"type": "triangular", "low": 12, "mode": 24, "high": 72},
        ),
        ("lognormal(mean=16.0, sd=24)", {"type": "lognormal", "mean": 16.0, "sd": 24}),
        ("empirical(3, 5, 8)", {"type": "empirical", "values": [3, 5, 8]}),
        (
            "mixture(0.52: fixed(0), 0.48: lognormal(mean=127, sd=90))",
            {
                "type": "mixture",
                "weights": [0.52, 0.48],
                "components": [
                    {"type": "fixed", "value": 0},
                    {"type": "lognormal", "mean": 127, "sd": 90},
                ],
            },
        ),
    ],
)
def test_distribution_notation(text: str, expected: dict[str, object]) -> None:
    assert parse_distribution(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("triangle(1, 2, 3)", "unknown distribution 'triangle' (did you mean 'triangular'?)"),
        ("fixed(-1)", "must be a finite number >= 0"),
        ("lognormal(16, 24, 3)", "lognormal takes 2 parameter(s): mean, sd"),
        ("lognormal(mean=16)", "lognormal needs mean, sd; missing sd"),
        ("fixed(1) + 2", "unexpected '+"),
        ("mixture(0.5: fixed(0), 0.6: fixed(1))", "mixture weights must sum to 1"),
        ("mixture(1: mixture(1: fixed(0)))", "a mixture cannot contain a mixture"),
        ("fixed(1e999)", "must be a finite number"),
    ],
)
def test_distribution_errors(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_distribution(text)


# --------------------------------------------------------------------------- properties

_CELL_TEXT = st.text(
    alphabet=st.sampled_from(list("abcxyz_019.,;:=()+-eE \"'\n\r\t\x00é→")) | st.characters(),
    max_size=40,
)


@given(_CELL_TEXT)
def test_distribution_parser_only_raises_value_error(text: str) -> None:
    try:
        out = parse_distribution(text)
    except ValueError:
        return
    distribution_from_dict(out)


_NUM = st.one_of(
    st.integers(min_value=0, max_value=10**6),
    st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False),
)


@st.composite
def _dists(draw: st.DrawFn, *, nested: bool = False) -> tuple[str, dict[str, object]]:
    kind = draw(st.sampled_from(["fixed", "triangular", "lognormal", "empirical", "mixture"]))
    if kind == "mixture" and nested:
        kind = "fixed"
    if kind == "fixed":
        v = draw(_NUM)
        return f"fixed({v!r})", {"type": "fixed", "value": v}
    if kind == "triangular":
        a, b, c = sorted(draw(st.lists(_NUM, min_size=3, max_size=3)))
        if a == c:
            c = a + 1
        return f"triangular({a!r}, {b!r}, {c!r})", {
            "type": "triangular",
            "low": a,
            "mode": b,
            "high": c,
        }
    if kind == "lognormal":
        m = draw(_NUM.filter(lambda x: x > 0))
        s = draw(_NUM.filter(lambda x: x > 0))
        return f"lognormal(sd={s!r}, mean={m!r})", {"type": "lognormal", "mean": m, "sd": s}
    if kind == "empirical":
        vs = draw(st.lists(_NUM, min_size=1, max_size=4))
        return f"empirical({', '.join(repr(v) for v in vs)})", {"type": "empirical", "values": vs}
    parts = draw(st.lists(_dists(nested=True), min_size=1, max_size=3))
    weights = [1 / len(parts)] * len(parts)
    text = ", ".join(f"{w!r}: {t}" for w, (t, _) in zip(weights, parts, strict=True))
    return f"mixture({text})", {
        "type": "mixture",
        "weights": weights,
        "components": [d for _, d in parts],
    }


@given(_dists())
def test_distribution_notation_round_trips(case: tuple[str, dict[str, object]]) -> None:
    text, expected = case
    assert parse_distribution(text) == expected


@given(st.sampled_from(TABLES), st.text(max_size=300))
def test_table_parser_never_raises_on_arbitrary_text(spec: TableSpec, text: str) -> None:
    rows, issues = parse_table(spec, text, "t.csv")
    assert all(isinstance(i, TableIssue) for i in issues)
    assert all(r.table == "t.csv" for r in rows)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None, max_examples=60)
@given(st.data())
def test_tables_only_raise_the_validation_error_on_arbitrary_cells(data: st.DataObject) -> None:
    texts: dict[str, str | None] = dict(TEXTS)
    for _ in range(data.draw(st.integers(min_value=1, max_value=4))):
        spec = data.draw(st.sampled_from(TABLES))
        rows = _rows(spec.name)
        r = data.draw(st.integers(min_value=0, max_value=len(rows) - 1))
        c = data.draw(st.integers(min_value=0, max_value=len(rows[0]) - 1))
        rows[r][c] = data.draw(_CELL_TEXT)
        texts[spec.name] = _text(rows)
    if data.draw(st.booleans()):
        spec = data.draw(st.sampled_from(TABLES))
        texts[spec.name] = data.draw(st.text(max_size=200))
    try:
        tables_from_texts(texts)
    except TableValidationError as exc:
        assert exc.issues
        for issue in exc.issues:
            assert issue.table.startswith("tools/eurasia/")
            assert issue.message
            assert issue.fix
