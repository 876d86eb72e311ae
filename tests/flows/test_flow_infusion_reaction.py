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
                 {"infusion_pause_slow", "infusion_symptomatic", "infusion_observation",
                  "premed_corticosteroid", "premed_antihistamine", "premed_antipyretic"},
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


# Tab 1: drug, dose, route and time before the infusion, one row per premedication.
TAB_1 = [("premed_corticosteroid", "methylprednisolone", "80-125 mg", "IV", "30 min before"),
         ("premed_antihistamine", "diphenhydramine", "25-50 mg", "by mouth", "30-60 min before"),
         ("premed_antipyretic", "acetaminophen", "500-650 mg", "by mouth", "30-60 min before")]


@pytest.mark.parametrize("flow,raw", [
    ("infusion_reaction", {"infusion_reaction": "non_serious"}),
    ("active_infection", {"active_infection": False}),
    ("dosing", {"age_years": 40, "plasma_exchange": "none"}),
    ("dosing", {"age_years": 10, "weight_kg": 30, "plasma_exchange": "none"}),
], ids=["rec23-after-a-non-serious-reaction", "rec12-rec5-before-every-infusion",
        "rec12-dosing-adult", "rec12-rec30-dosing-child-per-kg"])
def test_tab1_premedication_names_drug_dose_route_and_time(flow, raw):
    """Rec 12 and 23 with Tab 1: premedicate before every infusion."""
    g = flows.guideline()
    known = graph.type_facts("case", raw, g.facts, g.aliases)
    actions = {a.id: a for a in evaluate(g, known, [flow]).flows[0].actions}
    for action_id, drug, dose, route, when in TAB_1:
        action = actions[action_id]
        assert all(word in action.text.en for word in (drug, dose, route, "adult"))
        assert when in action.timing.en and set(action.recommendations) == {12, 23}
    assert ("premed_children_doses" in actions) is (raw.get("age_years", 99) < 18)


def test_reaction_severity_is_the_one_fact_asked():
    """Rec 23 has no incomplete case beyond the trigger: severity decides everything."""
    g = flows.guideline()
    assert g.flows[FLOW].facts_asked() == ["infusion_reaction"]
