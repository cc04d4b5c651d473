"""``corridor assign --demand`` on the embedded network, as the CLI calls the library."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corridor import eurasia
from corridor.assignment.corridor_results import CorridorAssignment
from corridor.assignment.demand_assignment import assign_demand
from corridor.cli.assign_render import render_assignment
from corridor.io.demand import DemandValidationError, read_demand

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "demand_2030.csv"


@pytest.fixture(scope="module")
def result() -> CorridorAssignment:
    network = eurasia()
    return assign_demand(network, read_demand(EXAMPLE, network), algorithm="bfw", gap=1e-5)


def test_example_demand_reads_with_sources() -> None:
    demand = read_demand(EXAMPLE, eurasia())
    assert len(demand.rows) == 20
    assert demand.total_teu == pytest.approx(846_000.0)
    assert all(r.source for r in demand.rows)


def test_table_prints_the_bottlenecks(result: CorridorAssignment) -> None:
    text = render_assignment(result, "table")
    assert result.result.converged
    assert "Bottlenecks, by total congestion delay caused:" in text
    top = result.bottlenecks(3)
    assert top[0].id == "brest_malaszewicze"
    assert top[0].volume_capacity is not None
    assert top[0].volume_capacity > 0.95  # a real jam: the queue sits at its steep part
    assert top[0].delay_h > 24 * 7
    assert {b.id for b in top} >= {"alat"}
    assert "Who uses Brest / Małaszewicze" in text


def test_json_and_geojson(result: CorridorAssignment) -> None:
    data = json.loads(render_assignment(result, "json"))
    assert data["assignment"]["converged"] is True
    assert data["bottlenecks"][0]["id"] == "brest_malaszewicze"
    users = data["bottlenecks"][0]["od_pairs"]
    # the OD pairs' flows are the equilibrium's own: they add up to the element's flow
    through = next(n for n in data["nodes"] if n["id"] == "brest_malaszewicze")["through_teu"]
    assert sum(u["teu"] for u in users) == pytest.approx(through, rel=1e-9)
    gj = json.loads(render_assignment(result, "geojson"))
    flows = [f["properties"].get("flow_teu", 0.0) for f in gj["features"]]
    assert len(gj["features"]) > len(eurasia().links)
    assert max(flows) > 100_000


def test_select_link_volumes_add_up_to_demand(result: CorridorAssignment) -> None:
    for origin, destination in result.od_pairs[:5]:
        teu = result.od_teu[result.od_pairs.index((origin, destination))]
        unloaded = sum(
            o.teu
            for element in ("dostyk", "khorgos")
            for o in result.select_link(element)
            if (o.origin, o.destination) == (origin, destination)
        )
        # every Chinese origin leaves China through Dostyk or Khorgos, or by sea
        assert unloaded <= teu * (1 + 1e-9)


def test_bad_demand_file_lists_rows(tmp_path: Path) -> None:
    bad = tmp_path / "d.csv"
    bad.write_text(
        "origin,destination,cargo,volume,unit\nXIAN,Dusiburg,TEU,10,TEU\nXian,Moon,TEU,x,TEU\n",
        encoding="utf-8",
    )
    with pytest.raises(DemandValidationError) as info:
        read_demand(bad, eurasia())
    text = str(info.value)
    assert f"{bad}:3: field 'destination'" in text
    assert f"{bad}:3: field 'volume'" in text
    assert f"{bad}:2: field 'destination': unknown place 'Dusiburg': did you mean Duisburg" in text
    assert len(info.value.issues) == 3
