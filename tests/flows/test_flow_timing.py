"""Cases for the timing flow, written from recommendation 4 (with rec 13 and 18) of the source."""

import pytest

import flows
from graph import type_facts
from render.results import evaluate

FLOW = "timing"
ACUTE = {"acute_attack": True}


def run(raw: dict):
    g = flows.guideline()
    return evaluate(g, type_facts("case", raw, g.facts, g.aliases), [FLOW]).flows[0]


COMPLETE = [
    # rec 4: maintenance starts as early as possible.
    pytest.param({"acute_attack": False}, "proceed", "start_early", 4,
                 id="rec4-no-attack-start-early"),
    # rec 4: start once the IV pulse has been stepped down to oral steroids.
    pytest.param({**ACUTE, "acute_treatment_stage": "oral_taper"}, "proceed", "start_on_oral", 4,
                 id="rec4-oral-taper-start"),
    pytest.param({**ACUTE, "acute_treatment_stage": "oral_taper"}, "proceed", "start_on_oral", 18,
                 id="rec18-oral-steroid-overlap-cited"),
    pytest.param({**ACUTE, "acute_treatment_stage": "iv_pulse", "critically_ill": False},
                 "defer", "wait_for_oral", 4, id="rec4-iv-pulse-defer"),
    pytest.param({**ACUTE, "acute_treatment_stage": "IVMP", "critically_ill": True,
                  "poor_response_to_acute_therapy": False}, "defer", "wait_for_oral", 4,
                 id="rec4-critical-but-responding-defer"),
    pytest.param({**ACUTE, "acute_treatment_stage": "plasma_exchange", "critically_ill": False},
                 "defer", "wait_for_oral", 13, id="rec13-during-plasma-exchange-defer"),
    pytest.param({**ACUTE, "acute_treatment_stage": "ivig", "critically_ill": False},
                 "defer", "wait_for_oral", 4, id="rec4-ivig-defer"),
    # rec 4: rescue use only when critically ill and responding poorly.
    pytest.param({**ACUTE, "acute_treatment_stage": "iv_pulse", "critically_ill": True,
                  "poor_response_to_acute_therapy": True}, "consider", "rescue", 4,
                 id="rec4-critical-poor-response-rescue-consider"),
    pytest.param({**ACUTE, "acute_treatment_stage": "plasma_exchange", "critically_ill": True,
                  "poor_response_to_acute_therapy": True}, "consider", "rescue", 13,
                 id="rec4-rec13-rescue-during-plasma-exchange-consider"),
    # rec 13: no infusion during plasma exchange, whatever the route (an override).
    pytest.param({"acute_attack": False, "plasma_exchange": "planned"}, "defer",
                 "during_exchange", 13, id="rec13-exchange-planned-defers-first-infusion"),
    pytest.param({**ACUTE, "acute_treatment_stage": "plasma_exchange", "critically_ill": True,
                  "poor_response_to_acute_therapy": True, "plasma_exchange": "planned"},
                 "defer", "during_exchange", 13, id="rec13-rescue-waits-for-the-exchange-to-end"),
    # rec 4: an IV pulse recorded while "no acute attack" is answered: wait, as in an attack.
    pytest.param({"acute_attack": False, "acute_treatment_stage": "iv_pulse"}, "defer",
                 "wait_for_oral", 4, id="rec4-iv-pulse-recorded-despite-no-attack-waits"),
]


@pytest.mark.parametrize("raw, verdict, outcome, rec", COMPLETE)
def test_complete(raw, verdict, outcome, rec):
    r = run(raw)
    assert (r.status, r.verdict, r.subject) == ("complete", verdict, "inebilizumab")
    assert r.outcome == f"{FLOW}.{outcome}"
    assert rec in r.recommendations


def test_taper_is_not_hurried():
    """Rec 4: the oral steroid taper is not sped up because inebilizumab started."""
    r = run({**ACUTE, "acute_treatment_stage": "oral_taper"})
    assert "timing_slow_taper" in [a.id for a in r.actions]


def test_no_infusion_during_plasma_exchange_on_rescue():
    """Rec 13: even a rescue infusion is not given during a plasma exchange course."""
    r = run({**ACUTE, "acute_treatment_stage": "plasma_exchange", "critically_ill": True,
             "poor_response_to_acute_therapy": True})
    assert "timing_no_infusion_during_plex" in [a.id for a in r.actions]


def test_rec13_no_exchange_warning_unless_the_stage_is_plasma_exchange():
    """Rec 13 speaks of plasma exchange: an IV pulse or IVIg stage does not carry its warning."""
    for stage, shown in (("iv_pulse", False), ("ivig", False), ("plasma_exchange", True)):
        r = run({**ACUTE, "acute_treatment_stage": stage, "critically_ill": False})
        assert ("timing_no_infusion_during_plex" in [a.id for a in r.actions]) is shown, stage


@pytest.mark.parametrize("raw", [
    pytest.param({"acute_attack": False}, id="rec4-no-attack"),
    pytest.param({**ACUTE, "acute_treatment_stage": "iv_pulse", "critically_ill": True,
                  "poor_response_to_acute_therapy": True}, id="rec4-rescue"),
])
def test_rec4_rec18_every_new_start_gets_the_oral_steroid_bridge(raw):
    """Rec 4: oral steroids alongside the start of a B-cell depleter, tapered slowly; rec 18:
    at least 6 months of overlap."""
    bridge = next(a for a in run(raw).actions if a.id == "start_oral_steroid_bridge")
    assert set(bridge.recommendations) == {4, 18} and "at least 6 months" in bridge.timing.en


INCOMPLETE = [
    pytest.param({}, "acute_attack", {"proceed", "defer", "consider"},
                 id="rec4-nothing-known-asks-attack"),
    pytest.param(ACUTE, "acute_treatment_stage", {"proceed", "defer", "consider"},
                 id="rec4-stage-missing"),
    pytest.param({**ACUTE, "acute_treatment_stage": "iv_pulse"}, "critically_ill",
                 {"defer", "consider"}, id="rec4-critically-ill-missing"),
    pytest.param({**ACUTE, "acute_treatment_stage": "iv_pulse", "critically_ill": True},
                 "poor_response_to_acute_therapy", {"defer", "consider"},
                 id="rec4-response-missing"),
]


@pytest.mark.parametrize("raw, first_missing, verdicts", INCOMPLETE)
def test_incomplete(check_case, raw, first_missing, verdicts):
    check_case(FLOW, raw, "incomplete", None, None, first_missing, verdicts)


def test_every_outcome_has_a_case(outcome_ids):
    assert outcome_ids(FLOW) == {p.values[2] for p in COMPLETE}
