"""Cases for the vaccination flow, written from recommendation 9 (and rec 10) of the source."""

import pytest

import flows
from graph import type_facts
from render.results import evaluate

FLOW = "vaccination"


def run(raw: dict):
    g = flows.guideline()
    return evaluate(g, type_facts("case", raw, g.facts, g.aliases), [FLOW]).flows[0]


COMPLETE = [
    # rec 9: routine vaccines done at least 4 weeks ahead -> no wait.
    pytest.param({"vaccinations_up_to_date": True, "high_infection_risk": False}, "proceed",
                 "ready", id="rec9-up-to-date-proceed"),
    # rec 9: high infection risk -> pneumococcal, zoster, influenza, COVID-19 vaccines first.
    pytest.param({"vaccinations_up_to_date": True, "high_infection_risk": True},
                 "proceed_with_precautions", "extra_vaccines", id="rec9-high-risk-extra-vaccines"),
    # rec 9: outstanding vaccines -> vaccinate, start at least 4 weeks later ...
    pytest.param({"vaccinations_up_to_date": False, "urgent_treatment_needed": False}, "defer",
                 "vaccinate_first", id="rec9-not-up-to-date-defer-4-weeks"),
    pytest.param({"vaccinations_up_to_date": False, "urgent_treatment_needed": False,
                  "high_infection_risk": True}, "defer", "vaccinate_first",
                 id="rec9-not-up-to-date-high-risk-defer"),
    # ... unless highly active disease needs urgent treatment.
    pytest.param({"vaccinations_up_to_date": False, "urgent_treatment_needed": True},
                 "proceed_with_precautions", "urgent_start", id="rec9-urgent-no-wait"),
]


@pytest.mark.parametrize("raw, verdict, outcome", COMPLETE)
def test_complete(raw, verdict, outcome):
    r = run(raw)
    assert (r.status, r.verdict, r.subject) == ("complete", verdict, "inebilizumab")
    assert r.outcome == f"{FLOW}.{outcome}"
    assert 9 in r.recommendations


def test_four_week_gap_is_carried():
    actions = run({"vaccinations_up_to_date": False, "urgent_treatment_needed": False}).actions
    assert any("at least 4 weeks" in a.timing.en for a in actions)


def test_high_risk_vaccines_named():
    actions = run({"vaccinations_up_to_date": True, "high_infection_risk": True}).actions
    text = " ".join(a.text.en for a in actions).lower()
    for vaccine in ("pneumococcal", "zoster", "influenza", "covid-19"):
        assert vaccine in text


def test_urgent_start_catches_up_under_rec10():
    r = run({"vaccinations_up_to_date": False, "urgent_treatment_needed": True})
    assert 10 in r.recommendations


INCOMPLETE = [
    pytest.param({}, "vaccinations_up_to_date", {"proceed", "proceed_with_precautions", "defer"},
                 id="rec9-history-missing"),
    pytest.param({"vaccinations_up_to_date": True}, "high_infection_risk",
                 {"proceed", "proceed_with_precautions"}, id="rec9-risk-missing"),
    pytest.param({"vaccinations_up_to_date": False, "high_infection_risk": True},
                 "urgent_treatment_needed", {"proceed_with_precautions", "defer"},
                 id="rec9-urgency-missing"),
]


@pytest.mark.parametrize("raw, first_missing, verdicts", INCOMPLETE)
def test_incomplete(check_case, raw, first_missing, verdicts):
    check_case(FLOW, raw, "incomplete", None, None, first_missing, verdicts)


def test_every_outcome_has_a_case(outcome_ids):
    assert outcome_ids(FLOW) == {p.values[2] for p in COMPLETE}
