"""The site's step-through and search, checked against the source (Fig 1, rec 6, rec 8), and a
golden copy of the text of a few pages (UPDATE_GOLDEN=1 rewrites it)."""

from __future__ import annotations

import os
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from flows import guideline
from render.site.pages import step_path
from render.site.steps import walk

GOLDEN = Path(__file__).parent / "golden"
HBV_CARRIER = "flows/hbv/step/hbsag=negative/anti_hbc=positive/hbv_dna=negative/index.html"
BLOCKS = {"p", "li", "h1", "h2", "h3", "dt", "dd", "tr", "figcaption", "table", "ul", "ol"}


class MainText(HTMLParser):
    """The text of a page's <main>, one line per block, without the inline chart."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.lines, self.line, self.depth, self.skip = [], "", 0, 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag in ("td", "th") and self.line.strip():
            self.line += " | "
        if tag == "main":
            self.depth = 1
        elif tag in ("svg", "script", "style"):
            self.skip += 1
        if tag in BLOCKS:
            self.flush()

    def handle_endtag(self, tag):
        if tag in ("svg", "script", "style"):
            self.skip -= 1
        if tag in BLOCKS or tag == "main":
            self.flush()
        if tag == "main":
            self.depth = 0

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.line += data

    def flush(self):
        text = " ".join(self.line.split())
        if text:
            self.lines.append(text)
        self.line = ""

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def main_text(path: Path) -> str:
    return MainText(path.read_text(encoding="utf-8")).text


def chart_classes(path: Path) -> dict[str, str]:
    """``{svg id: class}`` of the chart's nodes on a page."""
    html = path.read_text(encoding="utf-8")
    return dict(re.findall(r'<g id="([^"]+)" class="(node [^"]*)"', html.replace("&#45;", "-")))


def test_rec6_carrier_outcome_page_from_fig1(site):
    # Fig 1: HBsAg (-), HBcAb (+), HBV DNA (-): antiviral prophylaxis, then inebilizumab.
    text = main_text(site / "en" / HBV_CARRIER)
    assert "Proceed with precautions" in text
    assert "antiviral" in text and "18 months" in text
    assert "Rec 6" in text
    zh = main_text(site / "zh" / HBV_CARRIER)
    assert "采取措施后用药" in zh and "18个月" in zh and "推荐意见6" in zh


@pytest.mark.parametrize("answers, verdict", [
    ("hbsag=positive/hbv_dna=positive", "Contraindicated"),           # rec6-active-hbv
    ("hbsag=negative/anti_hbc=positive/hbv_dna=positive", "Contraindicated"),
    ("hbsag=positive/hbv_dna=negative", "Proceed with precautions"),  # rec6-inactive-carrier
    ("hbsag=negative/anti_hbc=negative", "Proceed"),                  # rec6-not-a-carrier
], ids=["rec6-hbsag-pos-dna-pos", "rec6-core-pos-dna-pos", "rec6-hbsag-pos-dna-neg",
        "rec6-hbsag-neg-core-neg"])
def test_rec6_every_fig1_path_has_a_bookmarkable_outcome_page(site, answers, verdict):
    page = site / "en" / "flows" / "hbv" / "step" / answers / "index.html"
    text = main_text(page)
    assert f"Verdict: {verdict}\n" in text


def test_rec6_path_so_far_is_highlighted_on_the_chart(site):
    # The step page draws the chart (of the flow's parts) that holds the step reached.
    classes = chart_classes(site / "en" / HBV_CARRIER)
    on = {k for k, v in classes.items() if " on" in v}
    path = {"hbv-start", "hbv-hbsag", "hbv-anti_hbc", "hbv-hbv_dna_core",
            "hbv-carrier_prophylaxis"}
    assert "hbv-carrier_prophylaxis" in on and {k for k in classes if k in path} <= on
    assert "off" in classes["hbv-non_carrier"]  # the other answer on the same chart
    assert "hbv-hbv_dna_surface" not in classes  # the HBsAg-positive branch: another chart
    waiting = chart_classes(site / "en" / "flows/hbv/step/hbsag=negative/index.html")
    assert "await" in waiting["hbv-anti_hbc"]


