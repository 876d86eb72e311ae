"""Recommendation 23 and Tab 1 (infusion reactions) as a table of cases written from the source."""

import pytest

import flows
import graph
from render.results import evaluate

FLOW = "infusion_reaction"

# (facts, status, verdict, outcome, action ids expected)
CASES = [
    pytest.param({"infusion_reaction": "life_threatening"},
                 "complete", "stop", "stop_permanently",
                 {"infusion_stop_permanently", "infusion_supportive_care"},
                 id="rec23-life-threatening-stop-permanently-supportive-care"),
    pytest.param({"infusion_reaction": "危及生命"},
                 "complete", "stop", "stop_permanently", {"infusion_stop_permanently"},
                 id="rec23-life-threatening-chinese-label-stop"),
    pytest.param({"infusion_reaction": "non_serious"},
                 "complete", "proceed_with_precautions", "manage_and_continue",
                 {"infusion_pause_slow", "infusion_symptomatic", "infusion_observe",
                  "infusion_premedication"},
                 id="rec23-non-serious-pause-slow-antihistamine"),
    pytest.param({"infusion_reaction": "serious"},
                 "complete", "consider", "serious_no_rule", set(),
                 id="rec23-serious-not-life-threatening-no-further-step"),
    pytest.param({"infusion_reaction": "none"},
                 "not_applicable", None, None, set(),
                 id="rec23-no-reaction-not-applicable"),
    pytest.param({},
                 "not_applicable", None, None, set(),
                 id="rec23-reaction-not-reported-not-applicable"),
]


@pytest.mark.parametrize(("raw", "status", "verdict", "outcome", "actions"), CASES)
def test_infusion_reaction(raw, status, verdict, outcome, actions):
    g = flows.guideline()
    known = graph.type_facts("case", raw, g.facts, g.aliases)
    result = evaluate(g, known, [FLOW]).flows[0]
    assert result.status == status
    assert result.verdict == verdict
    assert result.outcome == (f"{FLOW}.{outcome}" if outcome else None)
    assert actions <= {a.id for a in result.actions}
    assert result.missing == ()
    if status == "complete":
        assert result.subject == "inebilizumab"


def test_premedication_carries_tab1_doses():
    """Tab 1: methylprednisolone 80-125 mg IV 30 min before; diphenhydramine 25-50 mg and
    acetaminophen 500-650 mg by mouth 30-60 min before."""
    g = flows.guideline()
    known = graph.type_facts("case", {"infusion_reaction": "non_serious"}, g.facts, g.aliases)
    action = next(a for a in evaluate(g, known, [FLOW]).flows[0].actions
                  if a.id == "infusion_premedication")
    for dose in ("80-125 mg", "25-50 mg", "500-650 mg"):
        assert dose in action.text.en
    assert "30 min" in action.timing.en and "30-60 min" in action.timing.en
    assert set(action.recommendations) == {12, 23}


def test_reaction_severity_is_the_one_fact_asked():
    """Rec 23 has no incomplete case beyond the trigger: severity decides everything."""
    g = flows.guideline()
    assert g.flows[FLOW].facts_asked() == ["infusion_reaction"]
