"""Cases for the immunoglobulin flow, written from recommendations 8 and 14 of the source."""

import pytest

import flows
from graph import type_facts
from render.results import evaluate

FLOW = "immunoglobulin"


def run(raw: dict):
    g = flows.guideline()
    return evaluate(g, type_facts("case", raw, g.facts, g.aliases), [FLOW]).flows[0]


COMPLETE = [
    # rec 8: IgG below 500 mg/dL -> individual plan; high infection risk -> IgG replacement.
    pytest.param({"serum_igg_mg_dl": 499, "high_infection_risk": True},
                 "proceed_with_precautions", "low_igg_replacement",
                 id="rec8-igg-499-high-risk-replacement"),
    pytest.param({"serum_igg_mg_dl": "4.99 g/L", "high_infection_risk": True},
                 "proceed_with_precautions", "low_igg_replacement",
                 id="rec8-igg-4.99-g-per-l-is-below-500"),
    pytest.param({"serum_igg_mg_dl": 499, "high_infection_risk": False},
                 "proceed_with_precautions", "low_igg_assess",
                 id="rec8-igg-499-not-high-risk-specialist"),
    pytest.param({"serum_igg_mg_dl": 120, "high_infection_risk": False},
                 "proceed_with_precautions", "low_igg_assess", id="rec8-igg-120-specialist"),
    # 500 mg/dL is not below 500: no IgG measure; re-test every 6 months (rec 14).
    pytest.param({"serum_igg_mg_dl": 500}, "proceed", "normal", id="rec8-igg-500-proceed"),
    pytest.param({"serum_igg_mg_dl": "5 g/L", "high_infection_risk": True}, "proceed", "normal",
                 id="rec8-igg-5-g-per-l-proceed"),
    pytest.param({"serum_igg_mg_dl": "6.1 g/L"}, "proceed", "normal", id="rec8-igg-6.1-g-per-l"),
]


@pytest.mark.parametrize("raw, verdict, outcome", COMPLETE)
def test_complete(raw, verdict, outcome):
    r = run(raw)
    assert (r.status, r.verdict, r.subject) == ("complete", verdict, "inebilizumab")
    assert r.outcome == f"{FLOW}.{outcome}"
    assert 8 in r.recommendations


def test_replacement_only_for_high_risk():
    """Rec 8: the IgG replacement step belongs to the high-infection-risk branch."""
    high = [a.id for a in run({"serum_igg_mg_dl": 400, "high_infection_risk": True}).actions]
    low = [a.id for a in run({"serum_igg_mg_dl": 400, "high_infection_risk": False}).actions]
    assert "igg_replacement" in high and "igg_replacement" not in low


def test_recheck_every_6_months():
    """Rec 14: serum immunoglobulins every 6 months."""
    actions = run({"serum_igg_mg_dl": 800}).actions
    assert any("every 6 months" in a.timing.en and 14 in a.recommendations for a in actions)


INCOMPLETE = [
    pytest.param({}, "serum_igg_mg_dl", {"proceed", "proceed_with_precautions"},
                 id="rec8-igg-missing"),
    pytest.param({"high_infection_risk": True}, "serum_igg_mg_dl",
                 {"proceed", "proceed_with_precautions"}, id="rec8-igg-missing-risk-known"),
    pytest.param({"serum_igg_mg_dl": 499}, "high_infection_risk", {"proceed_with_precautions"},
                 id="rec8-igg-499-risk-missing"),
]


@pytest.mark.parametrize("raw, first_missing, verdicts", INCOMPLETE)
def test_incomplete(check_case, raw, first_missing, verdicts):
    check_case(FLOW, raw, "incomplete", None, None, first_missing, verdicts)


def test_every_outcome_has_a_case(outcome_ids):
    assert outcome_ids(FLOW) == {p.values[2] for p in COMPLETE}
