"""Tables for services, rotations, passages, directional dwell, customs unions and regimes.

The committed tables get extra rows (a test liner rotation ``test_loop``, a passage, a
dwell by direction, a customs union, two regimes) in memory; the tests check that they
validate, that every problem is reported at its table, row and column, and that the build
turns them into the network fields the library reads.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corridor.io.geojson import parse_network, read_network

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "tools"))

import build_eurasia as be  # noqa: E402
from eurasia_tables import (  # noqa: E402
    TABLES,
    TableIssue,
    Tables,
    TableValidationError,
    parse_table,
    regime_factor_value,
    tables_from_texts,
)

TABLES_DIR = ROOT / "tools" / "eurasia"
SPECS = {s.name: s for s in TABLES}
TEXTS = {
    s.name: (TABLES_DIR / s.file).read_text(encoding="utf-8")
    if (TABLES_DIR / s.file).exists()
    else ",".join(c.name for c in s.columns) + "\n"  # an optional table left out
    for s in TABLES
}
SOURCE = next(csv.DictReader(io.StringIO(TEXTS["sources"])))["source_id"]
PROFILE = next(r for r in csv.DictReader(io.StringIO(TEXTS["profiles"])) if r["speed"])[
    "profile_id"
]
ROTATION = (
    ("shanghai", "origin", "asia"),
    ("singapore", "call", "asia"),
    ("malacca", "passage", "indian"),
    ("bab_el_mandeb", "passage", "redsea"),
    ("suez", "passage", "med"),
    ("gibraltar", "passage", "atlantic"),
    ("rotterdam", "call", "atlantic"),
    ("hamburg", "terminus", ""),
)


def _prov(prefix: str, note: str = "test") -> dict[str, str]:
    p = f"{prefix}_" if prefix else ""
    return {f"{p}source": SOURCE, f"{p}kind": "estimate", f"{p}note": note}


def _upsert(texts: dict[str, str | None], table: str, row: Mapping[str, str]) -> int:
    """Add a row (or replace the one with its key); new columns are added. Returns its line."""
    text = texts[table] or ",".join(c.name for c in SPECS[table].columns) + "\n"
    records = list(csv.reader(io.StringIO(text, newline="")))
    header = records[0]
    for col in row:
        if col not in header:
            header.append(col)
            for rec in records[1:]:
                rec.append("")
    new = [row.get(col, "") for col in header]
    key = [header.index(k) for k in SPECS[table].key]
    at = next(
        (i for i, r in enumerate(records) if i and [r[k] for k in key] == [new[k] for k in key]),
        None,
    )
    if at is None:
        records.append(new)
        at = len(records) - 1
    else:
        records[at] = new
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(records)
    texts[table] = buf.getvalue()
    return at + 1


def _filled() -> dict[str, str | None]:
    texts: dict[str, str | None] = dict(TEXTS)
    _upsert(
        texts,
        "services",
        {
            "service_id": "test_loop",
            "name": "Test loop",
            "headway": "fixed(168)",
            **_prov("headway"),
            "kind": "liner",
            "call": "triangular(12, 24, 48)",
            **_prov("call"),
            "schedule_delay": "mixture(0.52: fixed(0), 0.48: lognormal(mean=127, sd=90))",
            **_prov("schedule_delay"),
            "mode": "sea",
            "profile_id": PROFILE,
            "tariff_fixed": "50",
            "tariff_ref": "test_ref",
            "currency": "USD",
            "tariff_unit": "FEU",
            **_prov("tariff", "WCI-like"),
            "tariff_reverse_factor": "0.4",
            **_prov("tariff_reverse", "back-haul"),
            "emission_g_per_tkm": "8.5",
            **_prov("emission"),
        },
    )
    for seq, (node, role, leg) in enumerate(ROTATION, start=1):
        _upsert(
            texts,
            "service_rotations",
            {
                "service_id": "test_loop",
                "seq": str(seq * 10),
                "node_id": node,
                "role": role,
                "sea_leg": leg,
            },
        )
    _upsert(
        texts,
        "ref_paths",
        {
            "ref_id": "test_ref",
            "nodes": "singapore;malacca;bab_el_mandeb;suez;gibraltar;rotterdam",
            "amount": "1000",
            "currency": "USD",
            "unit": "FEU",
            "what": "a test through-rate",
            "service_id": "test_loop",
            **_prov(""),
        },
    )
    _upsert(
        texts,
        "passages",
        {
            "node_id": "suez",
            "time": "triangular(12, 18, 36)",
            **_prov("time"),
            "toll": "80",
            "currency": "USD",
            "toll_unit": "FEU",
            **_prov("toll"),
        },
    )
    _upsert(
        texts,
        "border_directions",
        {
            "node_id": "dostyk",
            "direction": "KZ>CN",
            "dwell_paper": "lognormal(mean=9, sd=13)",
            **_prov("dwell_paper"),
            "dwell_digital": "half_of_paper",
            **_prov("dwell_digital"),
        },
    )
    _upsert(
        texts,
        "customs_unions",
        {"union_id": "test_union", "name": "Test union", "members": "KZ;RU;BY", **_prov("")},
    )
    _upsert(
        texts,
        "regimes",
        {
            "regime_id": "test_sea",
            "name": "Test sea rates",
            "kind": "sea_rates",
            "valid_from": "2024-01-01",
            "valid_to": "2024-12-31",
            "tariff_factor": "test_loop=3.5;sea=2",
            "tariff_reverse_factor": "test_loop=1.2",
            "closed": "suez",
            "schedule_delay": "liner=fixed(24)",
            **_prov("factors"),
        },
    )
    _upsert(
        texts,
        "regimes",
        {
            "regime_id": "test_rail",
            "name": "Test rail operations",
            "kind": "rail_operations",
            "dwell_factor": "KZ=2;*=1.5",
            "speed_factor": "KZ:rail_1520=2",
            **_prov("factors"),
        },
    )
    for factor, key, value, note in (
        ("wait", "test_loop", "2", "slow loop"),
        ("dwell", "dostyk", "3", ""),
        ("speed", "road", "1.5", "busy roads"),
    ):
        _upsert(
            texts,
            "regime_factors",
            {"regime_id": "test_rail", "factor": factor, "key": key, "value": value, "note": note},
        )
    return texts


FILLED = _filled()


def _minimal() -> dict[str, str | None]:
    """Two towns joined by a road, every optional table left out."""
    texts: dict[str, str | None] = {
        s.name: None if s.optional else ",".join(c.name for c in s.columns) + "\n" for s in TABLES
    }
    _upsert(texts, "sources", {"source_id": "s", "citation": "S", "confidence": "primary"})
    for nid, x in (("a", "10"), ("b", "11")):
        _upsert(
            texts,
            "node",
            {
                "node_id": nid,
                "name": nid.upper(),
                "x_coord": x,
                "y_coord": "50",
                "node_type": "city",
                "country": "DE",
            },
        )
    _upsert(
        texts,
        "profiles",
        {
            "profile_id": "road",
            "speed": "60",
            "speed_unit": "km/h",
            "speed_source": "s",
            "speed_kind": "published",
            "tariff_fixed": "0",
            "tariff_per_km": "1",
            "currency": "USD",
            "tariff_unit": "FEU",
            "tariff_source": "s",
            "tariff_kind": "published",
            "emission_g_per_tkm": "60",
            "emission_source": "s",
            "emission_kind": "published",
        },
    )
    _upsert(
        texts,
        "link",
        {
            "link_id": "road:a-b",
            "from_node_id": "a",
            "to_node_id": "b",
            "directed": "false",
            "facility_type": "road",
            "profile_id": "road",
        },
    )
    _upsert(
        texts,
        "fx",
        {
            "currency": "USD",
            "rate": "1",
            "base": "USD",
            "date": "2024-01-01",
            "source": "s",
            "kind": "published",
        },
    )
    return texts


def _issues(texts: dict[str, str | None]) -> list[str]:
    with pytest.raises(TableValidationError) as info:
        tables_from_texts(texts)
    return [str(i) for i in info.value.issues]


def _has(shown: list[str], *parts: str) -> bool:
    return any(all(p in s for p in parts) for s in shown)


# --------------------------------------------------------------------------- valid tables


def test_filled_tables_validate_and_expand_the_rotation() -> None:
    tables = tables_from_texts(FILLED)
    made = [r for r in tables.links if r.get("service_id") == "test_loop"]
    ids = [r.text("link_id") for r in made]
    nodes = [n for n, _, _ in ROTATION]
    assert ids == [f"sea:test_loop:{a}-{b}" for a, b in itertools.pairwise(nodes)]
    assert [r.get("sea_leg") for r in made] == [leg for _, _, leg in ROTATION[:-1]]
    assert {r.get("profile_id") for r in made} == {PROFILE}
    assert all(r.get("facility_type") == "sea" and r.get("directed") is False for r in made)
    first = made[0]
    assert first.where("to_node_id")[1:] == (first.line + 1, "node_id")
    assert first.where("profile_id")[0].endswith("services.csv")
    assert first.where("published_km") == (first.table, first.line, None)
    assert tables.link("sea:test_loop:suez-gibraltar") is made[4]
    assert len(tables.links) == len(tables["link"]) + len(tables["rotation_links"])


def test_optional_tables_may_be_absent() -> None:
    tables = tables_from_texts(_minimal())
    assert tables["passages"] == ()
    assert tables["rotation_links"] == ()


# --------------------------------------------------------------------------- problems


def test_rotation_problems_are_reported_at_their_rows() -> None:
    texts = dict(FILLED)
    svc_line = _upsert(
        texts,
        "services",
        {
            "service_id": "test_loop",
            "name": "Test loop",
            "headway": "fixed(168)",
            **_prov("headway"),
            "profile_id": PROFILE,
        },
    )
    leg_line = _upsert(
        texts,
        "service_rotations",
        {"service_id": "test_loop", "seq": "20", "node_id": "singapore", "role": "call"},
    )
    last_line = _upsert(
        texts,
        "service_rotations",
        {"service_id": "test_loop", "seq": "80", "node_id": "hamburg", "sea_leg": "atlantic"},
    )
    role_line = _upsert(
        texts,
        "service_rotations",
        {"service_id": "test_loop", "seq": "30", "node_id": "malacca", "role": "call"},
    )
    shown = _issues(texts)
    assert _has(
        shown, f"services.csv row {svc_line}, column mode", "has a rotation", "fill in mode"
    )
    assert _has(shown, f"service_rotations.csv row {last_line}, column sea_leg", "last node")
    assert _has(shown, f"service_rotations.csv row {role_line}, column role", "chokepoint")
    # without a mode the rotation makes no links: no sea-leg problem is reported for them
    assert not _has(shown, f"row {leg_line}, column sea_leg")

    texts = dict(FILLED)
    leg_line = _upsert(
        texts,
        "service_rotations",
        {"service_id": "test_loop", "seq": "20", "node_id": "singapore", "role": "call"},
    )
    pass_line = _upsert(
        texts,
        "service_rotations",
        {
            "service_id": "test_loop",
            "seq": "70",
            "node_id": "rotterdam",
            "role": "passage",
            "sea_leg": "atlantic",
        },
    )
    origin_line = _upsert(
        texts,
        "service_rotations",
        {
            "service_id": "test_loop",
            "seq": "35",
            "node_id": "dostyk",
            "role": "origin",
            "sea_leg": "indian",
        },
    )
    shown = _issues(texts)
    assert _has(
        shown,
        f"service_rotations.csv row {leg_line}, column sea_leg",
        "a sea link needs a sea leg",
    )
    assert _has(shown, f"row {pass_line}, column role", "charged a call")
    assert _has(shown, f"row {origin_line}, column role", "only the first node")


def test_a_service_is_either_a_rotation_or_links() -> None:
    texts = dict(FILLED)
    rows = list(csv.DictReader(io.StringIO(texts["link"] or "")))
    plain = next(r for r in rows if r["facility_type"] == "sea")
    line = _upsert(texts, "link", {**plain, "link_id": "sea:extra", "service_id": "test_loop"})
    mode_line = _upsert(
        texts,
        "services",
        {
            "service_id": "lonely",
            "name": "Lonely",
            "headway": "fixed(24)",
            **_prov("headway"),
            "mode": "sea",
        },
    )
    one = _upsert(
        texts, "service_rotations", {"service_id": "lonely", "seq": "1", "node_id": "shanghai"}
    )
    same = _upsert(
        texts,
        "service_rotations",
        {"service_id": "test_loop", "seq": "45", "node_id": "bab_el_mandeb", "sea_leg": "redsea"},
    )
    _upsert(
        texts,
        "service_rotations",
        {"service_id": "test_loop", "seq": "85", "node_id": "rotterdam", "sea_leg": "atlantic"},
    )
    dup = _upsert(
        texts, "service_rotations", {"service_id": "test_loop", "seq": "90", "node_id": "hamburg"}
    )
    shown = _issues(texts)
    assert _has(shown, f"service_rotations.csv row {same}, column node_id", "stays at")
    assert _has(shown, f"link.csv row {line}, column service_id", "given by its rotation")
    assert _has(shown, f"services.csv row {mode_line}, column profile_id", "fill in profile_id")
    assert _has(shown, f"service_rotations.csv row {one}", "at least two nodes")
    assert _has(
        shown,
        f"service_rotations.csv row {dup}, column node_id",
        "sea:test_loop:rotterdam-hamburg is already made",
    )


def test_services_without_rotation_do_not_take_rotation_columns() -> None:
    texts = dict(FILLED)
    line = _upsert(
        texts,
        "services",
        {
            "service_id": "plain",
            "name": "Plain",
            "headway": "fixed(24)",
            **_prov("headway"),
            "directed": "true",
        },
    )
    shown = _issues(texts)
    assert _has(shown, f"services.csv row {line}, column directed", "has none in")


def test_service_tariff_and_reference_path_problems() -> None:
    texts = dict(FILLED)
    rows = list(csv.DictReader(io.StringIO(texts["services"] or "")))
    svc = next(r for r in rows if r["service_id"] == "test_loop")
    line = _upsert(texts, "services", {**svc, "tariff_per_km": "0.1", "tariff_reverse_kind": ""})
    ref_line = _upsert(
        texts,
        "ref_paths",
        {
            "ref_id": "test_ref2",
            "nodes": "shanghai;singapore;rotterdam",
            "amount": "10",
            "currency": "USD",
            "unit": "FEU",
            "what": "x",
            "service_id": "test_loop",
            **_prov(""),
        },
    )
    shown = _issues(texts)
    assert _has(shown, f"services.csv row {line}, column tariff_per_km", "not both or neither")
    assert _has(shown, f"services.csv row {line}, column tariff_reverse_kind", "provenance of")
    assert _has(shown, f"ref_paths.csv row {ref_line}, column nodes", "no link joins")


def test_passage_border_and_union_problems() -> None:
    texts = dict(FILLED)
    p_line = _upsert(
        texts, "passages", {"node_id": "aktau", "time": "fixed(2)", **_prov("time"), "toll": "5"}
    )
    d_line = _upsert(
        texts,
        "border_directions",
        {"node_id": "dostyk", "direction": "CN>RU", "dwell_digital": "half_of_paper"},
    )
    bad_dir = _upsert(texts, "border_directions", {"node_id": "dostyk", "direction": "CNKZ"})
    no_border = _upsert(
        texts,
        "border_directions",
        {
            "node_id": "almaty",
            "direction": "KZ>CN",
            "dwell_paper": "fixed(1)",
            **_prov("dwell_paper"),
        },
    )
    b_rows = list(csv.DictReader(io.StringIO(texts["borders"] or "")))
    land = next(r for r in b_rows if r["country_b"] != "XX" and r["country_a"] != "XX")
    b_line = _upsert(texts, "borders", {**land, "country_b": "XX"})
    u_line = _upsert(
        texts, "customs_unions", {"union_id": "u2", "name": "U", "members": "XX;DE;DE", **_prov("")}
    )
    u_bad = _upsert(
        texts, "customs_unions", {"union_id": "u3", "name": "U", "members": "de;fr", **_prov("")}
    )
    shown = _issues(texts)
    assert _has(shown, f"passages.csv row {p_line}, column node_id", "is a port")
    assert _has(shown, f"passages.csv row {p_line}, column currency", "the cell is empty")
    assert _has(shown, f"border_directions.csv row {d_line}, column direction", "does not cross")
    assert _has(shown, f"border_directions.csv row {d_line}, column dwell_digital", "half_of_paper")
    assert _has(shown, f"border_directions.csv row {bad_dir}, column direction", "not a direction")
    assert _has(
        shown, f"border_directions.csv row {no_border}, column node_id", "no row in borders"
    )
    assert _has(shown, f"borders.csv row {b_line}", "port of entry")
    assert _has(shown, f"customs_unions.csv row {u_line}, column members", "DE listed twice")
    assert _has(shown, f"customs_unions.csv row {u_line}, column members", "XX (waters)")
    assert _has(shown, f"customs_unions.csv row {u_bad}, column members", "'de' is not an ISO")


def test_cited_positions_and_published_distances() -> None:
    texts = dict(FILLED)
    nodes = list(csv.DictReader(io.StringIO(texts["node"] or "")))
    aktau = next(r for r in nodes if r["node_id"] == "aktau")
    line = _upsert(texts, "node", {**aktau, "position_source": SOURCE})
    links = list(csv.DictReader(io.StringIO(texts["link"] or "")))
    road = next(r for r in links if r["facility_type"] == "road")
    road_line = _upsert(
        texts, "link", {**road, "published_km": "100", "published_km_source": SOURCE}
    )
    shown = _issues(texts)
    assert _has(shown, f"node.csv row {line}, column position_kind", "give both position_source")
    assert _has(shown, f"link.csv row {road_line}, column published_km", "not for road links")


def test_transfer_modes() -> None:
    texts = dict(FILLED)
    ok = {
        "transfer_id": "hub",
        "from_mode": "sea",
        "to_mode": "sea",
        "kind": "ship_ship",
        "both_ways": "true",
        "time": "fixed(48)",
        **_prov("time"),
    }
    _upsert(texts, "transfers", ok)
    tables_from_texts(texts)
    rail = _upsert(texts, "transfers", {**ok, "transfer_id": "r", "from_mode": "rail_1435"})
    same = _upsert(
        texts,
        "transfers",
        {**ok, "transfer_id": "s", "from_mode": "road", "to_mode": "road", "kind": "road_ship"},
    )
    shown = _issues(texts)
    assert _has(shown, f"transfers.csv row {rail}, column to_mode", "ship_ship transshipment")
    assert _has(shown, f"transfers.csv row {same}, column to_mode", "must change mode")


def test_regime_problems() -> None:
    texts = dict(FILLED)
    sea = _upsert(
        texts,
        "regimes",
        {
            "regime_id": "test_sea",
            "name": "S",
            "kind": "sea_rates",
            "valid_from": "2024-05-01",
            "valid_to": "2024-01-01",
            "default": "true",
            "tariff_factor": "test_lop=2;sea=0",
            **_prov("factors"),
        },
    )
    rail = _upsert(
        texts,
        "regimes",
        {
            "regime_id": "test_rail",
            "name": "R",
            "kind": "rail_operations",
            "valid_from": "2024-01-01",
            "dwell_factor": "KZ=2;dostyk=1;Kz=1",
            "wait_factor": "=2",
            "schedule_delay": "liner=fixed(-1)",
            **_prov("factors"),
        },
    )
    for rid in ("d1", "d2"):
        _upsert(
            texts,
            "regimes",
            {
                "regime_id": rid,
                "name": rid,
                "kind": "rail_operations",
                "default": "true",
                **_prov("factors"),
            },
        )
    dup = _upsert(
        texts,
        "regime_factors",
        {"regime_id": "test_rail", "factor": "dwell", "key": "dostyk", "value": "x"},
    )
    closed = _upsert(
        texts,
        "regime_factors",
        {"regime_id": "test_rail", "factor": "closed", "key": "suezz", "value": "1"},
    )
    half = _upsert(
        texts,
        "regime_factors",
        {
            "regime_id": "test_rail",
            "factor": "schedule_delay",
            "key": "feeder",
            "value": "fixed(1)",
            "source": SOURCE,
        },
    )
    shown = _issues(texts)
    assert _has(shown, f"regimes.csv row {sea}, column default", "chosen by date")
    assert _has(shown, f"regimes.csv row {sea}, column valid_to", "is before valid_from")
    assert _has(
        shown, f"regimes.csv row {sea}, column tariff_factor", "sea: '0' is not a number > 0"
    )
    assert _has(shown, f"regimes.csv row {rail}, column valid_from", "chosen by id")
    assert _has(shown, f"regimes.csv row {rail}, column dwell_factor", "'Kz' is not a node id")
    assert _has(shown, f"regimes.csv row {rail}, column wait_factor", "is not key=factor")
    assert _has(shown, f"regimes.csv row {rail}, column schedule_delay", "liner:")
    assert _has(shown, "regimes.csv", "column default", "is already the default")
    assert _has(shown, f"regime_factors.csv row {dup}, column key", "also given in the dwell")
    assert _has(shown, f"regime_factors.csv row {dup}, column value", "'x' is not a number")
    assert _has(shown, f"regime_factors.csv row {closed}, column key", "unknown node 'suezz'")
    assert _has(shown, f"regime_factors.csv row {closed}, column value", "has no value")
    assert _has(shown, f"regime_factors.csv row {half}, column kind", "both source and kind")

    texts = dict(FILLED)
    bad_key = _upsert(
        texts,
        "regimes",
        {
            "regime_id": "test_sea",
            "name": "S",
            "kind": "sea_rates",
            "tariff_factor": "test_lop=2",
            **_prov("factors"),
        },
    )
    shown = _issues(texts)
    assert _has(
        shown,
        f"regimes.csv row {bad_key}, column tariff_factor",
        "'test_lop' is not a service id, a mode or * (did you mean 'test_loop'?)",
    )


def test_back_haul_and_speed_factor_problems() -> None:
    texts = dict(FILLED)
    sea = _upsert(
        texts,
        "regimes",
        {
            "regime_id": "test_sea",
            "name": "S",
            "kind": "sea_rates",
            "tariff_reverse_factor": "test_lop=1.1",
            "speed_factor": "KZ=2",
            **_prov("factors"),
        },
    )
    rail = _upsert(
        texts,
        "regimes",
        {
            "regime_id": "test_rail",
            "name": "R",
            "kind": "rail_operations",
            "speed_factor": "sea=2;KZ:ferry=2",
            **_prov("factors"),
        },
    )
    on_sea = _upsert(
        texts,
        "regime_factors",
        {"regime_id": "test_sea", "factor": "speed", "key": "KZ", "value": "2"},
    )
    bad = _upsert(
        texts,
        "regime_factors",
        {"regime_id": "test_rail", "factor": "speed", "key": "Kz", "value": "2"},
    )
    shown = _issues(texts)
    assert _has(shown, f"regimes.csv row {sea}, column tariff_reverse_factor", "'test_lop'")
    assert _has(shown, f"regimes.csv row {sea}, column speed_factor", "rail operating regimes")
    assert _has(shown, f"regimes.csv row {rail}, column speed_factor", "'sea' is not an ISO")
    assert _has(shown, f"regimes.csv row {rail}, column speed_factor", "'KZ:ferry' is not")
    assert _has(shown, f"regime_factors.csv row {on_sea}, column factor", "rail operating")
    assert _has(shown, f"regime_factors.csv row {bad}, column key", "'Kz' is not an ISO")


# --------------------------------------------------------------------------- cell parsers

_KEYS = st.sampled_from(["*", "sea", "KZ", "test_loop", "a.b:c-d"])
_FACTORS = st.dictionaries(_KEYS, st.floats(min_value=1e-6, max_value=1e6), min_size=1)


@given(_FACTORS)
def test_factor_maps_round_trip(factors: dict[str, float]) -> None:
    spec = SPECS["regimes"]
    cell = ";".join(f"{k}={v!r}" for k, v in factors.items())
    text = (
        "regime_id,name,kind,tariff_factor,factors_source,factors_kind\n"
        f'r,R,sea_rates,"{cell}",s,estimate\n'
    )
    rows, issues = parse_table(spec, text, "t.csv")
    assert not issues
    assert rows[0].mapping("tariff_factor") == factors


_CELL = st.text(alphabet=st.sampled_from(list("ab*=;,.:()fixed019 KZ>-")), max_size=30)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(_CELL, _CELL, _CELL, _CELL)
def test_new_cell_types_never_raise(
    factors: str, delays: str, direction: str, members: str
) -> None:
    cells = (
        (
            "regimes",
            "regime_id,name,kind,dwell_factor,schedule_delay",
            f"r,R,sea_rates,{factors!r},{delays!r}",
        ),
        ("border_directions", "node_id,direction", f"n,{direction!r}"),
        ("customs_unions", "union_id,name,members", f"u,U,{members!r}"),
    )
    for table, header, row in cells:
        rows, issues = parse_table(SPECS[table], f"{header}\n{row}\n", "t.csv")
        assert all(isinstance(i, TableIssue) for i in issues)
        assert len(rows) <= 1
    for factor in ("tariff", "closed", "schedule_delay"):
        value, message, fix = regime_factor_value(factor, factors or None)
        assert (message is None) == (fix == "")
        assert value is None or message is None


# --------------------------------------------------------------------------- build output


def _doc(tables: Tables) -> dict[str, Any]:
    """The network file the build would write, with great-circle distances (no graphs)."""
    pos = {
        n.text("node_id"): (float(n.number("y_coord")), float(n.number("x_coord")))
        for n in tables["node"]
    }
    features = [
        be.node_feature(n, *pos[n.text("node_id")], be.prov("test", "estimate"), tables)
        for n in tables["node"]
    ]
    dist: dict[str, float] = {}
    links = []
    for ls in tables.links:
        a, b = pos[ls.text("from_node_id")], pos[ls.text("to_node_id")]
        km = max(float(be.haversine(a[0], a[1], b[0], b[1])), 1.0) * 1.2
        dist[ls.text("link_id")] = km
        geom = np.array([[a[1], a[0]], [b[1], b[0]]])
        links.append(
            {"row": ls, "id": ls.text("link_id"), "km": km, "geom": geom, "dprov": be.prov("t")}
        )
    rates = be.reference_rates(tables, dist)
    features.extend(be.link_feature(lk, tables, rates) for lk in links)
    return {"type": "FeatureCollection", "corridor": be.meta(tables), "features": features}


TABLES_FILLED = tables_from_texts(FILLED)
DOC = _doc(TABLES_FILLED)
BY_ID = {f["id"]: f["properties"] for f in DOC["features"]}


def test_the_library_reads_every_new_field_without_errors() -> None:
    errors, _ = be.network_issues(DOC, TABLES_FILLED)
    assert errors == []
    network, _ = parse_network(DOC, validate=False)
    loop = [lk for lk in network.links if lk.service is not None and lk.service.name == "Test loop"]
    assert len(loop) == len(ROTATION) - 1
    svc = loop[0].service
    assert svc is not None
    assert svc.kind == "liner"
    assert svc.call_h is not None
    assert svc.schedule_delay_h is not None
    assert svc.schedule_delay_h.to_dict()["type"] == "mixture"
    assert all(lk.service == svc for lk in loop)
    suez = next(n for n in network.nodes if n.id == "suez")
    assert suez.passage is not None
    assert suez.passage.toll is not None
    assert suez.passage.toll.amount == 80
    dostyk = next(n for n in network.nodes if n.id == "dostyk")
    assert dostyk.border is not None
    assert dostyk.border.dwell_for("KZ", "CN").to_dict() == {
        "type": "lognormal",
        "mean": 9,
        "sd": 13,
    }
    assert any(
        u.id == "test_union" and u.members == {"KZ", "RU", "BY"} for u in network.customs_unions
    )
    regime = next(g for g in network.regimes if g.id == "test_sea")
    assert regime.tariff_factor == {"Test loop": 3.5, "sea": 2}
    assert regime.closed == ("suez",)
    rail = next(g for g in network.regimes if g.id == "test_rail")
    assert rail.wait_factor == {"Test loop": 2}
    assert rail.dwell_factor == {"KZ": 2, "*": 1.5, "dostyk": 3}


def test_rotation_links_share_the_service_and_price() -> None:
    loop = [p for i, p in BY_ID.items() if i.startswith("sea:test_loop:")]
    assert len({json.dumps(p["service"], sort_keys=True) for p in loop}) == 1
    first = loop[0]
    assert first["emission_g_per_tkm"] == 8.5
    assert first["provenance"]["emission_g_per_tkm"]["note"] == "test"
    assert first["tariff"]["fixed"] == 50
    assert first["tariff_reverse"]["per_km"] == pytest.approx(
        first["tariff"]["per_km"] * 0.4, abs=1e-4
    )
    assert first["provenance"]["tariff_reverse"]["note"].startswith("tariff × 0.4")
    assert "service.call_h" in first["provenance"]
    # the per-km rate is the through-rate over the service's links from Singapore to Rotterdam
    legs = ["singapore", "malacca", "bab_el_mandeb", "suez", "gibraltar", "rotterdam"]
    km = sum(BY_ID[f"sea:test_loop:{a}-{b}"]["distance_km"] for a, b in itertools.pairwise(legs))
    assert first["tariff"]["per_km"] == pytest.approx(1000 / km, rel=1e-3)
    assert "on Test loop" in first["provenance"]["tariff"]["note"]


def test_regime_provenance_per_factor_row() -> None:
    rail = next(g for g in DOC["corridor"]["regimes"] if g["id"] == "test_rail")
    sea = next(g for g in DOC["corridor"]["regimes"] if g["id"] == "test_sea")
    assert sea["tariff_reverse_factor"] == {"Test loop": 1.2}
    assert rail["speed_factor"] == {"KZ:rail_1520": 2, "road": 1.5}
    assert rail["provenance"]["speed_factor.road"]["note"] == "busy roads"
    assert rail["provenance"]["wait_factor.Test loop"]["note"] == "slow loop"
    assert "dwell_factor.dostyk" not in rail["provenance"]
    assert rail["provenance"]["factors"]["kind"] == "estimate"
    dostyk = BY_ID["dostyk"]["border"]
    assert dostyk["dwell_h_by_direction"]["KZ>CN"]["digital"] == {
        "type": "lognormal",
        "mean": 4.5,
        "sd": 6.5,
    }
    assert "dwell_h_by_direction.KZ>CN.paper" in dostyk["provenance"]


def test_network_problems_are_traced_to_rotation_and_service_rows() -> None:
    doc = json.loads(json.dumps(DOC))
    feature = next(f for f in doc["features"] if f["id"] == "sea:test_loop:suez-gibraltar")
    feature["properties"]["service"]["kind"] = "feeder"
    errors, _ = be.network_issues(doc, TABLES_FILLED)
    row = TABLES_FILLED.link("sea:test_loop:suez-gibraltar")
    assert row is not None
    assert any(
        e.table.endswith("service_rotations.csv") and e.row == row.line and e.column == "service_id"
        for e in errors
    )
    where = be._where
    assert where(TABLES_FILLED, row.text("link_id"), "service.call_h")[2] == "call"
    assert where(TABLES_FILLED, row.text("link_id"), "tariff.per_km")[2] == "tariff_fixed"
    assert where(TABLES_FILLED, "suez", "passage.toll.amount")[2] == "toll"
    assert where(TABLES_FILLED, "dostyk", "border.dwell_h_by_direction.KZ>CN.digital")[2] == (
        "dwell_digital"
    )
    assert where(TABLES_FILLED, None, "corridor.regimes.test_sea.closed")[0].endswith("regimes.csv")


def test_absent_tables_add_nothing_to_the_network() -> None:
    tables = tables_from_texts(_minimal())
    doc = _doc(tables)
    assert len(doc["features"]) == 3
    assert "regimes" not in doc["corridor"]
    assert "customs_unions" not in doc["corridor"]
    props = [f["properties"] for f in doc["features"]]
    assert not any("passage" in p or "dwell_h_by_direction" in p.get("border", {}) for p in props)


def test_build_with_rotations_is_measured_and_reproducible(
    shared_data: Path, tmp_path: Path
) -> None:
    texts = dict(FILLED)
    nodes = list(csv.DictReader(io.StringIO(texts["node"] or "")))
    cited = {**next(r for r in nodes if r["node_id"] == "aktau"), "x_coord": "51.2"}
    _upsert(texts, "node", {**cited, "position_source": SOURCE, "position_kind": "published"})
    links = list(csv.DictReader(io.StringIO(texts["link"] or "")))
    ferry = next(r for r in links if r["link_id"] == "ferry:aktau-alat")
    _upsert(texts, "link", {**ferry, "published_km": "480", "published_km_source": SOURCE})
    tables = tmp_path / "tables"
    tables.mkdir()
    for name, text in texts.items():
        if text is not None:
            (tables / f"{name}.csv").write_text(text, encoding="utf-8")
    outs = []
    for i in range(2):
        out = tmp_path / f"net{i}.geojson"
        proc = subprocess.run(
            [
                sys.executable,
                str(ROOT / "tools" / "build_eurasia.py"),
                "--tables",
                str(tables),
                "--data",
                str(shared_data),
                "--out",
                str(out),
                "--report",
                str(tmp_path / f"report{i}.md"),
            ],
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        assert proc.returncode == 0, proc.stderr
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    network = read_network(tmp_path / "net0.geojson")
    link = next(lk for lk in network.links if lk.id == "sea:test_loop:malacca-bab_el_mandeb")
    assert "leg 'indian'" in link.provenance["distance_km"].source
    assert link.distance_km > 4000
    # Aktau's own coordinates are cited; the ferry's marnet path snaps far: published wins
    aktau = next(n for n in network.nodes if n.id == "aktau")
    assert aktau.lon == pytest.approx(51.2)
    assert aktau.provenance["coordinates"].kind == "published"
    ferry_link = next(lk for lk in network.links if lk.id == "ferry:aktau-alat")
    assert ferry_link.distance_km == 480
    note = ferry_link.provenance["distance_km"].note or ""
    assert "snaps" in note


def test_regime_records_are_written_one_member_per_line() -> None:
    doc = json.loads(json.dumps(DOC))
    rail = next(g for g in doc["corridor"]["regimes"] if g["id"] == "test_rail")
    for i in range(40):  # many sourced factors: the record is far over any line cap
        rail["provenance"][f"dwell_factor.n{i}"] = {"source": "x" * 400, "kind": "estimate"}
    text = be.dumps_network(doc)
    assert json.loads(text) == doc
    lines = text.splitlines()
    assert max(len(ln) for ln in lines if not ln.startswith('{"type":"Feature"')) < 2000
    assert '"id":"test_rail",' in lines
    assert '"provenance":{' in lines
    assert sum(ln.startswith('"dwell_factor.n') for ln in lines) == 40
