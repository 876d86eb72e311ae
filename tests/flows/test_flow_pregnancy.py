"""Recommendation 27 (pregnancy) as a table of cases written from the source."""

import pytest

import flows
import graph
from render.results import evaluate

FLOW = "pregnancy"
F_PLAN = {"sex": "female", "pregnancy_status": "planning"}

# (facts, status, verdict, subject, outcome, missing[0], reachable verdicts)
CASES = [
    pytest.param({"sex": "female", "pregnancy_status": "not_planning"},
                 "complete", "proceed_with_precautions", "inebilizumab", "contraception",
                 None, None, id="rec27-woman-not-planning-contraception-6-months"),
    pytest.param({**F_PLAN, "months_since_last_dose": 1},
                 "complete", "defer", "conception", "wait_three_months", None, None,
                 id="rec27-planning-1-month-wait"),
    pytest.param({**F_PLAN, "months_since_last_dose": 2.9},
                 "complete", "defer", "conception", "wait_three_months", None, None,
                 id="rec27-planning-2.9-months-wait"),
    pytest.param({**F_PLAN, "months_since_last_dose": 3},
                 "complete", "consider", "conception", "may_try_to_conceive", None, None,
                 id="rec27-planning-3-months-may-try-with-consent"),
    pytest.param({**F_PLAN, "months_since_last_dose": "13 weeks"},
                 "complete", "defer", "conception", "wait_three_months", None, None,
                 id="rec27-planning-13-weeks-is-under-3-months-wait"),
    pytest.param({**F_PLAN, "months_since_last_dose": "14 weeks"},
                 "complete", "consider", "conception", "may_try_to_conceive", None, None,
                 id="rec27-planning-14-weeks-quantity-may-try"),
    pytest.param({**F_PLAN, "months_since_last_dose": 5.9},
                 "complete", "consider", "conception", "may_try_to_conceive", None, None,
                 id="rec27-planning-5.9-months-still-in-window"),
    pytest.param({**F_PLAN, "months_since_last_dose": 6},
                 "complete", "proceed", "inebilizumab", "next_dose_as_planned", None, None,
                 id="rec27-planning-6-months-not-pregnant-next-dose"),
    pytest.param({"sex": "female", "pregnancy_status": "pregnant"},
                 "complete", "not_recommended", "inebilizumab", "limit_in_pregnancy", None,
                 None, id="rec27-pregnant-limit-b-cell-depleters"),
    pytest.param({"sex": "female", "pregnancy_status": "postpartum"},
                 "complete", "proceed", "inebilizumab", "restart_after_delivery", None, None,
                 id="rec27-delivered-restart-at-once"),
    pytest.param({"sex": "male", "pregnancy_status": "planning"},
                 "complete", "proceed", "inebilizumab", "male_continue", None, None,
                 id="rec27-man-partner-trying-continue"),
    pytest.param({"sex": "男", "pregnancy_status": "not_planning"},
                 "complete", "proceed", "inebilizumab", "male_no_limit", None, None,
                 id="rec27-man-partner-not-planning-no-limit"),
    pytest.param({"sex": "male", "pregnancy_status": "pregnant"},
                 "complete", "proceed", "inebilizumab", "male_no_limit", None, None,
                 id="rec27-man-partner-pregnant-no-limit"),
    # rec 27: contraception concerns every woman on treatment, so a woman is asked her status.
    pytest.param({"sex": "female"},
                 "incomplete", None, None, None, "pregnancy_status",
                 {"proceed_with_precautions", "defer", "consider", "proceed", "not_recommended"},
                 id="rec27-woman-status-not-given-asks-it"),
    pytest.param({"sex": "male"},
                 "not_applicable", None, None, None, None, None,
                 id="rec27-man-without-status-not-applicable"),
    pytest.param({"months_since_last_dose": 4},
                 "not_applicable", None, None, None, None, None,
                 id="rec27-months-alone-not-applicable"),
    pytest.param({"pregnancy_status": "planning"},
                 "incomplete", None, None, None, "sex", {"defer", "consider", "proceed"},
                 id="rec27-planning-sex-unknown-asks-sex"),
    pytest.param({"pregnancy_status": "pregnant"},
                 "incomplete", None, None, None, "sex", {"not_recommended", "proceed"},
                 id="rec27-pregnant-sex-unknown-asks-sex"),
    pytest.param(F_PLAN,
                 "incomplete", None, None, None, "months_since_last_dose",
                 {"defer", "consider", "proceed"},
                 id="rec27-planning-asks-months-since-last-dose"),
]


@pytest.mark.parametrize(
    ("raw", "status", "verdict", "subject", "outcome", "missing", "reachable"), CASES)
def test_pregnancy(check_case, raw, status, verdict, subject, outcome, missing, reachable):
    check_case(FLOW, raw, status, verdict, outcome, missing, reachable, subject=subject)


def test_contraception_lasts_6_months_after_the_last_dose():
    g = flows.guideline()
    known = graph.type_facts("case", {"sex": "female", "pregnancy_status": "not_planning"},
                             g.facts, g.aliases)
    action = evaluate(g, known, [FLOW]).flows[0].actions[0]
    assert action.id == "pregnancy_contraception"
    assert "6 months after the last dose" in action.timing.en


def test_conception_window_carries_informed_consent_and_the_6_month_redose():
    """Rec 27: weigh benefit and risk with informed consent; redose at 6 months if not pregnant."""
    g = flows.guideline()
    known = graph.type_facts("case", {**F_PLAN, "months_since_last_dose": 4}, g.facts, g.aliases)
    ids = [a.id for a in evaluate(g, known, [FLOW]).flows[0].actions]
    assert ids == ["conception_informed_consent", "conception_try",
                   "conception_redose_at_six_months"]


def test_conception_verdicts_leave_the_overall_verdict_to_other_flows():
    g = flows.guideline()
    known = graph.type_facts("case", {**F_PLAN, "months_since_last_dose": 4}, g.facts, g.aliases)
    overall = evaluate(g, known, [FLOW]).overall
    assert (overall.verdict, overall.complete) == (None, True)
