"""The check as plain forms (what a browser without JavaScript does): each answer is a POST
the server evaluates; the page asks only what is still needed, shows the verdicts with their
recommendations, the notice and the source; a patient file can start it; Print gives the report."""

from __future__ import annotations

import re
import subprocess
from html import unescape

import pytest

from flows import guideline
from tests.render.server.conftest import ROOT
from tests.render.server.forms import CheckPage, submit

G = guideline()


def begin(client, path="/check", **query) -> CheckPage:
    r = client.get(path, params=query)
    assert r.status_code == 200, r.text
    return CheckPage(r.text)


def answer(client, page, path="/check", **given) -> CheckPage:
    """Click the button of each answer in turn (``fact=value``), as a user would."""
    for fact, value in given.items():
        assert fact in page.offered(), f"{fact} is not asked; asked: {page.offered()}"
        r, page = submit(client, page, path, (f"set:{fact}", value))
        assert r.status_code == 200, r.text
    return page


def label(verdict: str, lang: str = "en") -> str:
    return G.verdict(verdict).label_for("inebilizumab").get(lang)


# rec 6, Fig 1: each route to its outcome, and what is asked on the way
HBV_ROUTES = [
    ([("hbsag", "positive", {"hbv_dna"}), ("hbv_dna", "positive", set())], "contraindicated"),
    ([("hbsag", "positive", {"hbv_dna"}), ("hbv_dna", "negative", set())],
     "proceed_with_precautions"),
    ([("hbsag", "negative", {"anti_hbc"}), ("anti_hbc", "positive", {"hbv_dna"}),
      ("hbv_dna", "positive", set())], "contraindicated"),
    ([("hbsag", "negative", {"anti_hbc"}), ("anti_hbc", "positive", {"hbv_dna"}),
      ("hbv_dna", "negative", set())], "proceed_with_precautions"),
    ([("hbsag", "negative", {"anti_hbc"}), ("anti_hbc", "negative", set())], "proceed"),
]
# rec 7: each TB outcome
TB_ROUTES = [
    ([("tb_screen", "negative", set())], "proceed"),
    ([("tb_screen", "indeterminate", set())], "consider"),
    ([("tb_screen", "positive", {"tb_active"}), ("tb_active", "true", set())], "contraindicated"),
    ([("tb_screen", "positive", {"tb_active"}), ("tb_active", "false", {"latent_tb_prophylaxis"}),
      ("latent_tb_prophylaxis", "not_planned", set())], "contraindicated"),
    ([("tb_screen", "positive", {"tb_active"}), ("tb_active", "false", {"latent_tb_prophylaxis"}),
      ("latent_tb_prophylaxis", "planned_or_started", set())], "proceed_with_precautions"),
    ([("tb_screen", "positive", {"tb_active"}), ("tb_active", "false", {"latent_tb_prophylaxis"}),
      ("latent_tb_prophylaxis", "completed", set())], "proceed_with_precautions"),
]


@pytest.mark.parametrize("flow, route, verdict",
                         [("hbv", r, v) for r, v in HBV_ROUTES]
                         + [("tb", r, v) for r, v in TB_ROUTES])
def test_answering_to_each_outcome(client, flow, route, verdict):
    page = begin(client, flow=flow)
    assert page.overall() is None and page.asked() == {route[0][0]}
    for fact, value, asked_next in route:
        page = answer(client, page, **{fact: value})
        assert page.asked() & {s[0] for s in route} == asked_next  # only what is still needed
    assert page.flow_verdict(flow) == verdict and page.overall() == verdict
    assert page.headline() == label(verdict)
    assert re.search(r'href="/en/recommendations/[67]\.html"', page.html)


def test_every_result_carries_the_notice_and_the_source(client):
    for path, query in (("/check", {"bundle": "start"}), ("/zh/check", {"bundle": "infusion"})):
        page = begin(client, path, **query)
        text = page.html
        if path == "/check":
            assert "Supports, does not replace, clinical judgement" in text
        else:
            assert "辅助而非替代临床判断" in text
        assert G.citation.get("zh" if path.startswith("/zh") else "en") in text


def test_an_incomplete_start_bundle_asks_by_flow(client):
    page = begin(client, bundle="start")
    assert page.overall() is None
    groups = re.findall(r'<fieldset class="q-group" id="ask-([\w_]+)">', page.html)
    assert groups[:3] == ["eligibility", "timing", "hbv"]
    assert {"hbsag", "tb_screen", "diagnosis"} <= page.asked()
    assert "hbv_dna" not in page.asked()  # not needed until HBsAg or anti-HBc is positive


def test_a_pregnant_patient_is_held_back(client):
    """Rec 27: pregnancy limits B-cell depleters; the start bundle's flows all proceed but the
    overall verdict is not "proceed"."""
    from tests.render.server.test_api import ROUTINE_MAN

    page = begin(client, bundle="start")
    page.fields += [(f"f:{k}", str(v).lower() if isinstance(v, bool) else str(v))
                    for k, v in {**ROUTINE_MAN, "sex": "female"}.items()]
    r, page = submit(client, page, "/check", ("save", ""))
    assert page.overall() is None and "pregnancy_status" in page.asked()
    page = answer(client, page, pregnancy_status="pregnant")
    assert page.overall() == "not_recommended" and page.flow_verdict("pregnancy") == "not_recommended"
    assert 'href="#result-pregnancy"' in page.html  # the banner names the flow that joined


