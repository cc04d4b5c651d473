"""The web map's endpoints, its page at ``/``, its static files (offline, within budget)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corridor.api.routers.map import STATIC

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

#: The static files may weigh this much in all (MapLibre GL JS is about 0.8 MB of it).
BUDGET_BYTES = 2_500_000
URL = re.compile(r"https?://[^\s\"'<>)`]+")
#: URLs the bundle may hold, none of them ever fetched by the page: XML namespaces (names,
#: not addresses), MapLibre's attribution and logo link (followed only when clicked), the
#: licence comment, and an issue link inside a console warning's text.
ALLOWED = {
    "http://www.w3.org/2000/svg",
    "http://www.w3.org/1999/xlink",
    "https://maplibre.org/",
    "https://github.com/maplibre/maplibre-gl-js/blob/v4.7.1/LICENSE.txt",
    "https://github.com/mapbox/mapbox-gl-js/issues/2907",
}


def _files() -> list[Path]:
    return sorted(p for p in STATIC.rglob("*") if p.is_file())


def test_the_static_files_are_built_and_within_budget() -> None:
    names = {p.name for p in _files()}
    assert {"index.html", "app.js", "app.css", "LICENSE-maplibre.txt"} <= names
    total = sum(p.stat().st_size for p in _files())
    assert total < BUDGET_BYTES, f"static files weigh {total:,} bytes"


def test_the_static_files_fetch_nothing_from_outside() -> None:
    found: set[str] = set()
    for path in _files():
        if path.suffix in {".js", ".css", ".html"}:
            found |= set(URL.findall(path.read_text(encoding="utf-8")))
    assert found <= ALLOWED, sorted(found - ALLOWED)
    index = (STATIC / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'(?:src|href)="([^"]+)"', index) == [
        "data:,",
        "static/app.css",
        "#results",
        "#",
        "#",
        "static/app.js",
    ]


def test_the_page_is_served_at_the_root(client: TestClient) -> None:
    answer = client.get("/")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/html")
    assert "corridor" in answer.text
    assert client.get("/static/app.js").status_code == 200
    missing = client.get("/static/nope.js")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"


def test_basemap_is_natural_earth(client: TestClient) -> None:
    answer = client.get("/v1/map/basemap")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/geo+json"
    data = answer.json()
    assert "Natural Earth" in data["attribution"]
    assert len(data["features"]) > 150


def test_network_layers_follow_the_scenario(client: TestClient) -> None:
    base = client.get("/v1/map/network").json()
    kinds = {f["properties"]["layer"] for f in base["features"]}
    assert kinds == {"link", "node"}
    closed = client.get("/v1/map/network?scenario=red-sea-closure").json()
    ids = {f["properties"]["id"] for f in base["features"]}
    assert {f["properties"]["id"] for f in closed["features"]} < ids  # links closed
    bad = client.get("/v1/map/network?scenario=atlantis")
    assert bad.status_code == 404
    assert bad.json()["type"] == "urn:corridor:problem:unknown-id"


def test_report_is_one_html_page(client: TestClient) -> None:
    answer = client.get(
        "/v1/report",
        params={
            "origin": "Chengdu",
            "destination": "Warsaw",
            "deadline": "25d",
            "value": 400000,
            "samples": 200,
            "close": "suez",
        },
    )
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/html")
    assert 'filename="corridor-chengdu-warsaw.html"' in answer.headers["content-disposition"]
    text = answer.text
    assert "<table id=landed>" in text
    assert "closed: suez" in text
    assert not re.search(r"https?://", text)


def test_report_as_pdf(client: TestClient) -> None:
    answer = client.get(
        "/v1/report",
        params={"origin": "Xian", "destination": "Baku", "samples": 100, "format": "pdf"},
    )
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF-")
    assert 'filename="corridor-xian-baku.pdf"' in answer.headers["content-disposition"]


def test_report_errors_are_problems(client: TestClient) -> None:
    unknown = client.get("/v1/report", params={"origin": "Xian", "destination": "Atlantis"})
    assert unknown.status_code == 404
    assert unknown.json()["type"] == "urn:corridor:problem:unknown-place"
    bad = client.get(
        "/v1/report", params={"origin": "Xian", "destination": "Duisburg", "value": -1}
    )
    assert bad.status_code == 400
    assert "--value" in bad.json()["detail"]
    many = client.get(
        "/v1/report", params={"origin": "Xian", "destination": "Duisburg", "samples": 10**7}
    )
    assert many.status_code == 422


_NUMBER = st.one_of(
    st.integers(-(10**30), 10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["nan", "inf", "-inf", "1e400", "0", "-1", "", "x"]),
)
_REPORT = {
    "origin": st.one_of(
        st.sampled_from(["Xi'an", "Chengdu", "xian", "", " "]), st.text(max_size=8)
    ),
    "destination": st.one_of(st.sampled_from(["Duisburg", "Warsw", "Baku"]), st.text(max_size=8)),
    "deadline": st.one_of(st.sampled_from(["20d", "480h", "0d"]), st.text(max_size=6)),
    "value": _NUMBER,
    "quantity": _NUMBER,
    "samples": st.one_of(st.integers(-5, 60).map(str), st.text(max_size=4)),
    "seed": _NUMBER,
    "month": _NUMBER,
    "close": st.one_of(st.sampled_from(["suez", "suez,bab_el_mandeb", ","]), st.text(max_size=6)),
    "scenario": st.one_of(st.sampled_from(["red-sea-closure", "../x"]), st.text(max_size=6)),
}


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_report_never_answers_5xx(client: TestClient, data: st.DataObject) -> None:
    names = data.draw(st.lists(st.sampled_from(sorted(_REPORT)), max_size=5, unique=True))
    params = {name: data.draw(_REPORT[name]) for name in names}
    params.setdefault("samples", "20")
    for path in ("/v1/report", "/v1/map/network"):
        r = client.get(path, params=params)
        assert r.status_code < 500, (path, params, r.text)
        if r.status_code >= 400:
            assert r.headers["content-type"] == "application/problem+json"
            assert "\n" not in r.json()["detail"]


def test_example_demand_is_the_examples_file(client: TestClient) -> None:
    answer = client.get("/v1/map/example-demand")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    example = Path(__file__).resolve().parents[3] / "examples" / "demand_2030.csv"
    assert answer.text == example.read_text(encoding="utf-8")


def test_the_committed_bundle_is_the_build_of_web(tmp_path: Path) -> None:
    """Where Node and web/node_modules are present, web/build.mjs gives the same files."""
    web = Path(__file__).resolve().parents[3] / "web"
    node = shutil.which("node")
    if node is None or not (web / "node_modules" / "esbuild").is_dir():
        pytest.skip("Node or web/node_modules is absent (cd web && npm ci builds the bundle)")
    subprocess.run(
        [node, "build.mjs"],
        cwd=web,
        env={"PATH": "/usr/bin:/bin", "CORRIDOR_STATIC_OUT": str(tmp_path)},
        check=True,
        capture_output=True,
        timeout=120,
    )
    for name in ("index.html", "app.js", "app.css", "LICENSE-maplibre.txt"):
        built = (tmp_path / name).read_bytes()
        assert built == (STATIC / name).read_bytes(), f"{name}: run bash web/build.sh"
