"""The HTML report: valid, self-contained, with the table, the chart and the sources."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor import eurasia
from corridor.exceptions import InvalidArgumentError, UnknownPlaceError
from corridor.report import OKABE_ITO, ReportSettings, build_report, countries, network_layers
from corridor.routing.options import RouteOptions

pytest.importorskip("matplotlib", reason="reports need the plot extra")

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


class _Checker(HTMLParser):
    """Counts tags and fails on a closing tag that closes nothing open."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: dict[str, int] = {}
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] = self.tags.get(tag, 0) + 1
        self.urls += [v for k, v in attrs if k in ("src", "href") and v is not None]
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()


def check_html(text: str) -> _Checker:
    """Parse ``text``; every tag closed, in order."""
    checker = _Checker()
    checker.feed(text)
    checker.close()
    assert not checker.errors, checker.errors[:5]
    assert not checker.stack, f"unclosed tags: {checker.stack}"
    return checker


@pytest.fixture(scope="module")
def page() -> str:
    options = RouteOptions(month=12)
    return build_report(
        eurasia(),
        "xian",
        "duisburg",
        options=options,
        settings=ReportSettings(deadline_days=20.0, value=400_000.0, quantity=2, samples=500),
    )


def test_the_report_parses_and_refers_to_nothing_outside(page: str) -> None:
    checker = check_html(page)
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"https?://", page), "an external URL in the report"
    assert all(u.startswith("data:image/png;base64,") for u in checker.urls), checker.urls
    assert checker.tags["img"] == 2  # the map and the chart
    assert "<script" not in page
    assert "<link" not in page


def test_the_report_holds_the_table_chart_cost_and_sources(page: str) -> None:
    for corridor in ("Northern", "Middle/Türkiye", "Southern", "Sea/Cape"):
        assert corridor in page
    assert page.count("<tr>") > 20
    assert "<table id=options>" in page
    assert "<table id=reliability>" in page
    assert "<table id=landed>" in page
    assert "Dropped by the deadline" in page  # a 20-day deadline drops the slow options
    assert "on time" in page
    assert "Sources of the numbers" in page
    assert "github.com/sashatrubetskoy/bri_market_access" in page  # scheme dropped
    assert "month 12" in page
    assert OKABE_ITO[0] in page


def test_without_value_there_is_no_landed_cost_table() -> None:
    text = build_report(eurasia(), "Chengdu", "Warsaw", settings=ReportSettings(samples=100))
    check_html(text)
    assert "<table id=landed>" not in text
    assert "<table id=options>" in text


def test_an_unknown_place_is_a_corridor_error() -> None:
    with pytest.raises(UnknownPlaceError):
        build_report(eurasia(), "xian", "Atlantis", settings=ReportSettings(samples=10))


@settings(max_examples=15, deadline=None)
@given(
    deadline=st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True)),
    value=st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True)),
    samples=st.integers(min_value=-10, max_value=10**7),
)
def test_bad_settings_are_refused_before_any_work(
    deadline: float | None, value: float | None, samples: int
) -> None:
    bad = (
        (deadline is not None and not (deadline >= 0 and deadline < float("inf")))
        or (value is not None and not (value >= 0 and value < float("inf")))
        or not (1 <= samples <= 200_000)
    )
    if not bad:
        return  # valid settings run the whole report: covered above
    s = ReportSettings(deadline_days=deadline, value=value, samples=samples)
    with pytest.raises(InvalidArgumentError):
        build_report(eurasia(), "xian", "duisburg", settings=s)


def test_the_basemap_is_compact_natural_earth() -> None:
    data = countries()
    assert "Natural Earth" in data["attribution"]
    names = {f["properties"]["name"] for f in data["features"]}
    assert {"China", "Germany", "Kazakhstan", "Egypt"} <= names
    for feature in data["features"]:
        assert set(feature["properties"]) == {"name", "iso_a2", "iso_a3"}
        text = str(feature["geometry"]["coordinates"])
        assert not re.search(r"\.\d{4,}", text), "more than 3 decimals"


def test_network_layers_mark_the_passages() -> None:
    layers = network_layers(eurasia())
    passages = {f["properties"]["id"] for f in layers["features"] if f["properties"].get("passage")}
    assert {"suez", "bab_el_mandeb", "bosphorus", "malacca"} <= passages
    links = [f for f in layers["features"] if f["properties"]["layer"] == "link"]
    assert len(links) == len(eurasia().links)
    assert all(len(f["geometry"]["coordinates"]) >= 2 for f in links)