def test_rec6_each_answer_is_one_link_named_in_the_url(site):
    html = (site / "en" / "flows/hbv/step/hbsag=negative/index.html").read_text(encoding="utf-8")
    choices = html[html.index('class="choices"'):]
    choices = choices[:choices.index("</ul>")]
    assert re.findall(r'href="([^"]+)"', choices) == ["anti_hbc=positive/index.html",
                                                       "anti_hbc=negative/index.html"]


def test_rec8_numeric_answers_link_one_branch_each(site):
    # Rec 8: IgG below 500 mg/dL calls for a plan; exactly 500 is not below.
    start = site / "en" / "flows/immunoglobulin/step/index.html"
    html = start.read_text(encoding="utf-8")
    assert "serum_igg_mg_dl=lt500/index.html" in html and "serum_igg_mg_dl=ge500/index.html" in html
    normal = main_text(site / "en" / "flows/immunoglobulin/step/serum_igg_mg_dl=ge500/index.html")
    assert "Verdict: Proceed\n" in normal
    low = main_text(site / "en" / "flows/immunoglobulin/step/serum_igg_mg_dl=lt500/"
                    "high_infection_risk=yes/index.html")
    assert "Verdict: Proceed with precautions" in low and "immunoglobulin" in low


def test_every_path_of_every_flow_can_be_walked(site):
    g = guideline()
    total = 0
    for flow in g.flows.values():
        steps = walk(g, flow)
        total += len(steps)
        walked = {(a, b) for s in steps if s.trace.status == "complete"
                  for a, b in zip(s.trace.path, s.trace.path[1:], strict=False)}
        assert walked == set(flow.graph.edges), flow.id
        overridden = {o.outcome for o in flow.overrides}  # listed on the flow page instead
        assert {s.trace.outcome for s in steps if s.asks is None} | overridden == set(flow.outcomes())
        for step in steps:
            for lang in ("en", "zh"):
                assert (site / lang / step_path(flow.id, step)).is_file(), step.segments
    assert total < 2000, f"{total} step pages per language: too many"


def test_every_result_page_is_titled_by_its_flow_and_outcome(site):
    """No result page is titled "Result": each names the flow and the outcome reached."""
    g = guideline()
    for flow in g.flows.values():
        for step in walk(g, flow):
            if step.asks is not None:
                continue
            for lang in ("en", "zh"):
                html = (site / lang / step_path(flow.id, step)).read_text(encoding="utf-8")
                title = unescape(re.search(r"<title>(.*?)</title>", html, re.S).group(1))
                outcome = flow.graph.nodes[step.trace.outcome]["label"].get(lang)
                assert title.startswith(f"{flow.title.get(lang)} — {outcome}"), title


@pytest.mark.parametrize("name, page", [
    ("en-flow-hbv", "en/flows/hbv.html"),
    ("zh-flow-hbv", "zh/flows/hbv.html"),
    ("en-step-hbv-carrier", f"en/{HBV_CARRIER}"),
    ("zh-step-hbv-start", "zh/flows/hbv/step/index.html"),
])
def test_golden_page_text(site, name, page):
    """The text (not the chart) of a few pages; regenerate with UPDATE_GOLDEN=1."""
    text = main_text(site / page)
    golden = GOLDEN / f"{name}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.is_file(), f"no golden file {golden}: run with UPDATE_GOLDEN=1"
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.dot
def test_site_charts_are_the_charts_of_render_flowchart():
    # The site draws many charts per Graphviz run; each must be flow_svg's own drawing of
    # the parts chart_parts gives (one rule for render, the site and the report).
    from render.chart import chart_parts, flow_svg
    from render.site.charts import draw_all, inline_svg, shown_parts

    g = guideline()
    traces = [None] + [s.trace for s in walk(g, g.flows["hbv"])]
    for lang in ("en", "zh"):
        drawn = draw_all(g, [("hbv", t, lang) for t in traces], workers=2)
        assert shown_parts(g, "hbv", None, lang) == chart_parts(g, "hbv", lang)
        no_ids = re.compile(r' id="[^"]*"')
        for t in traces:
            title = g.flows["hbv"].title.get(lang)
            page = no_ids.sub("", drawn[("hbv", t, lang)])  # ids are made unique on a page
            parts = shown_parts(g, "hbv", t, lang)
            assert page.count("<svg ") == len(parts)
            for part in parts:
                assert no_ids.sub("", inline_svg(flow_svg(g, "hbv", t, lang, part=part), title)) in page
