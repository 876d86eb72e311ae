"""Cases for the monitoring flow, written from recommendations 14 and 16 of the source."""

import pytest

import flows
from graph import type_facts
from render.results import evaluate

FLOW = "monitoring"


def run(raw: dict):
    g = flows.guideline()
    return evaluate(g, type_facts("case", raw, g.facts, g.aliases), [FLOW]).flows[0]


COMPLETE = [
    pytest.param({"high_monitoring_risk": False}, "proceed", "routine", "at least once a year",
                 id="rec14-routine-yearly-infection-tests"),
    pytest.param({"high_monitoring_risk": True}, "proceed_with_precautions", "closer",
                 "at least twice a year", id="rec14-high-risk-twice-a-year"),
]


@pytest.mark.parametrize("raw, verdict, outcome, infection_timing", COMPLETE)
def test_complete(raw, verdict, outcome, infection_timing):
    r = run(raw)
    assert (r.status, r.verdict, r.subject) == ("complete", verdict, "plan")
    assert r.outcome == f"{FLOW}.{outcome}"
    acts = {a.id.removesuffix("_closer"): a for a in r.actions}
    assert acts["monitor_infections"].timing.en.startswith(infection_timing)
    # rec 14: immunoglobulins every 6 months; rec 16: optional AQP4-IgG, e.g. every 6 months.
    assert acts["monitor_immunoglobulins"].timing.en.startswith("every 6 months")
    assert acts["monitor_aqp4"].text.en.startswith("Optional")
    assert 16 in acts["monitor_aqp4"].recommendations and 14 in r.recommendations


def test_missing_risk_is_asked_but_never_blocks_the_overall_verdict():
    g = flows.guideline()
    ev = evaluate(g, {}, [FLOW])
    assert ev.flows[0].status == "incomplete" and ev.flows[0].missing[0] == "high_monitoring_risk"
    assert {v for _, v in ev.flows[0].reachable} == {"proceed", "proceed_with_precautions"}
    assert (ev.overall.verdict, ev.overall.complete) == (None, True)


def test_every_outcome_has_a_case(outcome_ids):
    assert outcome_ids(FLOW) == {p.values[2] for p in COMPLETE}