def test_numbers_take_the_units_the_fact_accepts(client):
    page = begin(client, flow="immunoglobulin")
    assert "serum_igg_mg_dl" in page.asked()
    units = re.findall(r'<select name="unit:serum_igg_mg_dl"[^>]*>(.*?)</select>', page.html, re.S)
    assert re.findall(r'value="([^"]+)"', units[0]) == ["mg/dL", "g/L", "mg/L"]
    r, page = submit(client, page, "/check", ("num:serum_igg_mg_dl", "4"), ("unit:serum_igg_mg_dl", "g/L"),
                     ("save", "serum_igg_mg_dl"))
    assert ("f:serum_igg_mg_dl", "400") in page.fields  # 4 g/L = 400 mg/dL, carried canonical
    assert "400 mg/dL" in page.html
    r, bad = submit(client, page, "/check", ("num:serum_igg_mg_dl", "5"), ("unit:serum_igg_mg_dl", "kg"))
    assert r.status_code == 422 and "'kg' is not a unit of this answer" in unescape(r.text)
    assert ("f:serum_igg_mg_dl", "400") in bad.fields  # the answer given before is kept


def test_a_wrong_answer_is_one_line_and_the_rest_is_kept(client):
    page = answer(client, begin(client, flow="hbv"), hbsag="positive")
    r, bad = submit(client, page, "/check", ("set:hbv_dna", "perhaps"))
    assert r.status_code == 422
    assert "'perhaps' is not one of positive, negative" in unescape(r.text) and "Traceback" not in r.text
    assert ("f:hbsag", "positive") in bad.fields


def test_an_answer_can_be_removed(client):
    page = answer(client, begin(client, flow="hbv"), hbsag="positive")
    r, page = submit(client, page, "/check", ("drop", "hbsag"))
    assert page.asked() == {"hbsag"} and not any(n == "f:hbsag" for n, _ in page.fields)


def test_dates_are_date_inputs(client):
    page = begin(client, flow="hbv")
    assert re.search(r'<input type="date" name="date:planned_start_date"', page.html)
    r, page = submit(client, page, "/check", ("date:planned_start_date", "2026-03-01"))
    assert ("f:planned_start_date", "2026-03-01") in page.fields
    r, bad = submit(client, page, "/check", ("date:first_infusion_date", "2026-02-30"))
    assert r.status_code == 422 and "First infusion date" in r.text


def test_chinese(client):
    page = begin(client, "/zh/check", flow="hbv")
    assert '<html lang="zh-Hans">' in page.html
    assert G.facts["hbsag"].label.zh in page.html and "Yes" not in page.html
    page = answer(client, page, "/zh/check", hbsag="positive", hbv_dna="positive")
    assert page.overall() == "contraindicated" and page.headline() == label("contraindicated", "zh")
    assert "活动性乙型肝炎：禁用伊奈利珠单抗" in page.html
    assert 'href="/zh/recommendations/6.html"' in page.html


def test_a_patient_file_starts_the_check(client):
    path = ROOT / "examples/patients/latent-tb.yaml"
    r = client.post("/check/upload", data={"bundle": "start"},
                    files={"patient": (path.name, path.read_bytes(), "application/yaml")})
    assert r.status_code == 200, r.text
    page = CheckPage(r.text)
    assert page.flow_verdict("tb") == "proceed_with_precautions"  # rec 7: latent, treated
    assert ("f:latent_tb_prophylaxis", "planned_or_started") in page.fields  # editable from here
    assert ("id", "demo-latent-tb") in page.fields


@pytest.mark.parametrize("content, says", [
    (b"facts: {hbsag: maybe}\n", "patient.yaml: facts.hbsag: 'maybe' is not one of positive, negative"),
    (b"facts: [1\n", "patient.yaml"),
    (b"{\"facts\": 1}", "patient.yaml"),
])
def test_a_bad_patient_file_is_one_line(client, content, says):
    r = client.post("/check/upload", data={"bundle": "start"},
                    files={"patient": ("patient.yaml", content, "application/yaml")})
    assert r.status_code == 422 and says in unescape(r.text) and "Traceback" not in r.text


def test_the_report_prints_as_html_and_pdf(client, served, tmp_path):
    path = ROOT / "examples/patients/hbv-carrier.yaml"
    r = client.post("/check/upload", data={"bundle": "start"},
                    files={"patient": (path.name, path.read_bytes(), "application/yaml")})
    page = CheckPage(r.text)
    html = client.post("/check/report", content=_form(page.fields, ("format", "html")),
                       headers={"content-type": "application/x-www-form-urlencoded"})
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert "clinical judgement" in html.text and G.citation.en in html.text
    assert "script-src" not in html.headers["content-security-policy"]
    served.wait_for("pdf", ("ready", "unavailable"))
    pdf = client.post("/check/report", content=_form(page.fields, ("format", "pdf")),
                      headers={"content-type": "application/x-www-form-urlencoded"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    out = tmp_path / "report.pdf"
    out.write_bytes(pdf.content)
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))
    assert pages >= 1


