"""The web map in real headless Chromium: compare, levers, leg details, sharing, phone size."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from playwright.sync_api import Page

    Shot = Callable[[Page, str], Path]

DONE = "window.corridorMap.optionCount() > 0 && !window.corridorMap.busy()"


def _compare(pg: Page, origin: str = "Xi'an", destination: str = "Duisburg") -> None:
    pg.fill("#origin", origin)
    pg.fill("#destination", destination)
    pg.click("#compare")
    pg.wait_for_function(DONE)


def _drawn(pg: Page) -> int:
    pg.wait_for_function("window.corridorMap.mapReady()")
    count: int = pg.evaluate("window.corridorMap.layerCount()")
    return count


def test_compare_draws_every_corridor_and_fills_the_table(
    page: Page, server: str, shot: Shot
) -> None:
    page.goto(server + "/")
    page.locator("#origin").press_sequentially("Xian", delay=20)
    page.wait_for_function("document.querySelectorAll('#origin-list option').length > 0")
    assert "Xi'an" in page.eval_on_selector_all(
        "#origin-list option", "els => els.map(e => e.value)"
    )
    page.fill("#deadline", "20")
    page.fill("#value", "400000")
    _compare(page)
    rows = page.locator("#options tbody tr")
    assert rows.count() >= 4
    assert _drawn(page) == rows.count()
    assert "Northern" in rows.first.inner_text()
    page.wait_for_selector("#chart svg path")
    assert page.locator("#chart svg path").count() == rows.count()
    assert "deadline 20 d" in page.inner_text("#chart")
    assert page.locator("#landed tbody tr").count() >= 1
    assert "Dropped by the deadline" in page.inner_text("#cost")
    page.wait_for_timeout(500)  # let the map finish drawing for the screenshot
    shot(page, "map-compare.png")


def test_red_sea_closure_changes_the_sea_option(page: Page, server: str, shot: Shot) -> None:
    page.goto(server + "/")
    _compare(page)
    before = page.evaluate("window.corridorMap.corridors()")
    assert any(c.startswith("sea") for c in before)
    page.click("#levers summary")
    page.check("input[name=scenario][value=red-sea-closure]")
    page.click("#compare")
    page.wait_for_function(
        "b => JSON.stringify(window.corridorMap.corridors()) !== b", arg=json.dumps(before)
    )
    page.wait_for_function(DONE)
    after = page.evaluate("window.corridorMap.corridors()")
    assert after != before
    assert not any(c.startswith("sea") for c in after), after
    assert "scenario=red-sea-closure" in page.url
    shot(page, "map-red-sea-closed.png")


def test_a_leg_opens_its_details_by_mouse_and_keyboard(page: Page, server: str, shot: Shot) -> None:
    page.goto(server + "/")
    _compare(page)
    page.locator("#options tbody tr").nth(1).click()
    assert page.locator("#options tbody tr").nth(1).get_attribute("aria-selected") == "true"
    page.locator("#details button[data-leg]").first.click()
    detail = page.inner_text("#leg-detail")
    for word in ("mode", "distance", "running time", "dwell", "border regime"):
        assert word in detail
    # keyboard: focus the first row, Enter selects it and moves focus to its first leg
    page.locator("#options tbody tr").first.focus()
    page.keyboard.press("Enter")
    assert page.locator("#options tbody tr").first.get_attribute("aria-selected") == "true"
    assert page.evaluate("document.activeElement.dataset.leg") is not None
    page.keyboard.press("Enter")
    assert "km" in page.inner_text("#leg-detail")
    shot(page, "map-leg-details.png")


def test_the_shared_url_restores_the_query(page: Page, server: str) -> None:
    page.goto(server + "/#origin=Chengdu&destination=Warsaw&cargo=FEU&close=suez&deadline=25")
    page.wait_for_function(DONE)
    assert page.input_value("#origin") == "Chengdu"
    assert page.input_value("#deadline") == "25"
    assert page.is_checked("input[name=close][value=suez]")
    assert page.locator("#options tbody tr").count() >= 3
    href = page.get_attribute("#report", "href")
    assert href is not None
    assert href.startswith("/v1/report?")
    assert "close=suez" in href


def test_the_report_button_links_one_html_file(page: Page, server: str) -> None:
    page.goto(server + "/")
    _compare(page, "Chengdu", "Warsaw")
    href = page.get_attribute("#report", "href")
    assert href is not None
    assert page.get_attribute("#report", "download") == "corridor-chengdu-warsaw.html"
    answer = page.request.get(server + href + "&samples=300")  # the report, quicker
    assert answer.ok
    assert answer.headers["content-type"].startswith("text/html")
    text = answer.text()
    assert text.startswith("<!DOCTYPE html>")
    assert "data:image/png;base64," in text
    pdf = page.get_attribute("#report-pdf", "href")
    assert pdf is not None
    assert pdf.endswith("&format=pdf")


def test_a_phone_sized_viewport_is_usable(page: Page, server: str, shot: Shot) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(server + "/")
    _compare(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways at 390 px: {width} px wide"
    assert page.locator("#map canvas").bounding_box() is not None
    shot(page, "map-phone.png")


def test_the_capacity_layer_runs_an_assignment_job(
    page: Page, server: str, api_key: str, shot: Shot
) -> None:
    page.goto(server + "/")
    page.click("#capacity summary")
    page.click("#assign")
    assert "API key" in page.inner_text("#assign-status")  # refused without a key
    page.fill("#api-key", api_key)
    page.click("#assign")
    page.wait_for_function(
        "window.corridorMap.flowCount() > 0 && !window.corridorMap.jobBusy()", timeout=120_000
    )
    assert "Assigned 846,000 TEU/year" in page.inner_text("#assign-status")
    assert page.locator("#bottleneck-table tbody tr").count() >= 3
    assert page.evaluate("window.corridorMap.flowCount()") > 50
    page.locator("#bottleneck-table button").first.click()  # select-link, by keyboard-able button
    page.wait_for_function(
        "window.corridorMap.selectLinkRows() > 0 && !window.corridorMap.jobBusy()", timeout=120_000
    )
    assert "TEU/year" in page.inner_text("#select-link-table caption")
    shot(page, "map-capacity.png")


LABELLED = """() => [...document.querySelectorAll('input, select, button, a.button')]
  .filter((el) => el.offsetParent !== null || el.closest('details'))
  .filter((el) => {
    const label = el.id && document.querySelector(`label[for="${el.id}"]`);
    const named = el.getAttribute('aria-label') || el.closest('label') || label
      || (el.tagName !== 'INPUT' && el.tagName !== 'SELECT' && el.textContent.trim());
    return !named;
  }).map((el) => el.outerHTML.slice(0, 80))"""


def test_keyboard_alone_compares_with_visible_focus(page: Page, server: str) -> None:
    page.goto(server + "/")
    page.wait_for_selector("input[name=scenario]", state="attached")
    assert page.evaluate(LABELLED) == []  # every control has a name
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    order = []
    for _ in range(4):
        page.keyboard.press("Tab")
        order.append(page.evaluate("document.activeElement.id"))
    assert order == ["origin", "destination", "cargo", "month"]
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"  # the focus ring
    page.focus("#origin")
    page.keyboard.type("Chengdu")
    page.keyboard.press("Tab")
    page.keyboard.type("Warsaw")
    page.keyboard.press("Enter")  # submits the form
    page.wait_for_function(DONE)
    assert page.locator("#options tbody tr").count() >= 3
