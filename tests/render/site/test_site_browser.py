"""The site in headless Chromium (Debian's, driven by Playwright): step through Fig 1 to an
outcome, switch language on the way, search in both languages, print a flow a chart to a page,
and never request anything from outside the site."""

from __future__ import annotations

import re

import pytest

from .conftest import CHROMIUM

HBV_CARRIER = "flows/hbv/step/hbsag=negative/anti_hbc=positive/hbv_dna=negative/index.html"
PATH_NODES = ["hbv-start", "hbv-hbsag", "hbv-anti_hbc", "hbv-hbv_dna_core",
              "hbv-carrier_prophylaxis"]

pytest.importorskip("playwright.sync_api", reason="needs Playwright for Python")
pytestmark = [pytest.mark.chromium,
              pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs {CHROMIUM}")]


@pytest.fixture
def page(browser, base):
    """A page that records every request and script error, and blocks outside requests."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    outside, errors = [], []

    def guard(route):
        if route.request.url.startswith(base + "/"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield page
    context.close()
    assert not outside, f"requests left the site: {outside}"
    assert not errors, f"script errors: {errors}"


def path_on(page) -> list[str]:
    return page.eval_on_selector_all("svg g.node.on", "els => els.map(e => e.id)")


def drawn_path(page) -> set[str]:
    """The path's nodes on the chart the step page shows (the part of the flow holding the
    outcome reached): the outcome always."""
    shown = set(page.eval_on_selector_all("svg g.node", "els => els.map(e => e.id)"))
    assert "hbv-carrier_prophylaxis" in shown
    return set(PATH_NODES) & shown


def test_home_to_hbv_outcome_then_chinese_on_the_same_step(page, base):
    page.goto(f"{base}/en/index.html")
    page.get_by_role("navigation").get_by_role("link", name="Flows", exact=True).click()
    page.get_by_role("link", name="Hepatitis B screening before the first infusion").click()
    page.get_by_role("link", name=re.compile("Step through this flow")).click()
    for answer in ("HBsAg (-)", "HBcAb (+)", "HBV DNA (-)"):
        page.locator(".choices").get_by_role("link", name=re.compile(re.escape(answer))).click()
    assert page.url == f"{base}/en/{HBV_CARRIER}"
    assert "Proceed with precautions" in page.inner_text("#h-outcome")
    assert drawn_path(page) <= set(path_on(page))
    stroke = page.eval_on_selector("#hbv-carrier_prophylaxis", "g => getComputedStyle("
                                   "g.querySelector('path, polygon')).stroke")
    assert stroke == "rgb(13, 71, 161)"  # the path colour
    assert "off" in page.get_attribute("#hbv-non_carrier", "class")

    page.locator("a.lang-switch").click()
    assert page.url == f"{base}/zh/{HBV_CARRIER}"
    assert page.get_attribute("html", "lang") == "zh-Hans"
    assert "采取措施后用药" in page.inner_text("#h-outcome")
    assert drawn_path(page) <= set(path_on(page))
    page.locator("a.lang-switch").click()
    assert page.url == f"{base}/en/{HBV_CARRIER}"


def test_step_through_works_without_javascript(browser, base):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base}/en/flows/hbv/step/index.html")
    page.locator(".choices a").first.click()  # HBsAg (+)
    page.locator(".choices a").first.click()  # HBV DNA (+)
    assert page.url.endswith("/en/flows/hbv/step/hbsag=positive/hbv_dna=positive/index.html")
    assert "Contraindicated" in page.inner_text("#h-outcome")
    context.close()


def test_search_rituximab_reaches_recommendation_19(page, base):
    page.goto(f"{base}/en/index.html")
    page.fill("#site-q", "rituximab")
    page.press("#site-q", "Enter")
    page.wait_for_url(re.compile(r"/en/search\.html\?q=rituximab$"))
    results = page.locator("#search-results li:not([hidden])")
    assert 1 <= results.count() < 30
    assert "rituximab" in results.first.inner_text().lower()
    assert results.first.locator(".snippet mark").count() >= 1
    page.locator("#search-results li:not([hidden])").get_by_role(
        "link", name=re.compile(r"^Rec 19 — switching from anti-CD20")).click()
    assert page.url == f"{base}/en/recommendations/19.html"
    assert page.inner_text("h1").startswith("Recommendation 19 — switching from anti-CD20")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_search_table_in_the_browser(page, base, site, lang):
    """Every query of the table (search_table.py) typed into the search page: the expected
    entry comes first, and search.js lists exactly what query.rank (Python) lists, in order."""
    import json

    from render.site import query

    from .search_table import QUERIES

    index = json.loads((site / lang / "search-index.json").read_text(encoding="utf-8"))
    prepared = query.prepare(index)
    page.goto(f"{base}/{lang}/search.html")
    wrong = []
    for q, expected, why in QUERIES:
        page.fill("#q", q)
        shown = page.eval_on_selector_all("#search-results li:not([hidden])",
                                          "els => els.map(li => Number(li.dataset.doc))")
        python = query.rank(index, q, prepared)
        if shown != python:
            wrong.append(f"{q!r}: browser {shown[:5]} != python {python[:5]}")
        top = page.get_attribute("#search-results li:not([hidden]) a", "href")
        if not top.endswith("/" + expected) and top != expected:
            wrong.append(f"{q!r}: first {top}, expected {expected} ({why})")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("lang, q, expected, mark", [
    ("en", "hepatitis b", "flows/hbv.html", {"HBV", "hepatitis B"}),
    ("en", "乙肝", "flows/hbv.html", {"HBV", "hepatitis B"}),  # Chinese on the English site
    ("zh", "乙肝", "flows/hbv.html", {"HBV", "乙肝", "乙型肝炎"}),
    ("zh", "HBV", "flows/hbv.html", {"HBV", "乙肝", "乙型肝炎"}),  # abbreviation, Chinese site
    ("zh", "利妥昔", "recommendations/19.html", {"利妥昔单抗"}),
])
def test_search_page_from_the_address(page, base, lang, q, expected, mark):
    page.goto(f"{base}/{lang}/search.html?q={q}")
    first = page.locator("#search-results li:not([hidden])").first
    assert first.locator("a").get_attribute("href").endswith(expected)
    marks = first.locator(".snippet mark").all_inner_texts()
    assert marks and set(marks) <= mark, marks
    assert ("条结果" if lang == "zh" else "results") in page.inner_text("#search-status")
    # the list is headed as results, not as the whole site, while a query is shown
    assert page.inner_text("#h-all") == ("搜索结果（按相关度排序）" if lang == "zh"
                                         else "Results, best first")


def test_search_marks_are_text_never_markup(page, base):
    """A query holding HTML is shown as text: only <mark> elements are made, never the query's."""
    page.goto(f"{base}/en/search.html")
    page.fill("#q", '<img src=x onerror="window.hit=1">hepatitis <b>b</b>')
    assert page.locator("#search-results img, #search-results .snippet b").count() == 0
    assert page.evaluate("window.hit === undefined")
    tags = page.eval_on_selector_all("#search-results .snippet *", "els => els.map(e => e.tagName)")
    assert set(tags) <= {"MARK"}


