"""Security: keys on writes, private uploads, no path from a request reaches the disk."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

from corridor.testing import tiny_network_geojson

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

GEO = {"Content-Type": "application/geo+json"}
SWEEP = {"kind": "sweep", "params": {"pairs": ["Xi'an:Duisburg"], "samples": 10}}


def _problem(r: Any, status: int) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = r.json()
    assert "\n" not in body["detail"]
    return body


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/v1/jobs"),
        ("POST", "/v1/networks?name=x"),
        ("POST", "/v1/scenarios?name=x"),
        ("DELETE", "/v1/jobs/0123"),
        ("DELETE", "/v1/networks/x"),
        ("DELETE", "/v1/scenarios/x"),
    ],
)
def test_writes_without_a_key_are_401(client: TestClient, method: str, path: str) -> None:
    r = client.request(method, path, json=SWEEP if path == "/v1/jobs" else None)
    body = _problem(r, 401)
    assert r.headers["www-authenticate"] == "Bearer"
    assert "corridor keys create" in body["detail"]
    for bad in ("Bearer nope", "Bearer cor_" + "x" * 43, "Basic dXNlcg=="):
        _problem(client.request(method, path, headers={"Authorization": bad}), 401)


def test_x_api_key_and_revoked_keys(client: TestClient) -> None:
    store = client.app.state.store  # type: ignore[attr-defined]
    token = store.create_key("sec-erin")
    r = client.post("/v1/jobs", json=SWEEP, headers={"X-API-Key": token})
    assert r.status_code == 202, r.text
    store.revoke_key("sec-erin")
    body = _problem(client.post("/v1/jobs", json=SWEEP, headers={"X-API-Key": token}), 403)
    assert "revoked" in body["detail"]


def test_another_keys_job_cannot_be_cancelled(
    client: TestClient, key_for: Callable[..., dict[str, str]]
) -> None:
    alice, bob = key_for(client, "sec-alice"), key_for(client, "sec-bob")
    job = client.post("/v1/jobs", json=SWEEP, headers=alice).json()
    _problem(client.delete(f"/v1/jobs/{job['id']}", headers=bob), 403)


def test_private_network_is_invisible_to_other_keys(
    client: TestClient,
    key_for: Callable[..., dict[str, str]],
    wait_job: Callable[..., dict[str, Any]],
) -> None:
    alice, bob = key_for(client, "priv-alice"), key_for(client, "priv-bob")
    text = json.dumps(tiny_network_geojson())
    r = client.post("/v1/networks?name=secret&private=true", content=text, headers={**alice, **GEO})
    assert r.status_code == 201, r.text
    assert client.get("/v1/networks/secret", headers=alice).status_code == 200
    for headers in (bob, {}):
        _problem(client.get("/v1/networks/secret", headers=headers), 404)
        _problem(client.get("/v1/networks/secret?format=geojson", headers=headers), 404)
        listed = client.get("/v1/networks?limit=500", headers=headers).json()["items"]
        assert "secret" not in [n["name"] for n in listed]
        query = {"origin": "Xian", "destination": "Baku", "network": "secret"}
        _problem(client.get("/v1/compare", params=query, headers=headers), 404)
    job = {"kind": "sweep", "params": {"pairs": ["Xian:Baku"], "samples": 10, "network": "secret"}}
    _problem(client.post("/v1/jobs", json=job, headers=bob), 404)
    # the same name cannot be taken over by another key
    _problem(client.post("/v1/networks?name=secret", content=text, headers={**bob, **GEO}), 403)
    _problem(client.delete("/v1/networks/secret", headers=bob), 404)
    mine = client.post("/v1/jobs", json=job, headers=alice)
    assert mine.status_code == 202, mine.text
    assert wait_job(client, mine.json()["id"], headers=alice)["state"] == "succeeded"
    job_id = mine.json()["id"]
    assert client.get(f"/v1/jobs/{job_id}/result", headers=alice).status_code == 200
    for headers in (bob, {}):
        _problem(client.get(f"/v1/jobs/{job_id}", headers=headers), 404)
        _problem(client.get(f"/v1/jobs/{job_id}/result", headers=headers), 404)
        listed = client.get("/v1/jobs?limit=500", headers=headers).json()["items"]
        assert job_id not in [j["id"] for j in listed]


@pytest.mark.parametrize(
    "name",
    [
        "../x",
        "..",
        "%2e%2e",
        "/etc/passwd",
        "..%2F..%2Fetc%2Fpasswd",
        "a/b",
        "C:\\x",
        ".hidden",
        "",
    ],
)
def test_path_traversal_names_are_refused(
    client: TestClient, key_for: Callable[..., dict[str, str]], name: str
) -> None:
    key = key_for(client, f"trav-{abs(hash(name))}")
    text = json.dumps(tiny_network_geojson())
    r = client.post(f"/v1/networks?name={name}", content=text, headers={**key, **GEO})
    assert 400 <= r.status_code < 500, (name, r.text)
    r = client.post(f"/v1/scenarios?name={name}", content="name = 'x'", headers=key)
    assert 400 <= r.status_code < 500, (name, r.text)
    for path in (f"/v1/networks/{name}", f"/v1/scenarios/{name}", f"/v1/jobs/{name}")[
        : 3 * bool(name)
    ]:
        r = client.get(path)
        assert 400 <= r.status_code < 500, (path, r.text)
    r = client.get(
        "/v1/compare", params={"origin": "Xi'an", "destination": "Duisburg", "network": name}
    )
    assert 400 <= r.status_code < 500, (name, r.text)
    job = {"kind": "sweep", "params": {"pairs": ["Xi'an:Duisburg"], "scenarios": [name or "x"]}}
    r = client.post("/v1/jobs", json=job, headers=key)
    assert 400 <= r.status_code < 500, (name, r.text)


def test_project_cannot_name_server_files(
    client: TestClient, key_for: Callable[..., dict[str, str]]
) -> None:
    key = key_for(client, "sec-frank")
    project = (
        'name = "p"\nscenario = "/etc/passwd"\ndemand = "/etc/shadow"\ndemand_year = 2030\n'
        "discount_rate = 0.06\nstart_year = 2026\nopening_year = 2028\nlifetime = 10\n"
        "[capex]\n2026 = 1e6\n"
    )
    demand = [{"origin": "Xi'an", "destination": "Duisburg", "teu_per_year": 1000}]
    r = client.post(
        "/v1/jobs",
        json={"kind": "appraisal", "params": {"project": project, "demand": demand, "draws": 0}},
        headers=key,
    )
    body = _problem(r, 422)
    assert "file path" in body["detail"]


def test_closed_reads_need_a_valid_key(
    make_client: Callable[..., TestClient], key_for: Callable[..., dict[str, str]]
) -> None:
    with make_client(read_only_open=False) as closed:
        query = {"origin": "Xi'an", "destination": "Duisburg"}
        _problem(closed.get("/v1/compare", params=query), 401)
        _problem(closed.get("/v1/compare", params=query, headers={"X-API-Key": "cor_nope"}), 401)
        key = key_for(closed, "sec-gina")
        assert closed.get("/v1/compare", params=query, headers=key).status_code == 200
        assert closed.get("/v1/health").status_code == 200
