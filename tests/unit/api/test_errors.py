"""Every error class answers ``application/problem+json`` with the CLI's message."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

PROBLEM = "application/problem+json"


def _cli_error(*args: str) -> str:
    """The one line ``corridor ARGS`` prints on stderr (exit 2), without ``error: ``."""
    done = subprocess.run(
        [sys.executable, "-m", "corridor", *args], capture_output=True, text=True, check=False
    )
    assert done.returncode == 2, done.stderr
    return done.stderr.strip().removeprefix("error: ")


def _problem(client: TestClient, url: str, status: int) -> dict[str, object]:
    r = client.get(url)
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == PROBLEM
    body = r.json()
    assert isinstance(body, dict)
    assert body["status"] == status
    assert {"type", "title", "detail", "instance"} <= body.keys()
    assert str(body["type"]).startswith("urn:corridor:problem:")
    assert "\n" not in str(body["detail"])
    return body


def test_unknown_place_404_with_cli_message(client: TestClient) -> None:
    body = _problem(client, "/v1/compare?origin=Atlantis&destination=Duisburg", 404)
    assert body["type"] == "urn:corridor:problem:unknown-place"
    assert body["instance"] == "/v1/compare?origin=Atlantis&destination=Duisburg"
    assert body["detail"] == _cli_error("compare", "Atlantis", "Duisburg")
    assert isinstance(body["suggestions"], list)


def test_unknown_place_suggests_close_names(client: TestClient) -> None:
    body = _problem(client, "/v1/places?q=Zqxwvy", 404)
    assert body["detail"] == _cli_error("places", "Zqxwvy")
    assert isinstance(body["suggestions"], list)


def test_bad_number_400_with_cli_message(client: TestClient) -> None:
    body = _problem(client, "/v1/compare?origin=Xian&destination=Duisburg&carbon_price=-5", 400)
    assert body["detail"] == _cli_error("compare", "Xian", "Duisburg", "--carbon-price", "-5")


def test_unknown_country_400_with_cli_message(client: TestClient) -> None:
    url = "/v1/route?origin=Xian&destination=Duisburg&avoid_country=QQ"
    body = _problem(client, url, 400)
    assert body["detail"] == _cli_error("route", "Xian", "Duisburg", "--avoid-country", "QQ")


def test_no_route_422(client: TestClient) -> None:
    url = "/v1/route?origin=Xian&destination=Duisburg&mode_only=sea"
    body = _problem(client, url, 422)
    assert body["detail"] == _cli_error("route", "Xian", "Duisburg", "--mode-only", "sea")


def test_unknown_cargo_400(client: TestClient) -> None:
    body = _problem(client, "/v1/compare?origin=Xian&destination=Duisburg&cargo=WINE", 400)
    assert body["detail"] == _cli_error("compare", "Xian", "Duisburg", "--cargo", "WINE")


def test_unknown_scenario_404_and_no_paths(client: TestClient) -> None:
    for name in ("nope", "../../etc/passwd", "/etc/passwd"):
        body = _problem(
            client, f"/v1/compare?origin=Xian&destination=Duisburg&scenario={name}", 404
        )
        assert "no built-in scenario" in str(body["detail"])
    _problem(client, "/v1/scenarios/nope", 404)
    _problem(client, "/v1/scenarios/base,red-sea-closure", 404)


def test_validation_422_is_problem_json(client: TestClient) -> None:
    body = _problem(client, "/v1/compare?origin=Xian&destination=Duisburg&optimize=fast", 422)
    assert str(body["detail"]).startswith("optimize='fast': ")
    assert body["errors"]
    missing = _problem(client, "/v1/compare?origin=Xian", 422)
    assert str(missing["detail"]).startswith("destination: ")
    _problem(client, "/v1/route?origin=Xian&destination=Duisburg&alternatives=many", 422)
    _problem(client, "/v1/places?limit=0", 422)


def test_unknown_endpoint_and_method(client: TestClient) -> None:
    _problem(client, "/v1/nothing", 404)
    r = client.post("/v1/compare")
    assert r.status_code == 405
    assert r.headers["content-type"] == PROBLEM


def test_request_too_large_413(make_client: Callable[..., TestClient]) -> None:
    with make_client(max_request_bytes=200) as small:
        body = _problem(small, "/v1/places?q=" + "x" * 300, 413)
        assert body["type"] == "urn:corridor:problem:content-too-large"
        r = small.post("/v1/places", content=b"x" * 1000)
        assert r.status_code == 413
        assert r.headers["content-type"] == PROBLEM


def test_closed_read_only_401(make_client: Callable[..., TestClient]) -> None:
    with make_client(read_only_open=False) as closed:
        _problem(closed, "/v1/compare?origin=Xian&destination=Duisburg", 401)
        assert closed.get("/v1/health").status_code == 200


def test_cors_from_settings(make_client: Callable[..., TestClient]) -> None:
    with make_client(cors_origins=("https://map.example",)) as c:
        r = c.get("/v1/health", headers={"Origin": "https://map.example"})
        assert r.headers["access-control-allow-origin"] == "https://map.example"
        other = c.get("/v1/health", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/v1/route?origin=Xian&destination=Duisburg&pareto=true&alternatives=3", 400),
        ("/v1/compare?origin=Xian&destination=Duisburg&tie_margin=inf", 400),
        ("/v1/compare?origin=Xian&destination=Duisburg&value_of_time=nan", 400),
        ("/v1/compare?origin=Xian&destination=Duisburg&close=suez,,x", 400),
        ("/v1/compare?origin=Xian&destination=Duisburg&date=yesterday", 400),
        ("/v1/compare?origin=Xian&destination=Duisburg&operations=fast", 400),
        ("/v1/reliability?origin=Xian&destination=Duisburg&deadline=soon", 400),
        ("/v1/reliability?origin=Xian&destination=Duisburg&corridor=polar", 400),
        ("/v1/reliability?origin=Xian&destination=Duisburg&samples=999999999", 422),
        ("/v1/cost?origin=Xian&destination=Duisburg&value=1&currency=XYZ", 400),
        ("/v1/cost?origin=Xian&destination=Duisburg&value=1&fx=EUR", 400),
        ("/v1/cost?origin=Xian&destination=Duisburg", 422),
    ],
)
def test_bad_input_is_4xx(client: TestClient, url: str, status: int) -> None:
    _problem(client, url, status)


def test_long_place_text_refused(client: TestClient) -> None:
    body = _problem(client, "/v1/compare?origin=Xian&destination=Duisburg&via=" + "a" * 201, 400)
    assert str(body["detail"]).startswith("via: 201 characters; fix: ")
    _problem(client, "/v1/compare?origin=" + "a" * 201 + "&destination=Duisburg", 422)