def test_the_guideline_site_is_served_beside_the_check(client, served):
    assert served.wait_for("site", ("ready", "failed")) == "ready"
    home = client.get("/")
    assert home.status_code == 200 and 'href="/check"' in home.text
    index = client.get("/en/index.html")
    assert index.status_code == 200 and "inebilizumab" in index.text.lower()
    assert client.get("/zh/flows/hbv.html").status_code == 200
    assert client.get("/en/nosuch.html").status_code == 404


def _form(fields, *extra) -> bytes:
    from urllib.parse import urlencode

    return urlencode([*fields, *extra]).encode()


def test_no_fact_travels_in_a_url(client):
    """Answers go in POST bodies: every answer field is inside the POST form, and no link of the
    page carries anything but the chosen flows or the language."""
    page = answer(client, begin(client, bundle="start"), hbsag="positive")
    form = re.search(r'<form id="check"[^>]*>(.*?)</form>', page.html, re.S)
    assert 'method="post"' in form.group(0)[:120]
    outside = page.html.replace(form.group(0), "")
    assert not re.search(r'name="(?:f|set|num|date):', outside)
    for query in re.findall(r'(?:href|action)="[^"?]*\?([^"]*)"', page.html):
        assert set(re.findall(r"(\w+)=", query)) <= {"bundle", "flow", "lang"}, query


def _recent(bundle: bytes) -> bytes:
    """The example record with its 2025 results re-dated five days back (the check reads a
    record as of today, and results older than the map allows are not used)."""
    import datetime as dt

    recent = (dt.date.today() - dt.timedelta(days=5)).isoformat()
    return re.sub(rb"2025-07-\d\d", recent.encode(), bundle)


def test_a_fhir_bundle_starts_the_check_like_the_patient_file(client):
    raw = (ROOT / "tests/flows/fhir/bundles/latent-tb.json").read_bytes()
    r = client.post("/check/upload", data={"bundle": "start"},
                    files={"patient": ("latent-tb.json", _recent(raw), "application/fhir+json")})
    assert r.status_code == 200, r.text
    page = CheckPage(r.text)
    # rec 6: HBsAg and anti-HBc negative in the record -> the HBV flow proceeds; rec 7: a
    # positive TST/IGRA read from the record, and active TB (no code: asked) is the next question
    assert page.flow_verdict("hbv") == "proceed"
    assert ("f:tb_screen", "positive") in page.fields
    assert 'set:tb_active' in r.text


def test_a_stale_fhir_result_is_not_used_and_the_page_says_so(client):
    raw = (ROOT / "tests/flows/fhir/bundles/latent-tb.json").read_bytes()
    r = client.post("/check/upload", data={"bundle": "start"},
                    files={"patient": ("latent-tb.json", raw, "application/fhir+json")})
    assert r.status_code == 200, r.text
    assert "older than 90 days" in unescape(r.text)
    assert ("f:tb_screen", "positive") not in CheckPage(r.text).fields  # asked again (rec 7)


@pytest.mark.parametrize("lang, path", [("en", "/check"), ("zh", "/zh/check")])
def test_a_consistency_warning_names_the_flow_in_the_page_s_language(client, lang, path):
    # Rec 6: HBV-DNA positive although HBsAg and anti-HBc are negative: the positive HBV-DNA
    # decides (contraindicated) and the hbv flow warns the results disagree, in the page's
    # language and under the flow's title, not its internal id.
    content = b"facts: {hbsag: negative, anti_hbc: negative, hbv_dna: positive}\n"
    r = client.post(f"{path}/upload", data={"bundle": "start"},
                    files={"patient": ("patient.yaml", content, "application/yaml")})
    assert r.status_code == 200, r.text
    page = CheckPage(r.text)
    assert page.flow_verdict("hbv") == "contraindicated"
    title = G.flows["hbv"].title.get(lang)
    said = {"en": "the positive HBV-DNA decides", "zh": "按HBV-DNA阳性判断"}[lang]
    text = unescape(page.html)
    assert f"{title}: " in text and said in text and "hbv: " not in text


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_check_s_navigation_names_pages_as_the_site_does(lang):
    # Issue 12: "Facts" is jargon; the site's navigation says "Patient data" / "患者资料". The
    # check's header links to the same pages and must name them the same way.
    from render.server.words import words as check_words
    from render.site.words import words as site_words

    check, site = check_words(lang), site_words(lang)
    pairs = [("home", "home"), ("questions", "questions"), ("recommendations", "recommendations"),
             ("flows_nav", "flows"), ("facts_nav", "glossary_short")]
    assert [check[a] for a, _ in pairs] == [site[b] for _, b in pairs]
