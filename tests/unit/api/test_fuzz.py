"""Random query parameters never make the API answer 5xx (hypothesis)."""

from __future__ import annotations

import json
import urllib.parse
from typing import TYPE_CHECKING, Any

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


JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**6), 10**6) | st.floats(-1e9, 1e9) | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=6,
)
PARAMS = {
    "demand": st.one_of(
        st.just([{"origin": "Xi'an", "destination": "Duisburg", "teu_per_year": 1000}]),
        st.just("origin,destination,cargo,volume,unit\nXi'an,Duisburg,TEU,-5,TEU\n"),
        JSON_VALUE,
    ),
    "pairs": st.one_of(st.just(["Xi'an:Duisburg"]), st.lists(TEXT, max_size=2), JSON_VALUE),
    "scenarios": st.one_of(st.just(["base", "../../etc/passwd"]), JSON_VALUE),
    "scenario": st.one_of(st.just(["red-sea-closure"]), JSON_VALUE),
    "samples": st.one_of(st.integers(-5, 300), JSON_VALUE),
    "algorithm": st.one_of(st.sampled_from(["aon", "bfw", "nope"]), JSON_VALUE),
    "gap": st.one_of(st.floats(allow_nan=False, allow_infinity=False), JSON_VALUE),
    "max_iter": st.one_of(st.integers(-2, 20), JSON_VALUE),
    "network": st.one_of(st.sampled_from(["eurasia", "../x", "nope"]), JSON_VALUE),
    "project": st.one_of(st.just('name = "x"\nscenario = "/etc/passwd"\n'), TEXT, JSON_VALUE),
    "draws": st.one_of(st.integers(-2, 50), JSON_VALUE),
    "seed": NUMBER,
    "month": st.one_of(st.integers(-1, 13), JSON_VALUE),
    "select_link": st.one_of(st.just(["dostyk"]), JSON_VALUE),
}


@st.composite
def job_bodies(draw: st.DrawFn) -> object:
    """A job request body: mostly well formed, with random parameters."""
    if draw(st.integers(0, 9)) == 0:
        return draw(JSON_VALUE)
    kind = draw(st.one_of(st.sampled_from(["assignment", "sweep", "appraisal"]), TEXT))
    names = draw(st.lists(st.sampled_from(sorted(PARAMS)), max_size=5, unique=True))
    params = {name: draw(PARAMS[name]) for name in names}
    if kind == "sweep":
        params.setdefault("samples", 10)
    if kind in ("assignment", "appraisal"):
        params.setdefault("max_iter", 5)
        params.setdefault("draws", 0)
    return {"kind": kind, "params": params}


def _no_5xx(r: Any, what: object) -> None:
    assert r.status_code < 500, (what, r.text)
    if r.status_code >= 400:
        assert r.headers["content-type"] == "application/problem+json", what
        assert "\n" not in r.json()["detail"], what


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body=job_bodies())
def test_job_submissions_never_5xx(
    keyed_client: tuple[TestClient, dict[str, str]], body: object
) -> None:
    client, key = keyed_client
    _no_5xx(client.post("/v1/jobs", json=body, headers=key), body)


NAMES = st.one_of(
    st.sampled_from(["ok-name", "../x", "%2e%2e", "eurasia", "red-sea-closure", "a" * 70]),
    st.text(max_size=20),
)
BODIES = st.one_of(
    st.binary(max_size=200),
    st.just(b'{"type": "FeatureCollection", "features": [{"type": "Feature"}]}'),
    st.just(b'name = "x"\ndescription = "y"\n'),
    JSON_VALUE.map(lambda v: json.dumps(v).encode()),
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    kind=st.sampled_from(["networks", "scenarios", "jobs"]),
    name=NAMES,
    body=BODIES,
    method=st.sampled_from(["GET", "POST", "DELETE", "GET_RESULT"]),
)
def test_uploads_and_lookups_never_5xx(
    keyed_client: tuple[TestClient, dict[str, str]], kind: str, name: str, body: bytes, method: str
) -> None:
    client, key = keyed_client
    quoted = urllib.parse.quote(name, safe="")
    if method == "POST":
        path = f"/v1/{kind}" + ("" if kind == "jobs" else f"?name={quoted}")
        r = client.post(path, content=body, headers=key)
    elif method == "GET_RESULT":
        r = client.get(f"/v1/jobs/{quoted}/result")
    else:
        r = client.request(method, f"/v1/{kind}/{quoted}", headers=key)
    _no_5xx(r, (method, kind, name, body))