def test_skip_link_is_the_first_stop_and_moves_focus_to_main(page, base):
    page.goto(f"{base}/en/index.html")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", data))


def test_every_flow_page_prints_a_page_per_chart(page, base, site):
    from flows import guideline

    page.emulate_media(media="print")
    too_long = []
    for flow_id in sorted(guideline().flows):
        for lang in ("en", "zh"):
            page.goto(f"{base}/{lang}/flows/{flow_id}.html")
            assert page.eval_on_selector(".site-header", "e => getComputedStyle(e).display") \
                == "none"
            assert page.is_visible("#legend") and page.is_visible("#sources")
            # One chart to an A4 page, text 7 pt or more (render.chart.chart_parts); the
            # legend and sources may take one more.
            charts = page.locator(".chart svg").count()
            count = pdf_pages(page.pdf(format="A4", print_background=True))
            if count > charts + 1:
                too_long.append(f"{lang}/{flow_id}: {count} pages for {charts} charts")
    assert not too_long, too_long


def test_a_recommendation_prints_without_the_site_chrome(page, base):
    page.emulate_media(media="print")
    page.goto(f"{base}/en/recommendations/6.html")
    assert page.eval_on_selector(".site-header", "e => getComputedStyle(e).display") == "none"
    assert page.is_visible("h1") and page.is_visible(".summary")
    assert pdf_pages(page.pdf(format="A4")) <= 2


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_step_through_result_prints_on_one_page_without_change_links(page, base, lang):
    """Fig 1 / rec 6: the inactive-carrier result printed: one A4 page, the flow and the
    outcome named, lines for the date and the patient, no "change" links, no site chrome."""
    page.goto(f"{base}/{lang}/{HBV_CARRIER}")
    title = page.title()
    assert title.startswith("Hepatitis B screening" if lang == "en" else "首次输注前乙型肝炎")
    assert ("HBV carrier" if lang == "en" else "携带者") in title  # the outcome, by name
    page.emulate_media(media="print")
    assert page.is_visible(".fill-in") and page.is_visible("#h-outcome")
    assert not any(page.is_visible(sel) for sel in ("a.change", ".site-header", ".chart"))
    assert pdf_pages(page.pdf(format="A4", print_background=True)) == 1

