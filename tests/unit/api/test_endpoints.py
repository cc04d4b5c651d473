"""Each endpoint answers what the library (and the CLI's ``--format json``) answers."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import corridor
from corridor.api.responses import finite
from corridor.finance.landed import landed_cost
from corridor.reliability.simulate import with_percentiles
from corridor.scenarios import apply_scenario, builtin_scenarios

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

XIAN = "Xi'an"


def _same(data: Any) -> Any:
    """``data`` as it comes back through JSON (tuples become lists, NaN None)."""
    return json.loads(json.dumps(finite(data)))


def test_health(client: TestClient) -> None:
    r = client.get("/v1/health")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok"
    assert body["version"] == corridor.__version__
    net = corridor.eurasia()
    assert body["network"] == {"nodes": len(net.nodes), "links": len(net.links)}


def test_compare_equals_library(client: TestClient) -> None:
    r = client.get("/v1/compare", params={"origin": XIAN, "destination": "Duisburg"})
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/json"
    expected = corridor.compare(corridor.eurasia(), "xian", "duisburg").to_dict()
    assert r.json() == _same(expected)
    first = r.json()["options"][0]
    assert first["corridor"] == "northern"
    assert first["cost_usd"] == 6229.86


def test_compare_options_as_lists(client: TestClient) -> None:
    """Repeated parameters and comma lists are the same request."""
    repeated = client.get(
        "/v1/compare?origin=Shanghai&destination=Rotterdam&close=suez&close=bab_el_mandeb"
    )
    comma = client.get("/v1/compare?origin=Shanghai&destination=Rotterdam&close=suez,bab_el_mandeb")
    assert repeated.status_code == comma.status_code == 200
    assert repeated.json() == comma.json()
    expected = corridor.compare(
        corridor.eurasia(), "shanghai", "rotterdam", close=("suez", "bab_el_mandeb")
    ).to_dict()
    assert repeated.json() == _same(expected)


def test_compare_geojson_by_accept_and_format(client: TestClient) -> None:
    params = {"origin": XIAN, "destination": "Duisburg"}
    by_accept = client.get("/v1/compare", params=params, headers={"Accept": "application/geo+json"})
    by_format = client.get("/v1/compare", params={**params, "format": "geojson"})
    assert by_accept.headers["content-type"] == "application/geo+json"
    assert by_accept.json() == by_format.json()
    expected = corridor.compare(corridor.eurasia(), "xian", "duisburg").to_geojson()
    assert by_accept.json() == _same(expected)


def test_compare_with_scenario_is_cached(client: TestClient) -> None:
    params = {"origin": "Shanghai", "destination": "Rotterdam", "scenario": "red-sea-closure"}
    first = client.get("/v1/compare", params=params)
    again = client.get("/v1/compare", params=params)
    assert first.status_code == 200
    assert first.json() == again.json()
    net = apply_scenario(corridor.eurasia(), "red-sea-closure")
    expected = corridor.compare(net, "shanghai", "rotterdam").to_dict()
    assert first.json() == _same(expected)
    assert "sea_suez" not in {o["corridor"] for o in first.json()["options"]}
    assert client.get("/v1/health").json()["scenario_cache"] >= 1


def test_route_with_alternatives(client: TestClient) -> None:
    r = client.get(
        "/v1/route", params={"origin": XIAN, "destination": "Duisburg", "alternatives": 3}
    )
    assert r.status_code == 200
    body = r.json()
    assert body["origin"] == {"id": "xian", "name": XIAN, "country": "CN"}
    net = corridor.eurasia()
    best = with_percentiles(net, corridor.route(net, "xian", "duisburg"))
    assert body["corridor"] == best.corridor
    assert body == _same({**body, **best.to_dict()} | {"alternatives": body["alternatives"]})
    assert 1 <= len(body["alternatives"]) <= 2


def test_route_pareto_geojson(client: TestClient) -> None:
    r = client.get(
        "/v1/route",
        params={"origin": XIAN, "destination": "Duisburg", "pareto": "true", "format": "geojson"},
    )
    assert r.status_code == 200
    body = r.json()
    assert body["type"] == "FeatureCollection"
    assert len(body["features"]) >= 2


def test_places_paginated(client: TestClient) -> None:
    whole = client.get("/v1/places", params={"country": "KZ", "limit": 500}).json()
    page = client.get("/v1/places", params={"country": "KZ", "limit": 2, "offset": 1}).json()
    assert whole["total"] == page["total"] == len(whole["items"]) > 3
    assert page["items"] == whole["items"][1:3]
    assert all(p["country"] == "KZ" for p in whole["items"])
    found = client.get("/v1/places", params={"q": "CNXIA"}).json()["items"][0]
    assert found["id"] == "xian"
    assert found["match"] == "exact"


def test_scenarios(client: TestClient) -> None:
    listed = client.get("/v1/scenarios").json()
    names = [s["name"] for s in listed["items"]]
    assert names == builtin_scenarios()
    one = client.get("/v1/scenarios/red-sea-closure").json()
    assert one["name"] == "red-sea-closure"
    assert one["file"] is None
    assert one["edits"]


def test_reliability_equals_library(client: TestClient) -> None:
    r = client.get(
        "/v1/reliability",
        params={
            "origin": XIAN,
            "destination": "Duisburg",
            "corridor": "northern",
            "samples": 2000,
            "seed": 3,
            "deadline": "20d",
        },
    )
    assert r.status_code == 200
    (run,) = r.json()["runs"]
    net = corridor.eurasia()
    route = corridor.route(net, "xian", "duisburg", optimize="time")
    sim = corridor.simulate_route(net, route, samples=2000, seed=3)
    assert run["corridor"] == "northern"
    assert run["transit_days"] == _same(sim.to_dict(deadline_days=20.0))["transit_days"]


def test_cost_equals_library(client: TestClient) -> None:
    params = {
        "origin": "Chengdu",
        "destination": "Warsaw",
        "value": 400000,
        "quantity": 10,
        "samples": 1000,
    }
    r = client.get("/v1/cost", params=params)
    assert r.status_code == 200
    expected = landed_cost(
        corridor.eurasia(),
        "chengdu",
        "warsaw",
        value=400000,
        quantity=10,
        samples=1000,
        seed=0,
    ).to_dict()
    assert r.json() == _same(expected)


def test_openapi_and_docs(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in ("/v1/places", "/v1/compare", "/v1/route", "/v1/reliability", "/v1/cost"):
        assert path in spec["paths"]
    assert client.get("/docs").status_code == 200


def test_misspelling_matched_is_noted(client: TestClient) -> None:
    r = client.get("/v1/compare", params={"origin": "Xian", "destination": "Duisbrg"})
    assert r.status_code == 200
    assert json.loads(r.headers["corridor-notes"]) == ["matched 'Duisburg' for 'Duisbrg'"]
    exact = client.get("/v1/compare", params={"origin": XIAN, "destination": "Duisburg"})
    assert "corridor-notes" not in exact.headers
    assert r.json() == exact.json()
    far = client.get("/v1/route", params={"origin": "Urumqi", "destination": "Duisbrg"})
    assert far.status_code == 200
    assert json.loads(far.headers["corridor-notes"])[-1] == "matched 'Duisburg' for 'Duisbrg'"
