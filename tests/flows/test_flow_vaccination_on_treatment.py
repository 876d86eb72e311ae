"""Cases for the vaccination_on_treatment flow, written from recommendation 10 of the source."""

import pytest

import flows
from graph import type_facts
from render.results import evaluate

FLOW = "vaccination_on_treatment"
ON = {"vaccine_type": "inactivated", "on_inebilizumab": True, "urgent_vaccination": False}


def run(raw: dict):
    g = flows.guideline()
    return evaluate(g, type_facts("case", raw, g.facts, g.aliases), [FLOW]).flows[0]


COMPLETE = [
    # rec 10: no live vaccines on treatment or before B cells recover.
    pytest.param({"vaccine_type": "live", "on_inebilizumab": True}, "not_recommended",
                 "live_not_advised", id="rec10-live-on-treatment-not-recommended"),
    pytest.param({"vaccine_type": "live", "on_inebilizumab": True, "urgent_vaccination": True},
                 "not_recommended", "live_not_advised",
                 id="rec10-live-urgent-still-not-recommended"),
    pytest.param({"vaccine_type": "活疫苗", "on_inebilizumab": False,
                  "b_cells_recovered": False},
                 "not_recommended", "live_not_advised", id="rec10-live-b-cells-not-recovered"),
    pytest.param({"vaccine_type": "live", "on_inebilizumab": False, "b_cells_recovered": True},
                 "proceed", "live_allowed", id="rec10-live-off-treatment-b-cells-normal"),
    # rec 10: inactivated -> at least 12 weeks after an infusion and at least 4 before the next.
    pytest.param({**ON, "weeks_since_last_infusion": 11, "weeks_until_next_infusion": 10},
                 "defer", "too_soon_after", id="rec10-inactivated-11-weeks-after-defer"),
    pytest.param({**ON, "weeks_since_last_infusion": 12, "weeks_until_next_infusion": 14},
                 "proceed", "in_window", id="rec10-inactivated-12-weeks-after-proceed"),
    pytest.param({**ON, "weeks_since_last_infusion": 20, "weeks_until_next_infusion": 3},
                 "defer", "too_close_to_next", id="rec10-inactivated-3-weeks-before-defer"),
    pytest.param({**ON, "weeks_since_last_infusion": 20, "weeks_until_next_infusion": 4},
                 "proceed", "in_window", id="rec10-inactivated-4-weeks-before-proceed"),
    pytest.param({**ON, "weeks_since_last_infusion": "84 days", "weeks_until_next_infusion": 6},
                 "proceed", "in_window", id="rec10-inactivated-84-days-is-12-weeks"),
    pytest.param({**ON, "weeks_since_last_infusion": 1}, "defer", "too_soon_after",
                 id="rec10-inactivated-loading-phase-defer"),
    # rec 10: urgent -> neither waits for the other.
    pytest.param({**ON, "urgent_vaccination": True, "weeks_since_last_infusion": 2},
                 "proceed", "urgent_now", id="rec10-inactivated-urgent-now"),
    pytest.param({"vaccine_type": "inactivated", "on_inebilizumab": False}, "proceed",
                 "inactivated_off_treatment", id="rec10-inactivated-off-treatment"),
]


@pytest.mark.parametrize("raw, verdict, outcome", COMPLETE)
def test_complete(raw, verdict, outcome):
    r = run(raw)
    assert (r.status, r.verdict, r.subject) == ("complete", verdict, "vaccine")
    assert r.outcome == f"{FLOW}.{outcome}"
    assert 10 in r.recommendations


def test_not_applicable_without_a_vaccine():
    assert run({"on_inebilizumab": True}).status == "not_applicable"


def test_vaccine_verdict_never_makes_the_overall_verdict():
    """Rec 10 times the vaccine; it never holds back the infusion."""
    g = flows.guideline()
    known = type_facts("case", {"vaccine_type": "live", "on_inebilizumab": True}, g.facts,
                       g.aliases)
    overall = evaluate(g, known, [FLOW]).overall
    assert (overall.verdict, overall.complete) == (None, True)


INCOMPLETE = [
    pytest.param({"vaccine_type": "live"}, "on_inebilizumab", {"not_recommended", "proceed"},
                 id="rec10-live-treatment-status-missing"),
    pytest.param({"vaccine_type": "live", "on_inebilizumab": False}, "b_cells_recovered",
                 {"not_recommended", "proceed"}, id="rec10-live-b-cells-missing"),
    pytest.param({"vaccine_type": "inactivated", "on_inebilizumab": True}, "urgent_vaccination",
                 {"proceed", "defer"}, id="rec10-urgency-missing"),
    pytest.param(ON, "weeks_since_last_infusion", {"proceed", "defer"},
                 id="rec10-weeks-since-missing"),
    pytest.param({**ON, "weeks_since_last_infusion": 12}, "weeks_until_next_infusion",
                 {"proceed", "defer"}, id="rec10-weeks-until-missing"),
]


@pytest.mark.parametrize("raw, first_missing, verdicts", INCOMPLETE)
def test_incomplete(check_case, raw, first_missing, verdicts):
    check_case(FLOW, raw, "incomplete", None, None, first_missing, verdicts)


def test_every_outcome_has_a_case(outcome_ids):
    assert outcome_ids(FLOW) == {p.values[2] for p in COMPLETE}
