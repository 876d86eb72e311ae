"""No dated plan, calendar or "proceed" page 1 under a stricter finding anywhere (design §3).

The cases are tests/data/whole_patient.yaml: a routine start-bundle patient with a first
infusion date, plus one finding from the source that holds inebilizumab back.
"""

from pathlib import Path

import pytest
import yaml

from flows import guideline
from graph import patient_from
from render.report import build_report, render_html, write_ics

CASES = yaml.safe_load((Path(__file__).parents[2] / "data" / "whole_patient.yaml")
                       .read_text(encoding="utf-8"))
G = guideline()


def report(facts: dict, lang="en"):
    patient = patient_from("t", {"id": "t", "facts": facts}, G.facts, G.aliases)
    return build_report(G, patient, list(G.bundles["start"].flows), "start", lang,
                        patient.facts["first_infusion_date"], None)


def test_the_routine_patient_gets_a_dated_plan():
    rep = report(CASES["routine"])
    assert rep.ev.overall.verdict == "proceed" and rep.plan.status == "planned"


@pytest.mark.parametrize("case", CASES["findings"], ids=[c["id"] for c in CASES["findings"]])
def test_a_stricter_finding_dates_no_plan_and_heads_page_1(case, tmp_path):
    rep = report({**CASES["routine"], **case["finding"]})
    assert rep.ev.overall.verdict == case["verdict"]
    assert rep.plan.status != "planned" and rep.plan.items == ()
    assert write_ics(rep, tmp_path / "plan.ics") == 0
    html = render_html(rep, charts=False)
    headline = G.verdict(case["verdict"]).label.en
    assert f'<p class="banner-verdict">{headline}</p>' in html
    if case["flow"] not in G.bundles["start"].flows:
        assert G.flows[case["flow"]].title.en in html.split("</section>")[0]  # the banner
