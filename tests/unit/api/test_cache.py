"""The response cache: the same question answered from memory, byte for byte."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corridor.api.cache import ResponseCache
from corridor.api.responses import GEOJSON

if TYPE_CHECKING:
    from fastapi.testclient import TestClient
    from httpx import Response

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


def _headers(response: Response) -> list[tuple[str, str]]:
    """The response's headers in order, without the cache's own."""
    return [(k, v) for k, v in response.headers.multi_items() if k != "corridor-cache"]


@pytest.mark.parametrize(
    ("query", "accept"),
    [
        ({"origin": "Xi'an", "destination": "Tbilisi", "tie_margin": "0.033"}, "*/*"),
        ({"origin": "Xi'an", "destination": "Tbilisi", "tie_margin": "0.033"}, GEOJSON),
        ({"origin": "Chengdu", "destination": "Duisbrg", "tie_margin": "0.033"}, "*/*"),
        ({"q": "duisburg", "limit": "3"}, "*/*"),
    ],
)
def test_a_hit_is_the_miss_byte_for_byte(
    client: TestClient, query: dict[str, str], accept: str
) -> None:
    path = "/v1/places" if "q" in query else "/v1/compare"
    miss = client.get(path, params=query, headers={"Accept": accept})
    hit = client.get(path, params=query, headers={"Accept": accept})
    assert (miss.headers["corridor-cache"], hit.headers["corridor-cache"]) == ("miss", "hit")
    assert hit.status_code == miss.status_code == 200
    assert hit.content == miss.content
    assert _headers(hit) == _headers(miss)
    assert hit.headers["content-length"] == miss.headers["content-length"]


def test_gzip_answers_are_kept_apart_and_byte_for_byte(client: TestClient) -> None:
    query = {"origin": "Urumqi", "destination": "Istanbul", "tie_margin": "0.035"}
    plain = {"Accept-Encoding": "identity"}
    gzip = {"Accept-Encoding": "gzip"}
    first_plain = client.get("/v1/compare", params=query, headers=plain)
    first_gzip = client.get("/v1/compare", params=query, headers=gzip)
    assert (first_plain.headers["corridor-cache"], first_gzip.headers["corridor-cache"]) == (
        "miss",
        "miss",
    )
    assert "content-encoding" not in first_plain.headers
    assert first_gzip.headers["content-encoding"] == "gzip"
    assert int(first_gzip.headers["content-length"]) < len(first_plain.content) / 4
    again = client.get("/v1/compare", params=query, headers=gzip)
    assert again.headers["corridor-cache"] == "hit"
    assert _headers(again) == _headers(first_gzip)
    assert again.content == first_gzip.content == first_plain.content  # decoded by httpx


def test_the_query_order_does_not_matter_but_repeated_values_keep_theirs(
    client: TestClient,
) -> None:
    first = client.get("/v1/compare?origin=Wuhan&destination=Prague&tie_margin=0.034")
    again = client.get("/v1/compare?tie_margin=0.034&destination=Prague&origin=Wuhan")
    assert (first.headers["corridor-cache"], again.headers["corridor-cache"]) == ("miss", "hit")
    assert again.content == first.content
    base = "/v1/compare?origin=Wuhan&destination=Prague&tie_margin=0.034"
    one = client.get(f"{base}&via=Almaty&via=Tbilisi")
    other = client.get(f"{base}&via=Tbilisi&via=Almaty")
    assert one.status_code == other.status_code == 200
    assert (one.headers["corridor-cache"], other.headers["corridor-cache"]) == ("miss", "miss")


def test_a_cached_answer_still_needs_a_key_on_a_closed_server(
    make_client: Callable[..., TestClient], key_for: Callable[..., dict[str, str]]
) -> None:
    with make_client(read_only_open=False) as closed:
        key = key_for(closed, "cache-closed")
        for expected in ("miss", "hit"):
            r = closed.get("/v1/compare", params=QUERY, headers=key)
            assert r.headers["corridor-cache"] == expected
        anonymous = closed.get("/v1/compare", params=QUERY)
        assert anonymous.status_code == 401
        assert "corridor-cache" not in anonymous.headers


def test_a_long_url_is_refused_before_the_cache(make_client: Callable[..., TestClient]) -> None:
    with make_client(max_request_bytes=120) as small:
        assert small.get("/v1/compare", params=QUERY).headers["corridor-cache"] == "miss"
        long = {**QUERY, "padding": "x" * 100}
        assert small.get("/v1/compare", params=long).status_code == 413


def test_the_oldest_answer_is_dropped(make_client: Callable[..., TestClient]) -> None:
    with make_client(response_cache=2) as tiny:
        for margin in ("0.041", "0.042", "0.043"):
            tiny.get("/v1/compare", params={**QUERY, "tie_margin": margin})
        again = tiny.get("/v1/compare", params={**QUERY, "tie_margin": "0.041"})
        assert again.headers["corridor-cache"] == "miss"
        kept = tiny.get("/v1/compare", params={**QUERY, "tie_margin": "0.043"})
        assert kept.headers["corridor-cache"] == "hit"


_TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=20)


@given(st.lists(st.tuples(_TEXT, _TEXT), max_size=6), st.randoms())
def test_the_key_ignores_the_order_of_names(
    pairs: list[tuple[str, str]], shuffler: random.Random
) -> None:
    cache = ResponseCache(app=None, size=1)  # type: ignore[arg-type]  # key() only
    shuffled = list(pairs)
    shuffler.shuffle(shuffled)

    def scope(items: list[tuple[str, str]]) -> dict[str, object]:
        return {"path": "/v1/compare", "query_string": urlencode(items).encode(), "headers": []}

    key, other = cache.key(scope(pairs)), cache.key(scope(shuffled))
    by_name = {name for name, _ in pairs}
    if any(name == "network" for name in by_name):
        assert key is None
    elif all(
        [v for n, v in pairs if n == name] == [v for n, v in shuffled if n == name]
        for name in by_name
    ):
        assert key == other
