"""Random query parameters never make the API answer 5xx (hypothesis)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

PLACES = st.sampled_from(["Xi'an", "Duisburg", "CNXIA", "xian", "Warsw", "Baku", "", "  "])
TEXT = st.text(max_size=12)
NUMBER = st.one_of(
    st.integers(-(10**30), 10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["nan", "inf", "-inf", "1e400", "0", "-1", "", "x"]),
)
VALUE = st.one_of(TEXT, NUMBER)
SMALL_SAMPLES = st.one_of(st.integers(-5, 300).map(str), TEXT)

ROUTING = {
    "origin": st.one_of(PLACES, TEXT, st.text(min_size=190, max_size=260)),
    "destination": st.one_of(PLACES, TEXT),
    "optimize": st.one_of(st.sampled_from(["time", "cost", "p90", "co2"]), TEXT),
    "cargo": st.one_of(st.sampled_from(["FEU", "TEU", "bulk_grain"]), TEXT),
    "date": st.one_of(st.sampled_from(["2024-06-01", "2026-13-40"]), TEXT),
    "operations": st.one_of(st.sampled_from(["scheduled", "congested"]), TEXT),
    "month": NUMBER,
    "avoid_country": st.one_of(st.sampled_from(["RU", "RU,BY", ",", "ru"]), TEXT),
    "close": st.one_of(st.sampled_from(["suez", "suez,bab_el_mandeb"]), TEXT),
    "mode_only": st.one_of(st.sampled_from(["rail_1435", "sea", "rail"]), TEXT),
    "via": st.one_of(PLACES, TEXT),
    "max_transshipments": NUMBER,
    "value_of_time": NUMBER,
    "carbon_price": NUMBER,
    "scenario": st.one_of(st.sampled_from(["red-sea-closure", "base", "../x"]), TEXT),
    "format": st.one_of(st.sampled_from(["json", "geojson"]), TEXT),
}
EXTRA = {
    "/v1/compare": {"tie_margin": NUMBER},
    "/v1/route": {
        "alternatives": st.one_of(st.integers(-2, 25).map(str), TEXT),
        "max_overlap": NUMBER,
        "pareto": st.one_of(st.sampled_from(["true", "false"]), TEXT),
    },
    "/v1/reliability": {
        "samples": SMALL_SAMPLES,
        "seed": NUMBER,
        "deadline": st.one_of(st.sampled_from(["20d", "480h", "0d"]), TEXT),
        "border_correlation": NUMBER,
        "corridor": st.one_of(st.sampled_from(["northern", "middle"]), TEXT),
        "digital_borders": st.one_of(st.sampled_from(["KZ", "all"]), TEXT),
    },
    "/v1/cost": {
        "value": NUMBER,
        "currency": st.one_of(st.sampled_from(["USD", "EUR"]), TEXT),
        "quantity": NUMBER,
        "samples": SMALL_SAMPLES,
        "seed": NUMBER,
        "confidence": NUMBER,
        "fx": st.one_of(st.sampled_from(["EUR=0.92", "EUR=x", "EUR=-1"]), TEXT),
        "deadline": st.one_of(st.sampled_from(["20d", "480h"]), TEXT),
    },
    "/v1/places": {"q": VALUE, "country": VALUE, "limit": NUMBER, "offset": NUMBER},
}


@st.composite
def requests(draw: st.DrawFn) -> tuple[str, dict[str, str]]:
    """An endpoint and some of its parameters, each with a random value."""
    path = draw(st.sampled_from(sorted(EXTRA)))
    pool = {**({} if path == "/v1/places" else ROUTING), **EXTRA[path]}
    names = draw(st.lists(st.sampled_from(sorted(pool)), max_size=6, unique=True))
    params = {name: draw(pool[name]) for name in names}
    if path != "/v1/places":  # mostly valid endpoints, so that the deeper checks run
        params.setdefault("origin", "Xi'an")
        params.setdefault("destination", "Duisburg")
    if path == "/v1/reliability":
        params.setdefault("samples", "200")
    if path == "/v1/cost":
        params.setdefault("value", "1000")
        params.setdefault("samples", "200")
    return path, params


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(call=requests())
def test_no_5xx(client: TestClient, call: tuple[str, dict[str, str]]) -> None:
    path, params = call
    r = client.get(path, params=params)
    assert r.status_code < 500, (path, params, r.text)
    if r.status_code >= 400:
        assert r.headers["content-type"] == "application/problem+json"
        assert "\n" not in r.json()["detail"]
