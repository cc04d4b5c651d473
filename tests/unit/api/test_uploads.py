"""Uploaded networks and scenarios: validated by the library's readers, used by name."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

from corridor.testing import tiny_network_geojson

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

GEO = {"Content-Type": "application/geo+json"}
SCENARIO = """name = "slow-dostyk"
description = "Dostyk border at half capacity"

[sources]
test = "test fixture: an estimate"

[[close]]
links = ["missing-link-id"]
source = "test"
"""
GOOD_SCENARIO = """name = "digital-too"
description = "Every crossing digital, after the red sea closure"
base = "red-sea-closure"

[sources]
test = "test fixture: an estimate"

[[border_regime]]
regime = "digital"
all = true
source = "test"
"""


@pytest.fixture(scope="module")
def tiny_text() -> str:
    """The tiny test network as GeoJSON text."""
    return json.dumps(tiny_network_geojson())


def test_upload_list_get_use_delete(
    client: TestClient, key_for: Callable[..., dict[str, str]], tiny_text: str
) -> None:
    key = key_for(client, "up-alice")
    r = client.post("/v1/networks?name=tiny-1", content=tiny_text, headers={**key, **GEO})
    assert r.status_code == 201, r.text
    assert r.headers["location"] == "/v1/networks/tiny-1"
    assert (r.json()["nodes"], r.json()["links"]) == (
        6,
        len(tiny_network_geojson()["features"]) - 6,
    )
    names = [n["name"] for n in client.get("/v1/networks").json()["items"]]
    assert names[0] == "eurasia"
    assert "tiny-1" in names
    one = client.get("/v1/networks/tiny-1").json()
    assert one["owner"] == "up-alice"
    assert json.loads(client.get("/v1/networks/tiny-1?format=geojson").text) == json.loads(
        tiny_text
    )
    compared = client.get(
        "/v1/compare", params={"origin": "Xian", "destination": "Baku", "network": "tiny-1"}
    )
    assert compared.status_code == 200, compared.text
    assert [o["corridor"] for o in compared.json()["options"]]
    assert client.delete("/v1/networks/tiny-1", headers=key).status_code == 204
    assert client.get("/v1/networks/tiny-1").status_code == 404
    assert client.delete("/v1/networks/tiny-1", headers=key).status_code == 404


def test_malformed_geojson_is_422_naming_feature_and_field(
    client: TestClient, key_for: Callable[..., dict[str, str]]
) -> None:
    key = key_for(client, "up-bob")
    data: dict[str, Any] = copy.deepcopy(tiny_network_geojson())
    data["features"][0]["properties"]["lat"] = "north"
    data["features"][0]["geometry"] = {"type": "Point", "coordinates": ["x", 1]}
    r = client.post("/v1/networks?name=broken", content=json.dumps(data), headers={**key, **GEO})
    assert r.status_code == 422, r.text
    body = r.json()
    assert r.headers["content-type"] == "application/problem+json"
    assert "xian" in json.dumps(body["errors"])
    assert "\n" not in body["detail"]
    for text, fragment in (
        ("{not json", "not JSON"),
        ('{"type": "Point"}', "FeatureCollection"),
        ("", "empty"),
    ):
        r = client.post("/v1/networks?name=broken", content=text, headers={**key, **GEO})
        assert r.status_code == 422, (text, r.text)
        assert fragment in r.json()["detail"], r.json()
    assert client.get("/v1/networks/broken").status_code == 404


def test_oversized_upload_is_413(
    make_client: Callable[..., TestClient], key_for: Callable[..., dict[str, str]], tiny_text: str
) -> None:
    with make_client(max_upload_bytes=1000) as small:
        key = key_for(small, "up-carol")
        r = small.post("/v1/networks?name=big", content=tiny_text, headers={**key, **GEO})
        assert r.status_code == 413
        assert "CORRIDOR_MAX_UPLOAD_BYTES" in r.json()["detail"]


def test_scenario_upload_validated_and_used_by_a_job(
    client: TestClient,
    key_for: Callable[..., dict[str, str]],
    wait_job: Callable[..., dict[str, Any]],
) -> None:
    key = key_for(client, "up-dave")
    bad = client.post("/v1/scenarios?name=slow-dostyk", content=SCENARIO, headers=key)
    assert bad.status_code == 422, bad.text
    assert "missing-link-id" in json.dumps(bad.json())
    builtin = client.post("/v1/scenarios?name=red-sea-closure", content=GOOD_SCENARIO, headers=key)
    assert builtin.status_code == 409
    pathy = GOOD_SCENARIO.replace('base = "red-sea-closure"', 'base = "../../etc/passwd.toml"')
    r = client.post("/v1/scenarios?name=pathy", content=pathy, headers=key)
    assert r.status_code == 422
    assert "cannot read files" in json.dumps(r.json())
    ok = client.post("/v1/scenarios?name=digital-too", content=GOOD_SCENARIO, headers=key)
    assert ok.status_code == 201, ok.text
    listed = [s["name"] for s in client.get("/v1/scenarios?limit=500").json()["items"]]
    assert "digital-too" in listed
    shown = client.get("/v1/scenarios/digital-too").json()
    assert shown["source"] == "uploaded"
    job = client.post(
        "/v1/jobs",
        json={
            "kind": "sweep",
            "params": {
                "scenarios": ["base", "digital-too"],
                "pairs": ["Xi'an:Duisburg"],
                "samples": 20,
            },
        },
        headers=key,
    )
    assert job.status_code == 202, job.text
    done = wait_job(client, job.json()["id"])
    assert done["state"] == "succeeded", done
    result = client.get(f"/v1/jobs/{job.json()['id']}/result").json()
    assert {r["scenario"] for r in result["rows"]} == {"base", "digital-too"}
    assert client.delete("/v1/scenarios/digital-too", headers=key).status_code == 204
    assert client.delete("/v1/scenarios/red-sea-closure", headers=key).status_code == 403


def test_uploaded_scenario_on_compare_equals_the_builtin_it_copies(
    client: TestClient, key_for: Callable[..., dict[str, str]]
) -> None:
    from importlib import resources  # noqa: PLC0415

    key = key_for(client, "up-erin")
    text = (
        resources.files("corridor.data")
        .joinpath("scenarios", "red-sea-closure.toml")
        .read_text(encoding="utf-8")
        .replace('name = "red-sea-closure"', 'name = "my-red-sea"')
    )
    r = client.post("/v1/scenarios?name=my-red-sea&private=true", content=text, headers=key)
    assert r.status_code == 201, r.text
    query = {"origin": "Shanghai", "destination": "Rotterdam"}
    mine = client.get("/v1/compare", params={**query, "scenario": "my-red-sea"}, headers=key)
    assert mine.status_code == 200, mine.text
    assert "corridor-cache" not in mine.headers
    builtin = client.get("/v1/compare", params={**query, "scenario": "red-sea-closure"})
    assert mine.json()["options"] == builtin.json()["options"]
    cost = client.get(
        "/v1/cost",
        params={**query, "scenario": "my-red-sea", "value": 1000, "samples": 200},
        headers=key,
    )
    assert cost.status_code == 200, cost.text
    other = client.get("/v1/compare", params={**query, "scenario": "my-red-sea"})
    assert other.status_code == 404
    assert client.get("/v1/compare", params={**query, "scenario": "../x.toml"}).status_code == 404
