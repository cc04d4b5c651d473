"""Uploads as ``multipart/form-data`` (a ``file`` field): same checks as the raw body."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corridor.testing import tiny_network_geojson

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

SCENARIO = """name = "digital-form"
description = "Every crossing digital"

[sources]
test = "test fixture: an estimate"

[[border_regime]]
regime = "digital"
all = true
source = "test"
"""
BOUNDARY = "corridorboundary"
FORM = {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}


@pytest.fixture(scope="module")
def tiny_text() -> str:
    """The tiny test network as GeoJSON text."""
    return json.dumps(tiny_network_geojson())


@pytest.fixture(scope="module")
def key(client: TestClient) -> dict[str, str]:
    """An API key of the session's client."""
    token = client.app.state.store.create_key("multipart-tests")  # type: ignore[attr-defined]
    return {"Authorization": f"Bearer {token}"}


def _form(*parts: tuple[str, str | None, bytes]) -> bytes:
    """A multipart body of (field, file name or None, content) parts."""
    chunks = []
    for field, filename, content in parts:
        disposition = f'form-data; name="{field}"'
        if filename is not None:
            disposition += f'; filename="{filename}"'
        chunks.append(
            f"--{BOUNDARY}\r\nContent-Disposition: {disposition}\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
    return b"".join(chunks) + f"--{BOUNDARY}--\r\n".encode()


def _problem(r: Any, status: int) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = r.json()
    assert body["status"] == status
    assert "\n" not in body["detail"]
    return body


def test_a_network_as_a_file_field(client: TestClient, key: dict[str, str], tiny_text: str) -> None:
    files = {"file": ("tiny.geojson", tiny_text.encode(), "application/geo+json")}
    r = client.post("/v1/networks?name=tiny-form", files=files, headers=key)
    assert r.status_code == 201, r.text
    assert (r.json()["nodes"], r.json()["links"]) == (
        6,
        len(tiny_network_geojson()["features"]) - 6,
    )
    assert r.headers["location"] == "/v1/networks/tiny-form"
    stored = client.get("/v1/networks/tiny-form?format=geojson", headers=key)
    assert stored.text == tiny_text
    used = client.get(
        "/v1/compare", params={"origin": "Xian", "destination": "Baku", "network": "tiny-form"}
    )
    assert used.status_code == 200, used.text
    assert [o["corridor"] for o in used.json()["options"]]


def test_a_scenario_as_a_file_or_as_a_text_field(client: TestClient, key: dict[str, str]) -> None:
    r = client.post(
        "/v1/scenarios?name=digital-form",
        files={"file": ("s.toml", SCENARIO.encode(), "application/toml")},
        headers=key,
    )
    assert r.status_code == 201, r.text
    r = client.post(
        "/v1/scenarios?name=digital-text",
        content=_form(("file", None, SCENARIO.encode())),
        headers={**key, **FORM},
    )
    assert r.status_code == 201, r.text
    assert client.get("/v1/scenarios/digital-text", headers=key).json()["name"] == "digital-text"


def test_the_form_is_validated_as_the_raw_body(
    client: TestClient, key: dict[str, str], tiny_text: str
) -> None:
    broken = tiny_text.replace('"rail_1435"', '"hovercraft"', 1)
    raw = client.post(
        "/v1/networks?name=broken-raw",
        content=broken,
        headers={**key, "Content-Type": "application/geo+json"},
    )
    form = client.post(
        "/v1/networks?name=broken-raw",
        files={"file": ("n.geojson", broken.encode(), "application/geo+json")},
        headers=key,
    )
    assert _problem(form, 422)["detail"] == _problem(raw, 422)["detail"]
    empty = client.post(
        "/v1/networks?name=empty-form", files={"file": ("n.geojson", b"", "x")}, headers=key
    )
    assert "empty file" in _problem(empty, 422)["detail"]


def test_an_oversized_form_is_413(
    make_client: Callable[..., TestClient], key_for: Callable[..., dict[str, str]], tiny_text: str
) -> None:
    with make_client(max_upload_bytes=1000) as small:
        files = {"file": ("tiny.geojson", tiny_text.encode(), "application/geo+json")}
        r = small.post("/v1/networks?name=big", files=files, headers=key_for(small, "mp-big"))
        assert "CORRIDOR_MAX_UPLOAD_BYTES" in _problem(r, 413)["detail"]


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("multipart/form-data", _form(("file", "n.geojson", b"{}"))),  # no boundary
        (FORM["Content-Type"], b"--corridorboundary\r\nContent-Disposition: form-data\r\n\r\nx"),
        (FORM["Content-Type"], b"\x00\xff" * 50),
    ],
)
def test_a_malformed_form_is_400_or_422(
    client: TestClient, key: dict[str, str], content_type: str, body: bytes
) -> None:
    r = client.post(
        "/v1/networks?name=malformed", content=body, headers={**key, "Content-Type": content_type}
    )
    assert r.status_code in (400, 422), r.text
    detail = _problem(r, r.status_code)["detail"]
    assert "file" in detail
    if r.status_code == 400:
        assert r.json()["type"] == "urn:corridor:problem:malformed-upload"


