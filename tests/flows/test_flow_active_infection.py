"""Cases for the active_infection flow, written from recommendation 5 of the source."""

import pytest

import flows
from graph import type_facts
from render.results import evaluate

FLOW = "active_infection"


def run(raw: dict):
    g = flows.guideline()
    return evaluate(g, type_facts("case", raw, g.facts, g.aliases), [FLOW]).flows[0]


COMPLETE = [
    # rec 5: an active infection before an infusion waits until controlled.
    pytest.param({"active_infection": True}, "defer", "wait", id="rec5-active-infection-defer"),
    pytest.param({"active_infection": "是"}, "defer", "wait",
                 id="rec5-active-infection-chinese-yes"),
    pytest.param({"active_infection": False}, "proceed", "no_infection",
                 id="rec5-no-active-infection-proceed"),
]


@pytest.mark.parametrize("raw, verdict, outcome", COMPLETE)
def test_complete(raw, verdict, outcome):
    r = run(raw)
    assert (r.status, r.verdict, r.subject) == ("complete", verdict, "inebilizumab")
    assert r.outcome == f"{FLOW}.{outcome}"
    assert 5 in r.recommendations


def test_missing_fact_never_defaults():
    r = run({})
    assert r.status == "incomplete" and r.missing[0] == "active_infection"
    assert {v for _, v in r.reachable} == {"defer", "proceed"}


def test_every_outcome_has_a_case(outcome_ids):
    assert outcome_ids(FLOW) == {p.values[2] for p in COMPLETE}
