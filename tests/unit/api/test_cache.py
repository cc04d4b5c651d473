"""The response cache: the same question answered from memory, byte for byte."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

QUERY = {"origin": "Chengdu", "destination": "Lodz", "tie_margin": "0.031"}


def test_second_answer_is_a_hit_with_the_same_body(client: TestClient) -> None:
    first = client.get("/v1/compare", params=QUERY)
    second = client.get("/v1/compare", params=QUERY)
    assert first.status_code == second.status_code == 200
    assert (first.headers["corridor-cache"], second.headers["corridor-cache"]) == ("miss", "hit")
    assert first.content == second.content
    assert second.headers["content-type"] == first.headers["content-type"]
    geo = client.get("/v1/compare", params=QUERY, headers={"Accept": "application/geo+json"})
    assert geo.headers["corridor-cache"] == "miss"
    assert geo.headers["content-type"] == "application/geo+json"


def test_notes_are_kept_and_errors_never_cached(client: TestClient) -> None:
    query = {"origin": "Chengdu", "destination": "Duisbrg", "tie_margin": "0.032"}
    first, second = (client.get("/v1/compare", params=query) for _ in range(2))
    assert second.headers["corridor-cache"] == "hit"
    assert second.headers["corridor-notes"] == first.headers["corridor-notes"]
    bad = {"origin": "Chengdu", "destination": "Atlantis"}
    for _ in range(2):
        r = client.get("/v1/compare", params=bad)
        assert r.status_code == 404
        assert "corridor-cache" not in r.headers


def test_uploaded_networks_and_a_size_of_zero_are_not_cached(
    client: TestClient, make_client: Callable[..., TestClient]
) -> None:
    query = {**QUERY, "network": "eurasia"}
    for _ in range(2):
        assert "corridor-cache" not in client.get("/v1/compare", params=query).headers
    with make_client(response_cache=0) as plain:
        for _ in range(2):
            assert "corridor-cache" not in plain.get("/v1/compare", params=QUERY).headers
