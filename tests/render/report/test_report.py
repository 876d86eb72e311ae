"""The patient report of each example patient: verdicts, actions and the dates the source implies.

Every expected date below is worked out by hand from the source's intervals (design §9):
day 15 = day 1 + 14 days (rec 13); maintenance every 6 calendar months from day 1 (rec 13);
antiviral prophylaxis about 1 week before (rec 6); anti-TB prophylaxis 1 month before (rec 7);
vaccines at least 4 weeks before (rec 9); inactivated vaccines >= 12 weeks after an infusion and
>= 4 weeks before the next (rec 10); CD20+ B cells in months 4, 5, 6 (rec 15); immunoglobulins
every 6 months and HBV/HCV/TB yearly, twice a year at higher risk (rec 14); latent TB
re-examined at least every 6 months (rec 7); carriers every 1-3 months (rec 6).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from flows import guideline
from flows.plan import plan, plan_problems
from graph import patient_from, read_patient
from render.report import build_report, render_html

D = dt.date
EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "patients"
TODAY = D(2025, 11, 25)


def report(name_or_facts, lang="en", flows=None, bundle="start", months=None):
    g = guideline()
    if isinstance(name_or_facts, dict):
        patient = patient_from("test", {"id": "t", "facts": name_or_facts}, g.facts, g.aliases)
    else:
        patient = read_patient(EXAMPLES / f"{name_or_facts}.yaml", g.facts, g.aliases)
    flow_ids = list(g.bundles[bundle].flows if bundle else []) + list(flows or [])
    return build_report(g, patient, flow_ids, bundle, lang, TODAY, months)


def dates(rep, event: str) -> list:
    return [(i.start, i.end) if i.end else i.start for i in rep.plan.items if i.event.id == event]


def verdicts(rep) -> dict:
    return {r.flow: r.verdict for r in (*rep.ev.flows, *rep.joined, *rep.others)}


def action_ids(rep) -> set:
    return {a.id for r in (*rep.ev.flows, *rep.joined, *rep.others) for a in r.actions}


def test_plan_data_refers_only_to_what_the_guideline_defines():
    assert plan_problems(plan(), guideline()) == []


def test_every_example_has_an_id_a_comment_and_evaluates():
    for path in sorted(EXAMPLES.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# ") and "\nid: demo-" in text, path.name
        assert report(path.stem).ev.flows


def test_rec13_routine_start_doses_and_rec10_vaccine_windows():
    rep = report("routine-start")
    # Every start flow proceeds; she is a woman not planning a pregnancy, so rec 27's
    # contraception joins the overall verdict as a precaution.
    assert rep.ev.overall.verdict == "proceed_with_precautions" and rep.ev.overall.complete
    assert rep.ev.overall.also_from == ("pregnancy",)
    assert {r.verdict for r in rep.ev.flows} == {"proceed"}
    assert dates(rep, "infusion") == [D(2025, 8, 31), D(2025, 9, 14), D(2026, 2, 28),
                                      D(2026, 8, 31)]
    for event in ("infection_check", "premedication", "observation"):  # rec 5, 12, 23
        assert dates(rep, event) == dates(rep, "infusion")
    # 14 Sep + 84 d = 7 Dec; 28 Feb - 28 d = 31 Jan; 28 Feb + 84 d = 23 May; 31 Aug - 28 d = 3 Aug
    assert dates(rep, "vaccine_window") == [(D(2025, 12, 7), D(2026, 1, 31)),
                                            (D(2026, 5, 23), D(2026, 8, 3))]
    assert rep.plan.until == D(2026, 8, 31)


def test_rec14_rec15_rec16_routine_monitoring_dates():
    rep = report("routine-start")
    assert dates(rep, "cd20_count") == [D(2025, 12, 31), D(2026, 1, 31), D(2026, 2, 28)]
    assert dates(rep, "igg_recheck") == [D(2026, 2, 28), D(2026, 8, 31)]
    assert dates(rep, "aqp4_titre") == [D(2026, 2, 28), D(2026, 8, 31)]
    for event in ("hbv_serology", "hcv_retest", "tb_rescreen"):  # yearly (rec 6, 14)
        assert dates(rep, event) == [D(2026, 8, 31)], event
    for event in ("hbv_antiviral_start", "hbv_carrier_tests", "tb_prophylaxis_start",
                  "tb_latent_ct", "hcv_retest_closer", "extra_vaccines_done", "igg_replacement"):
        assert dates(rep, event) == [], event


def test_rec6_hbv_carrier_prophylaxis_and_monitoring():
    rep = report("hbv-carrier")
    assert verdicts(rep)["hbv"] == "proceed_with_precautions"
    assert rep.ev.overall.verdict == "proceed_with_precautions"
    assert {"hbv_antiviral_prophylaxis", "hbv_carrier_monitoring"} <= action_ids(rep)
    assert dates(rep, "hbv_antiviral_start") == [D(2025, 8, 24)]  # 31 Aug - 7 days
    assert dates(rep, "hbv_carrier_tests") == [D(2025, 11, 30), D(2026, 2, 28), D(2026, 5, 31),
                                               D(2026, 8, 31)]
    assert dates(rep, "hbv_serology") == []  # carriers are followed every 1-3 months instead


def test_rec7_latent_tb_prophylaxis_one_month_before_and_ct_every_6_months():
    rep = report("latent-tb")
    assert verdicts(rep)["tb"] == "proceed_with_precautions"
    assert dates(rep, "tb_prophylaxis_start") == [D(2025, 2, 28)]  # 31 Mar - 1 month, clamped
    assert dates(rep, "infusion") == [D(2025, 3, 31), D(2025, 4, 14), D(2025, 9, 30),
                                      D(2026, 3, 31)]
    assert dates(rep, "tb_latent_ct") == [D(2025, 9, 30), D(2026, 3, 31)]
    assert dates(rep, "tb_rescreen") == dates(rep, "tb_rescreen_closer") == []


def test_rec14_closer_monitoring_twice_a_year():
    rep = report("latent-tb")  # high_monitoring_risk: true
    assert verdicts(rep)["monitoring"] == "proceed_with_precautions"
    assert dates(rep, "hcv_retest_closer") == [D(2025, 9, 30), D(2026, 3, 31)]
    assert dates(rep, "hbv_serology_closer") == [D(2025, 9, 30), D(2026, 3, 31)]
    assert dates(rep, "hcv_retest") == []


def test_rec8_rec9_rec11_low_igg_with_several_pcp_risk_factors():
    rep = report("low-igg-pcp")
    v = verdicts(rep)
    assert v["immunoglobulin"] == v["pcp"] == v["vaccination"] == "proceed_with_precautions"
    assert {"igg_replacement", "pcp_mdt", "vaccine_high_risk_set"} <= action_ids(rep)
    assert rep.plan.day1_fact == "planned_start_date"
    assert dates(rep, "igg_replacement") == [D(2026, 1, 31)]  # before or with day 1
    assert dates(rep, "extra_vaccines_done") == [D(2026, 1, 3)]  # 31 Jan - 28 days
    assert dates(rep, "infusion") == [D(2026, 1, 31), D(2026, 2, 14), D(2026, 7, 31),
                                      D(2027, 1, 31)]
    assert dates(rep, "cd20_count") == [D(2026, 5, 31), D(2026, 6, 30), D(2026, 7, 31)]


def test_rec18_rec19_switch_from_rituximab_leap_day():
    rep = report("switch-rituximab", flows=["switching"])
    # On oral steroids at the start: rec 18's overlap of at least 6 months is a precaution.
    assert verdicts(rep)["switching"] == "proceed_with_precautions"
    assert {"switch_loading_doses", "switch_keep_oral_steroids"} <= action_ids(rep)
    assert dates(rep, "infusion") == [D(2024, 2, 29), D(2024, 3, 14), D(2024, 8, 29),
                                      D(2025, 2, 28)]
    assert dates(rep, "steroid_overlap_end") == [D(2024, 8, 29)]  # >= 6 months overlap


def test_incomplete_data_names_the_facts_and_dates_nothing():
    rep = report("incomplete-data")
    assert not rep.ev.overall.complete and rep.ev.overall.verdict is None
    assert "contraindicated" in rep.ev.overall.reachable  # untreated latent or active TB
    assert rep.plan.status == "incomplete" and rep.plan.items == ()
    html = render_html(rep, charts=False)
    assert "To complete this assessment, obtain" in html
    for label in ("Active TB on assessment", "HCV screen", "Active infection now"):
        assert label in html
    assert "No dated plan yet" in html


def test_rec6_contraindicated_gets_no_plan():
    facts = dict(report("routine-start").patient.facts, hbsag="positive", hbv_dna="positive")
    rep = report(facts)
    assert rep.ev.overall.verdict == "contraindicated"
    assert rep.plan.status == "blocked"
    assert "No dated plan: the overall verdict is" in render_html(rep, charts=False)


def test_rec13_no_dose_during_plasma_exchange_blocks_the_plan():
    facts = dict(report("routine-start").patient.facts, plasma_exchange="planned")
    rep = report(facts)
    assert rep.ev.overall.verdict == "defer"  # the timing flow's override (rec 13)
    assert rep.plan.status == "blocked" and rep.plan.items == ()


def test_rec13_plasma_exchange_blocks_the_plan_even_outside_the_start_bundle():
    facts = dict(report("routine-start").patient.facts, plasma_exchange="planned")
    rep = report(facts, bundle=None, flows=["hbv"])
    assert rep.plan.status == "blocked_by" and rep.plan.blocked_by == "dosing.not_during_exchange"


def test_rec12_rec30_a_child_at_8_mg_per_kg_keeps_every_infusion_day_step():
    """Rec 30: same days as adults; rec 5, 12, 23: check, premedicate and observe at each;
    rec 10: vaccine windows between infusions. Tab 1 doses are adult doses only."""
    facts = dict(report("routine-start").patient.facts, age_years=14, weight_kg=30,
                 standard_therapy_failed=True)
    rep = report(facts)
    assert rep.ev.overall.verdict == "consider"  # rec 30: off-label, satralizumab failed
    days = dates(rep, "infusion_per_kg")
    assert days == [D(2025, 8, 31), D(2025, 9, 14), D(2026, 2, 28), D(2026, 8, 31)]
    for event in ("infection_check", "premedication_child", "observation"):
        assert dates(rep, event) == days, event
    assert dates(rep, "infusion") == dates(rep, "premedication") == []
    assert dates(rep, "vaccine_window")
    assert dates(rep, "infusion_day") == []  # an anchor only, never listed


def test_without_a_date_there_is_no_plan_and_the_report_says_which_fact_to_add():
    facts = dict(report("routine-start").patient.facts)
    del facts["first_infusion_date"]
    rep = report(facts)
    assert rep.plan.status == "no_date"
    assert "First infusion date" in render_html(rep, charts=False)


def test_a_missing_monitoring_fact_leaves_those_tests_pending_not_defaulted():
    facts = dict(report("routine-start").patient.facts)
    del facts["high_monitoring_risk"]
    rep = report(facts)
    pending = {p.event.id: p.missing for p in rep.plan.pending}
    assert pending["hcv_retest"] == pending["hcv_retest_closer"] == ("high_monitoring_risk",)
    assert dates(rep, "hcv_retest") == dates(rep, "hcv_retest_closer") == []
    assert "Not dated yet" in render_html(rep, charts=False)


def test_horizon_months_option():
    rep = report("routine-start", months=24)
    assert dates(rep, "infusion")[-2:] == [D(2027, 2, 28), D(2027, 8, 31)]


def test_html_shows_verdicts_actions_dates_citation_and_disclaimer():
    html = render_html(report("hbv-carrier"), charts=False)
    for text in ("demo-hbv-carrier", "2025-11-25", "Proceed with precautions",
                 "Start nucleos(t)ide-analogue antiviral prophylaxis", "2025-08-24",
                 "2025-09-14", "2026-02-28", "2026-08-31", "Methylprednisolone 80-125 mg IV",
                 "does not replace it", "Delphi Expert Panel"):
        assert text in html, text


def test_chinese_report_has_chinese_labels_and_the_same_dates():
    html = render_html(report("hbv-carrier", lang="zh"), charts=False)
    for text in ('lang="zh-Hans"', "采取措施后用药", "开始核苷(酸)类似物预防性抗病毒治疗",
                 "2025-08-24", "2026-02-28", "辅助而不取代临床判断"):
        assert text in html, text


def test_patient_id_is_escaped():
    rep = report("routine-start")
    rep = type(rep)(**{**rep.__dict__, "patient": type(rep.patient)(
        '<script>alert("x")</script>', rep.patient.facts, "t")})
    html = render_html(rep, charts=False)
    assert "<script>" not in html and "&lt;script&gt;" in html


@pytest.mark.dot
def test_charts_only_for_flows_whose_path_is_not_plain_proceed():
    # Rec 6 (Fig 1): an HBV carrier goes ahead with antiviral prophylaxis, proceed with
    # precautions: the hbv chart is drawn. She is a woman not planning a pregnancy: rec 27's
    # contraception is a precaution whose flow joins the headline, so its chart is drawn too
    # (it was once left out because it was not asked for). Plain "proceed" flows are not.
    from render.chart import chart_parts, parts_for
    from render.report.document import charted

    rep = report("hbv-carrier")
    html = render_html(rep)
    drawn = charted(rep)
    assert [r.flow for r in drawn] == ["hbv", "pregnancy"]
    assert [r.verdict for r in drawn] == ["proceed_with_precautions"] * 2
    assert html.count("<svg") == sum(len(parts_for(rep.g, r.flow, r.trace)) for r in drawn)
    assert 'id="chart-hbv' in html and 'id="chart-pregnancy' in html
    assert 'class="node outcome on verdict-proceed' not in html
    # --charts all: every chart of every applicable flow asked for or joined
    applicable = [r for r in (*rep.ev.flows, *rep.joined) if r.status != "not_applicable"]
    everything = render_html(rep, charts="all")
    assert everything.count("<svg") == sum(len(chart_parts(rep.g, r.flow)) for r in applicable)
    assert "<svg" not in render_html(rep, charts="none")


def test_an_incomplete_flow_is_charted_to_show_where_it_waits():
    # The incomplete example lacks facts several flows ask for: each is drawn, waiting.
    from render.report.document import charted

    rep = report("incomplete-data")
    waiting = [r.flow for r in rep.ev.flows if r.status == "incomplete"]
    assert waiting and set(waiting) <= {r.flow for r in charted(rep)}


@pytest.mark.parametrize("name", ["switch-rituximab", "routine-start", "latent-tb"])
def test_every_flow_that_joins_the_headline_with_a_precaution_is_charted(name):
    # A flow not asked for whose verdict joins the overall one (switching, rec 17-20;
    # pregnancy, rec 27) is charted like the flows asked for when its path is not plain
    # "proceed": the headline names it, so the chart of its path is in the report.
    from render.report.document import charted

    rep = report(name)
    needing = [r.flow for r in (*rep.ev.flows, *rep.joined)
               if r.status == "incomplete" or r.verdict not in (None, "proceed")]
    assert needing and [r.flow for r in charted(rep)] == needing
    if name == "switch-rituximab":
        assert {"switching", "pregnancy"} <= {r.flow for r in rep.joined} & set(needing)


def test_rec2_consider_still_dates_a_plan_but_says_it_depends_on_the_clinician():
    facts = dict(report("routine-start").patient.facts, aqp4_igg="negative",
                 standard_therapy_failed=True)
    rep = report(facts)
    assert rep.ev.overall.verdict == "consider"
    assert rep.plan.status == "planned" and dates(rep, "infusion")[0] == D(2025, 8, 31)
    assert "applies only if the clinician decides to go ahead" in render_html(rep, charts=False)


def test_page_one_says_what_to_do_for_this_patient():
    # Rec 6 (Fig 1): an inactive HBV carrier goes ahead under antiviral cover; the banner
    # names that outcome (not the verdict's general meaning) with its recommendation.
    rep = report("hbv-carrier")
    html = render_html(rep, charts=False)
    banner = html[html.index('<section class="banner'):html.index("</section>")]
    hbv = next(r for r in rep.ev.flows if r.flow == "hbv")
    assert rep.g.flows["hbv"].node(hbv.outcome)["label"].en in banner
    assert "Rec. 6" in banner.replace("\xa0", " ")
    assert rep.g.verdict("proceed_with_precautions").meaning.en not in banner
    # The incomplete example: the next fact of each unfinished flow, once each.
    rep = report("incomplete-data")
    html = render_html(rep, charts=False)
    banner = html[html.index('<section class="banner'):html.index("</section>")]
    firsts = {rep.g.facts[r.missing[0]].label.en for r in rep.ev.flows if r.status == "incomplete"}
    assert firsts and all(banner.count(f"<strong>{f}</strong>") == 1 for f in firsts)


def test_patient_details_head_the_report_and_a_signature_line_ends_it(tmp_path):
    # The optional `patient:` mapping of a patient file: name, date of birth, record number.
    text = (EXAMPLES / "hbv-carrier.yaml").read_text(encoding="utf-8")
    path = tmp_path / "p.yaml"
    path.write_text(text.replace("facts:\n", "patient:\n  name: Li Hua\n  date_of_birth: "
                                 "1983-04-05\n  record_number: MRN 0042\nfacts:\n", 1),
                    encoding="utf-8")
    g = guideline()
    patient = read_patient(path, g.facts, g.aliases)
    assert patient.details["date_of_birth"].isoformat() == "1983-04-05"
    rep = build_report(g, patient, g.select_flows((), "start"), "start", "zh", TODAY, None)
    html = render_html(rep, charts=False)
    head = html[html.index('<header'):html.index('</header>')]
    assert all(v in head for v in ("Li Hua", "1983-04-05", "MRN 0042", "出生日期", "病历号"))
    assert 'class="sign"' in html and "签名" in html
    # without them, the header names only the file's id
    plain = render_html(report("hbv-carrier"), charts=False)
    assert 'class="detail"' not in plain


def test_patient_specific_actions_come_first_and_marked():
    # Rec 6: the carrier's antiviral prophylaxis and HBV monitoring lead the checklist, marked;
    # routine actions (premedication, rec 12/23) follow, unmarked.
    rep = report("hbv-carrier")
    html = render_html(rep, charts=False)
    checklist = html[html.index('<section class="actions">'):]
    checklist = checklist[:checklist.index("</section>")]
    rows = checklist.split("<tr>")[2:]
    marked = [i for i, row in enumerate(rows) if 'class="tag"' in row]
    assert marked and marked == list(range(len(marked))) and len(marked) < len(rows)
    hbv = next(r for r in rep.ev.flows if r.flow == "hbv")
    for action in hbv.actions:
        assert any(action.text.en in row for row in rows[:len(marked)]), action.id


def test_internal_names_only_in_the_technical_appendix():
    # The incomplete example names what to obtain by label; the fact names a user adds to the
    # patient file, and the flow ids, sit in the appendix alone.
    rep = report("incomplete-data")
    html = render_html(rep, charts=False)
    body, appendix = html.split('<section class="technical">')
    assert "<code>" not in body
    missing = {m for r in rep.ev.flows if r.status == "incomplete" for m in r.missing}
    assert missing and all(f"<code>{m}</code>" in appendix for m in missing)
    assert all(f"<code>{r.flow}</code>" in appendix for r in rep.ev.flows)


def test_rec14_re_tests_are_listed_once_with_every_flow_that_asks():
    # Rec 14: HBV, HCV and TB infection at least once a year and serum immunoglobulins every 6
    # months on treatment. The screening flows (recs 5-8) and the monitoring flow both ask for
    # them; the checklist lists each re-test once and names both flows.
    g = guideline()
    rep = report("routine-start")
    assert {"monitor_infections", "monitor_immunoglobulins", "hbv_yearly_serology",
            "tb_yearly_screen", "hcv_yearly_retest", "igg_recheck"} <= action_ids(rep)
    html = render_html(rep, charts=False)
    checklist = html[html.index('<section class="actions">'):]
    checklist = checklist[:checklist.index("</section>")]
    assert "Test for hepatitis B, hepatitis C and TB infection" not in checklist
    assert "Measure serum immunoglobulins" not in checklist
    monitoring = g.flows["monitoring"].title.get("en")
    for text in ("Re-test HBsAg and anti-HBc", "Re-screen for TB infection",
                 "Re-test for hepatitis C", "Re-measure serum immunoglobulins"):
        assert checklist.count(text) == 1, text
        row = checklist[checklist.index(text):]
        row = row[:row.index("</tr>")]
        recs = row[row.index('class="recs">'):].split(">", 1)[1].split("<", 1)[0]
        assert monitoring in row and "14" in recs.split(", "), text
    # every id of the folding rule is an action of the flows
    actions = [a for f in g.flows.values() for _, d in f.graph.nodes(data=True)
               for a in d.get("actions", ())]
    folded = {a.id: a.covered_by for a in actions if a.covered_by}
    assert set(folded) == {"monitor_infections", "monitor_immunoglobulins"}
    assert {s for v in folded.values() for group in v for s in group} <= {a.id for a in actions}


def test_rec6_rec14_a_carrier_s_hbv_monitoring_covers_the_yearly_infection_tests():
    # Rec 6: a carrier's HBsAg and HBV-DNA every 1-3 months is stricter than rec 14's yearly
    # HBV test; with the TB and HCV re-tests listed, the monitoring row joins those three.
    rep = report("hbv-carrier")
    assert "monitor_infections" in action_ids(rep)
    html = render_html(rep, charts=False)
    checklist = html[html.index('<section class="actions">'):]
    checklist = checklist[:checklist.index("</section>")]
    assert "Test for hepatitis B, hepatitis C and TB infection" not in checklist
    row = checklist[checklist.index("Monitor ALT (liver function), HBsAg and HBV-DNA"):]
    row = row[:row.index("</tr>")]
    assert "Monitoring during treatment" in row and "every 1-3 months" in row


def test_rec14_closer_monitoring_is_never_folded_into_yearly_re_tests():
    # Rec 14: higher risk means at least twice a year, a different interval from the yearly
    # re-tests of the screening flows: both stay on the checklist.
    rep = report({**_facts("routine-start"), "high_monitoring_risk": True})
    html = render_html(rep, charts=False)
    assert "at least twice a year" in html and "Re-screen for TB infection" in html


def _facts(name):
    g = guideline()
    return dict(read_patient(EXAMPLES / f"{name}.yaml", g.facts, g.aliases).facts)


def test_notes_on_how_dates_were_read_only_for_events_the_plan_dates():
    # Rec 6: antiviral prophylaxis "about 1 week before" and until "at least 18 months" after
    # treatment concerns an HBV carrier's plan only; a patient with no carrier events (rec 6
    # not triggered) is not told how those dates were read.
    carrier = render_html(report("hbv-carrier"), charts=False)
    routine = render_html(report("routine-start"), charts=False)
    assert "Antiviral prophylaxis for HBV carriers continues" in carrier
    assert "Antiviral prophylaxis for HBV carriers continues" not in routine
    assert '"About 1 week before" is dated 7 days' not in routine
    # Rec 15's CD20+ count in months 4-6 is in every plan, so its note is always there.
    assert "CD20+ B cells" in routine and "calendar" in routine.split("How the dates were read")[1]


def test_a_note_naming_an_unknown_event_is_a_plan_problem():
    from dataclasses import replace

    p = plan()
    broken = replace(p, ambiguity_events=(frozenset({"no_such_event"}), *p.ambiguity_events[1:]))
    assert plan_problems(broken, guideline()) == [
        "flows/data/plan.yaml: ambiguities[0]: unknown event 'no_such_event'"]


def test_fact_values_are_bare_numbers_under_labels_that_name_their_unit():
    # The facts table shows "42" under "Age (years)" / "年龄(岁)": each label of a fact with a
    # unit names the unit itself, so no English unit word follows a number in the zh report
    # (it once read "42 year" and "1.5 percent").
    g = guideline()
    for name, fact in g.facts.items():
        if fact.unit:
            en, zh = fact.label.get("en").lower(), fact.label.get("zh")
            assert "(" in en or fact.unit.lower() in en, name
            assert "(" in zh or any(w in zh for w in ("周", "年", "月")), name
    for lang in ("en", "zh"):
        html = render_html(report("switch-rituximab", lang), charts=False)
        facts = html[html.index('<section class="facts">'):]
        facts = facts[:facts.index("</section>")]
        assert "year<" not in facts and "percent" not in facts and "mg/day<" not in facts
        assert ">38<" in facts and ">1.5<" in facts


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_flow_s_consistency_warning_is_in_the_report_s_language_under_its_title(lang):
    # Rec 6: HBV-DNA positive with HBsAg and anti-HBc negative is contraindicated (the
    # positive HBV-DNA decides); the hbv flow warns the results disagree. The zh report says so
    # in Chinese, named by the flow's title, never by its internal id "hbv".
    facts = dict(report("routine-start").patient.facts, hbv_dna="positive")
    rep = report(facts, lang)
    assert rep.ev.flows and any(r.flow == "hbv" and r.verdict == "contraindicated"
                                for r in rep.ev.flows)
    html = render_html(rep, charts=False)
    section = html[html.index('<section class="warnings">'):]
    section = section[:section.index("</section>")]
    title = rep.g.flows["hbv"].title.get(lang)
    said = {"en": "the positive HBV-DNA decides", "zh": "按HBV-DNA阳性判断"}[lang]
    assert f"{title}: " in section and said in section and "hbv: " not in section


def test_without_a_dated_plan_the_plan_flows_say_they_apply_only_if_treatment_follows():
    # Rec 6: HBV-DNA positive is contraindicated, so there is no dated plan; the dosing flow's
    # dosing outcome (rec 13: day 1, day 15, then every 6 months) must not read as an instruction.
    facts = dict(report("routine-start").patient.facts, hbv_dna="positive")
    for lang, said in (("en", "applies only if inebilizumab is given later"),
                       ("zh", "仅在日后使用伊奈利珠单抗时适用")):
        rep = report(facts, lang)
        assert rep.ev.overall.verdict == "contraindicated" and rep.plan.status != "planned"
        assert said in render_html(rep, charts=False)
        assert said not in render_html(report("routine-start", lang), charts=False)