def test_a_form_without_one_file_field_is_422(client: TestClient, key: dict[str, str]) -> None:
    wrong = client.post(
        "/v1/networks?name=wrong-field",
        content=_form(("upload", "n.geojson", b"{}")),
        headers={**key, **FORM},
    )
    detail = _problem(wrong, 422)["detail"]
    assert "0 'file' fields" in detail
    assert "'upload'" in detail
    two = client.post(
        "/v1/scenarios?name=two-files",
        content=_form(("file", "a.toml", b"x"), ("file", "b.toml", b"y")),
        headers={**key, **FORM},
    )
    assert "2 'file' fields" in _problem(two, 422)["detail"]


def test_a_form_without_a_key_is_401(client: TestClient, tiny_text: str) -> None:
    files = {"file": ("tiny.geojson", tiny_text.encode(), "application/geo+json")}
    for path in ("/v1/networks?name=nokey", "/v1/scenarios?name=nokey"):
        r = client.post(path, files=files)
        _problem(r, 401)
    assert client.get("/v1/networks/nokey").status_code == 404


def test_the_openapi_spec_lists_the_form(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in ("/v1/networks", "/v1/scenarios"):
        content = spec["paths"][path]["post"]["requestBody"]["content"]
        assert content["multipart/form-data"]["schema"]["required"] == ["file"]


_PART_NAMES = st.sampled_from(["file", "upload", "", "file\x00", 'a"b'])


@st.composite
def bodies(draw: st.DrawFn) -> tuple[str, bytes]:
    """A content type and a body: well-formed forms of random parts, or random bytes."""
    content_type = draw(
        st.sampled_from(
            [
                FORM["Content-Type"],
                "multipart/form-data",
                "multipart/form-data; boundary=",
                "multipart/form-data; boundary=other",
                "application/geo+json",
            ]
        )
    )
    if draw(st.booleans()):
        parts = draw(
            st.lists(
                st.tuples(_PART_NAMES, st.one_of(st.none(), st.text(max_size=8)), st.binary()),
                max_size=3,
            )
        )
        body = _form(*parts)
        cut = draw(st.integers(0, len(body)))
        return content_type, body[:cut] if draw(st.booleans()) else body
    return content_type, draw(st.binary(max_size=300))


# Starlette's form parser, when it refuses a form part-way (too many files or fields), drops
# the spooled temporary files of the parts it had read without closing them; they are
# closed when collected. That is the library's, not an answer's fault: not an error here.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(bodies(), st.sampled_from(["/v1/networks", "/v1/scenarios"]))
def test_random_forms_never_5xx(
    client: TestClient, key: dict[str, str], request_body: tuple[str, bytes], path: str
) -> None:
    content_type, body = request_body
    r = client.post(
        f"{path}?name=fuzzed", content=body, headers={**key, "Content-Type": content_type}
    )
    assert r.status_code < 500, r.text
    if r.status_code >= 400:
        _problem(r, r.status_code)
