"""The site's charts in headless Chromium: legible at 1280 px without zooming, pannable at their
natural size on a 360 px phone, and printed with no chart text under 7 pt (issue 12)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from flows import guideline

# The browser and the served site (fixtures ``browser`` and ``base``) come from conftest.py.
from .conftest import CHROMIUM

sync_api = pytest.importorskip("playwright.sync_api", reason="needs Playwright for Python")
pytestmark = [pytest.mark.chromium,
              pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs {CHROMIUM}")]
FLOWS = sorted(guideline().flows)
PX_PER_PT = 96 / 72

# The smallest text of each chart on the page, in CSS px as drawn (font size times the scale
# the SVG is shown at), and the scale itself.
SMALLEST = """() => [...document.querySelectorAll('.chart svg')].map(svg => {
  const scale = svg.getBoundingClientRect().width / svg.width.baseVal.valueInSpecifiedUnits
    / (96 / 72);
  const sizes = [...svg.querySelectorAll('text')].map(t => parseFloat(t.getAttribute('font-size')));
  return {scale, px: Math.min(...sizes) * (96 / 72) * scale};
})"""


@pytest.fixture(scope="module")
def viewer(browser):
    def open_page(width: int, height: int = 900, media: str = "screen"):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        page.emulate_media(media=media)
        return context, page
    return open_page


def test_every_flow_chart_shows_text_of_9px_or_more_at_1280(viewer, base):
    context, page = viewer(1280)
    small = []
    for lang in ("en", "zh"):
        for flow_id in FLOWS:
            page.goto(f"{base}/{lang}/flows/{flow_id}.html")
            charts = page.evaluate(SMALLEST)
            assert charts, flow_id
            small += [f"{lang}/{flow_id} chart {i + 1}: {c['px']:.1f}px"
                      for i, c in enumerate(charts) if c["px"] < 9]
    context.close()
    assert not small, small


def test_on_a_phone_charts_pan_at_natural_size_and_never_widen_the_page(viewer, base):
    context, page = viewer(360, 740)
    wide = []
    for lang in ("en", "zh"):
        for flow_id in FLOWS:
            page.goto(f"{base}/{lang}/flows/{flow_id}.html")
            for i, c in enumerate(page.evaluate(SMALLEST)):
                assert c["scale"] > 0.99, (lang, flow_id, i)  # natural size: text >= 11 px
            rights = page.eval_on_selector_all(
                ".chart-part, .chart-scroll, .chart-frame, .chart-open",
                "els => els.map(e => e.getBoundingClientRect().right)")
            if max(rights) > 360.5:
                wide.append(f"{lang}/{flow_id}: {max(rights):.0f}px")
            links = page.eval_on_selector_all(".chart-open a", "as => as.map(a => a.href)")
            assert len(links) == page.locator(".chart svg").count()
    # the standalone chart opens at full size
    page.goto(links[-1])
    assert page.evaluate("document.documentElement.tagName") == "svg"
    context.close()
    assert not wide, wide


@pytest.mark.parametrize("wide", [False, True], ids=["portrait", "landscape"])
def test_printed_charts_keep_their_text_at_7pt_or_more(viewer, base, wide):
    # Laid out at the printed width of an A4 page between the site's margins (12 mm a side):
    # portrait 186 mm; a wide chart prints on a landscape page, 273 mm.
    mm = 273 if wide else 186
    context, page = viewer(round(mm / 25.4 * 96), 1000, media="print")
    small = []
    for lang in ("en", "zh"):
        for flow_id in FLOWS:
            page.goto(f"{base}/{lang}/flows/{flow_id}.html")
            kinds = page.eval_on_selector_all(".chart-part", "ps => ps.map(p => "
                                              "p.classList.contains('wide'))")
            for i, (c, is_wide) in enumerate(zip(page.evaluate(SMALLEST), kinds, strict=True)):
                if is_wide == wide and c["px"] / PX_PER_PT < 7:
                    small.append(f"{lang}/{flow_id} chart {i + 1}: {c['px'] / PX_PER_PT:.1f}pt")
    context.close()
    assert not small, small


# -- verdict chips: contrast computed from the CSS as the browser applies it ---------------------

COLOURS = """sel => [...document.querySelectorAll(sel)].map(e => {
  const s = getComputedStyle(e);
  let bg = s.backgroundColor, p = e;
  while (bg === 'rgba(0, 0, 0, 0)' && p.parentElement) {
    p = p.parentElement; bg = getComputedStyle(p).backgroundColor; }
  return [e.textContent.trim(), s.color, bg];
})"""


def css_rgb(value: str) -> str:
    """``rgb(r, g, b)`` or ``color(srgb r g b)`` (what color-mix computes to) as ``#rrggbb``."""
    import re

    nums = [float(n) for n in re.findall(r"[\d.]+", value)]
    if value.startswith("color("):
        nums = [n * 255 for n in nums[:3]]
    return "#" + "".join(f"{round(n):02x}" for n in nums[:3])


