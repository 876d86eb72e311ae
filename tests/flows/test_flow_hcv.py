"""Cases for the hcv flow, written from recommendations 5 and 14 of the source."""

import pytest

import flows
from graph import type_facts
from render.results import evaluate

FLOW = "hcv"


def run(raw: dict):
    g = flows.guideline()
    return evaluate(g, type_facts("case", raw, g.facts, g.aliases), [FLOW]).flows[0]


COMPLETE = [
    # rec 5 screens; rec 14 re-tests at least yearly.
    pytest.param({"hcv_screen": "negative"}, "proceed", "negative", 14,
                 id="rec5-rec14-negative-proceed-yearly-retest"),
    pytest.param({"hcv_screen": "阴性"}, "proceed", "negative", 5,
                 id="rec5-negative-chinese-word"),
    # No HCV rule: an active infection waits by rec 5's general rule.
    pytest.param({"hcv_screen": "positive", "hcv_active": True}, "defer", "active_defer", 5,
                 id="rec5-active-hcv-defer"),
    # Positive but not active: the source gives no further step.
    pytest.param({"hcv_screen": "阳性", "hcv_active": False}, "consider",
                 "positive_not_active", 5,
                 id="rec5-positive-not-active-no-rule-consider"),
]


@pytest.mark.parametrize("raw, verdict, outcome, rec", COMPLETE)
def test_complete(raw, verdict, outcome, rec):
    r = run(raw)
    assert (r.status, r.verdict, r.subject) == ("complete", verdict, "inebilizumab")
    assert r.outcome == f"{FLOW}.{outcome}"
    assert rec in r.recommendations


def test_negative_screen_retests_yearly():
    """Rec 14: HCV is re-tested at least once a year after starting."""
    actions = run({"hcv_screen": "negative"}).actions
    assert any("once a year" in a.timing.en and 14 in a.recommendations for a in actions)


def test_rec5_active_infection_defers_even_after_a_negative_screen_and_is_warned():
    """Rec 5: an active infection waits until it is controlled, whatever the screen said."""
    g = flows.guideline()
    known = type_facts("case", {"hcv_screen": "negative", "hcv_active": True}, g.facts, g.aliases)
    ev = evaluate(g, known, [FLOW])
    assert ev.flows[0].verdict == "defer"
    assert ev.flows[0].trace.override == "hcv.active_hcv_whatever_screen"
    assert len(ev.warnings) == 1 and ev.warnings[0].startswith("hcv:")


INCOMPLETE = [
    pytest.param({}, "hcv_screen", {"proceed", "defer", "consider"}, id="rec5-screen-missing"),
    pytest.param({"hcv_screen": "positive"}, "hcv_active", {"defer", "consider"},
                 id="rec5-positive-activity-missing"),
]


@pytest.mark.parametrize("raw, first_missing, verdicts", INCOMPLETE)
def test_incomplete(check_case, raw, first_missing, verdicts):
    check_case(FLOW, raw, "incomplete", None, None, first_missing, verdicts)


def test_every_outcome_has_a_case(outcome_ids):
    assert outcome_ids(FLOW) == {p.values[2] for p in COMPLETE}
