"""The check in headless Chromium (Debian's, driven by Playwright) against the real server:
with JavaScript (answers sent in the background, the page swapped) and without it (plain form
posts), in English and Chinese, with no request outside the server and no policy violation."""

from __future__ import annotations

from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]

sync_api = pytest.importorskip("playwright.sync_api", reason="needs Playwright for Python")
pytestmark = [pytest.mark.chromium,
              pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs {CHROMIUM}")]


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(params=[True, False], ids=["javascript", "no-javascript"])
def page(request, browser, served):
    """A page recording requests outside the server and console errors (CSP violations)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  java_script_enabled=request.param)
    page = context.new_page()
    page.outside, page.errors, page.js = [], [], request.param

    def guard(route):
        if route.request.url.startswith(served.url + "/"):
            route.continue_()
        else:
            page.outside.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.set_default_timeout(60_000)
    yield page
    assert page.outside == [] and page.errors == []
    context.close()


def click(page, name: str, value: str) -> None:
    """Click an answer button and wait until the page shows the answer carried."""
    page.locator(f'button[name="{name}"][value="{value}"]').first.click()
    fact = name.partition(":")[2]
    page.locator(f'#check input[type="hidden"][name="f:{fact}"]').wait_for(state="attached")


def test_no_id_is_used_twice(page, served):
    """Anchors and labels need unique ids, charts of several flows included."""
    page.goto(f"{served.url}/check?bundle=start")
    for fact in ("hbsag", "tb_screen"):
        click(page, f"set:{fact}", "positive")
    ids = page.eval_on_selector_all("main [id]", "els => els.map(e => e.id)") if page.js else \
        __import__("re").findall(r'\sid="([^"]+)"', page.content())
    repeated = {i for i in ids if ids.count(i) > 1}
    assert not repeated


def overall(page) -> str:
    return page.locator(".overall").get_attribute("class")


def test_hbv_to_its_outcome(page, served):
    """Rec 6: HBsAg negative, anti-HBc positive, HBV-DNA negative: an inactive carrier is given
    inebilizumab under antiviral cover (proceed with precautions)."""
    page.goto(f"{served.url}/check?flow=hbv")
    assert "overall-open" in overall(page)
    click(page, "set:hbsag", "negative")
    assert page.locator('button[name="set:anti_hbc"]').count() == 2
    assert page.locator('button[name="set:hbv_dna"]').count() == 0
    click(page, "set:anti_hbc", "positive")
    click(page, "set:hbv_dna", "negative")
    assert "v-proceed_with_precautions" in overall(page)
    assert page.locator("#result-hbv .outcome-label").inner_text().startswith("Inactive HBV carrier")
    assert page.locator(".checklist").inner_text().count("nucleos(t)ide") == 1


def test_tb_in_chinese_with_a_number_and_a_unit(page, served):
    """Rec 7 (zh): latent TB without preventive treatment is contraindicated; the IgG answer in
    g/L is carried in mg/dL."""
    page.goto(f"{served.url}/zh/check?flow=tb&flow=immunoglobulin")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    click(page, "set:tb_screen", "positive")
    click(page, "set:tb_active", "false")
    page.fill('input[name="num:serum_igg_mg_dl"]', "8")
    page.select_option('select[name="unit:serum_igg_mg_dl"]', "g/L")
    page.locator('button[name="save"][value="serum_igg_mg_dl"]').click()
    page.locator('input[name="f:serum_igg_mg_dl"]').wait_for(state="attached")
    assert page.locator('input[name="f:serum_igg_mg_dl"]').get_attribute("value") == "800"
    click(page, "set:latent_tb_prophylaxis", "not_planned")
    assert "v-contraindicated" in overall(page)
    assert "潜伏性结核未进行抗结核治疗" in page.locator("#result-tb").inner_text()
    assert "辅助而非替代临床判断" in page.locator(".overall").inner_text()


def test_a_list_answer_and_the_language_switch_keep_the_answers(page, served):
    page.goto(f"{served.url}/check?bundle=start")
    select = page.locator('select[name="set:diagnosis"]')
    if select.count():
        select.select_option("nmosd")
        if not page.js:
            page.locator('button[name="save"][value="diagnosis"]').click()
    else:
        page.locator('button[name="set:diagnosis"][value="nmosd"]').click()
    page.locator('input[name="f:diagnosis"]').wait_for(state="attached")
    with page.expect_navigation():
        page.locator("button.lang-switch").click()
    assert page.url.endswith("/zh/check")
    assert page.locator('input[name="f:diagnosis"]').get_attribute("value") == "nmosd"
    assert page.locator("html").get_attribute("lang") == "zh-Hans"


def test_the_chart_shows_the_path(page, served):
    page.goto(f"{served.url}/check?flow=hbv")
    click(page, "set:hbsag", "positive")
    click(page, "set:hbv_dna", "positive")
    page.locator("#result-hbv details.chart-box summary").click()
    svg = page.locator("#result-hbv details.chart-box svg")
    assert svg.is_visible() and svg.bounding_box()["width"] > 100