def test_verdict_chips_have_4_5_to_1_contrast_on_the_site(viewer, base):
    from render.chart.palette import contrast

    context, page = viewer(1280)
    low, labels = [], set()
    for flow_id in FLOWS:
        page.goto(f"{base}/en/flows/{flow_id}.html")
        for text, fg, bg in page.evaluate(COLOURS, ".verdict"):
            labels.add(text)
            ratio = contrast(css_rgb(fg), css_rgb(bg))
            if ratio < 4.5:
                low.append(f"{flow_id}: {text} {ratio:.2f}")
    context.close()
    assert len(labels) >= 7 and not low, (labels, low)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_verdict_chips_and_headline_have_4_5_to_1_contrast_in_the_report(viewer, lang):
    import datetime

    from graph import read_patient
    from render.chart.palette import contrast
    from render.report import build_report, render_html
    from render.report.view import _verdict

    g = guideline()
    root = Path(__file__).resolve().parents[3]
    patient = read_patient(root / "examples" / "patients" / "hbv-carrier.yaml", g.facts, g.aliases)
    report = build_report(g, patient, g.select_flows((), "start"), "start", lang,
                          datetime.date(2026, 1, 1), None)
    context, page = viewer(1280)
    page.set_content(render_html(report, charts=False))
    low = []
    for v in g.verdicts:  # every verdict, as the templates style it
        style = _verdict(g, v.id, lang)["style"]
        page.eval_on_selector(".banner", "(e, s) => e.setAttribute('style', s)", style)
        page.eval_on_selector(".chip", "(e, s) => e.setAttribute('style', s)", style)
        for selector in (".banner-verdict", ".chip"):
            _, fg, bg = page.evaluate(COLOURS, selector)[0]
            ratio = contrast(css_rgb(fg), css_rgb(bg))
            if ratio < 4.5:
                low.append(f"{v.id} {selector}: {ratio:.2f}")
    context.close()
    assert not low, low


@pytest.mark.parametrize("name", ["low-igg-pcp", "incomplete-data", "switch-rituximab"])
def test_report_charts_print_their_text_at_7pt_or_more(viewer, name):
    # The report's page is 184 mm wide between its margins; a wide chart prints landscape.
    from graph import read_patient
    from render.report import build_report, render_html

    g = guideline()
    root = Path(__file__).resolve().parents[3]
    patient = read_patient(root / "examples" / "patients" / f"{name}.yaml", g.facts, g.aliases)
    small = []
    for lang in ("en", "zh"):
        report = build_report(g, patient, g.select_flows((), "start"), "start", lang,
                              datetime.date(2026, 1, 1), None)
        html = render_html(report, charts="all")
        for wide, mm in ((False, 184), (True, 271)):
            context, page = viewer(round(mm / 25.4 * 96), 1000, media="print")
            page.set_content(html)
            kinds = page.eval_on_selector_all(".charts figure", "fs => fs.map(f => "
                                              "f.classList.contains('wide'))")
            charts = page.evaluate(SMALLEST)
            assert len(charts) == len(kinds) > 0
            small += [f"{lang} {i + 1}: {c['px'] / PX_PER_PT:.1f}pt"
                      for i, (c, k) in enumerate(zip(charts, kinds, strict=True))
                      if k == wide and c["px"] / PX_PER_PT < 7]
            context.close()
    assert not small, small


# Where the path has reached: the question waiting for an answer, else the outcome, else the box
# leading to the chart that goes on; whether it
# lies wholly inside the chart's panning frame as the page opens.
REACHED = """() => { const box = document.querySelector('.chart-scroll');
  const here = box.querySelector('svg g.node.await') ||
    box.querySelector('svg g.node.outcome.on') || box.querySelector('svg g.node.exit.on');
  const r = here.getBoundingClientRect(), c = box.getBoundingClientRect();
  return r.left >= c.left - 1 && r.right <= c.right + 1; }"""


def test_on_a_phone_a_step_opens_its_chart_at_the_step_reached(browser, base, site):
    # At 360 px a step's chart pans inside its frame; it opens at the question being asked or
    # the outcome reached, not at its left edge. Without JavaScript it opens at the edge (the
    # control: most steps are out of view then).
    pages = sorted(p.relative_to(site).as_posix() for flow in ("hbv", "tb", "switching",
                                                               "eligibility", "pregnancy")
                   for lang in ("en", "zh")
                   for p in (site / lang / "flows" / flow / "step").rglob("index.html"))
    assert len(pages) > 60
    hidden = {}
    for js in (True, False):
        context = browser.new_context(viewport={"width": 360, "height": 740},
                                      java_script_enabled=js)
        page = context.new_page()
        hidden[js] = []
        for path in pages:
            page.goto(f"{base}/{path}")
            if not page.evaluate(REACHED):
                hidden[js].append(path)
        context.close()
    assert hidden[True] == []
    assert len(hidden[False]) > len(pages) // 2
