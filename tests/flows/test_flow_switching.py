"""Recommendations 17-20 (switching to inebilizumab) as a table of cases written from the source."""

import pytest

import flows
import graph
from render.results import evaluate

FLOW = "switching"
PPP = "proceed_with_precautions"


def case(raw, status, verdict=None, outcome=None, missing=None, reachable=None, *, id):
    return pytest.param(raw, status, verdict, outcome, missing, reachable, id=id)


NO_STEROIDS = {"on_oral_corticosteroids": False}
STEROIDS = {"on_oral_corticosteroids": True}

CASES = [
    # rec 18: conventional immunosuppressants; rec 17's reasons are open ("including"), so the
    # reason never blocks the switch and rec 18's procedure applies whatever it is.
    case({"prior_therapy": "azathioprine", "switch_reason": "relapse",
          "refractory_severe": False, **NO_STEROIDS},
         "complete", PPP, "overlap_3_months", id="rec18-azathioprine-no-washout-overlap-3-months"),
    case({"prior_therapy": "MMF", "switch_reason": "adverse_effects",
          "refractory_severe": False, **STEROIDS},
         "complete", PPP, "overlap_3_months_steroids",
         id="rec18-mycophenolate-on-oral-steroids-overlap-6-months"),
    case({"prior_therapy": "other_immunosuppressant", "switch_reason": "patient_preference",
          "refractory_severe": True, **NO_STEROIDS},
         "complete", PPP, "overlap_3_to_6_months",
         id="rec18-rec21-refractory-severe-combine-3-to-6-months"),
    case({"prior_therapy": "azathioprine", "switch_reason": "relapse",
          "refractory_severe": True, **STEROIDS},
         "complete", PPP, "overlap_3_to_6_months_steroids",
         id="rec18-refractory-and-oral-steroids"),
    case({"prior_therapy": "azathioprine", "switch_reason": "convenience",
          "refractory_severe": False, **NO_STEROIDS},
         "complete", PPP, "overlap_3_months",
         id="rec17-rec18-convenience-from-azathioprine-still-overlaps"),
    case({"prior_therapy": "azathioprine", "refractory_severe": False, **NO_STEROIDS},
         "complete", PPP, "overlap_3_months", id="rec17-reason-not-needed-for-rec18"),
    # rec 19: anti-CD20 drugs, at the next planned dose or CD19+ >= 1%, whichever comes first
    case({"prior_therapy": "rituximab", "switch_reason": "relapse", "cd19_b_cells_percent": 1,
          **NO_STEROIDS},
         "complete", "proceed", "anti_cd20_switch_now", id="rec19-rituximab-cd19-1-percent-switch"),
    case({"prior_therapy": "rituximab", "switch_reason": "adverse_effects",
          "cd19_b_cells_percent": "1.0 %", **NO_STEROIDS},
         "complete", "proceed", "anti_cd20_switch_now",
         id="rec19-rituximab-cd19-1.0-percent-quantity-switch"),
    case({"prior_therapy": "other_anti_cd20", "switch_reason": "patient_preference",
          "cd19_b_cells_percent": 6, **NO_STEROIDS},
         "complete", "proceed", "anti_cd20_switch_now", id="rec19-other-anti-cd20-cd19-6-switch"),
    case({"prior_therapy": "ofatumumab", "cd19_b_cells_percent": 0.9,
          "prior_next_dose_due": True, **NO_STEROIDS},
         "complete", "proceed", "anti_cd20_switch_now",
         id="rec19-ofatumumab-cd19-0.9-next-dose-due-switch"),
    case({"prior_therapy": "rituximab", "prior_next_dose_due": True, **NO_STEROIDS},
         "complete", "proceed", "anti_cd20_switch_now",
         id="rec19-dose-due-cd19-not-needed"),
    case({"prior_therapy": "rituximab", "prior_next_dose_due": True, **STEROIDS},
         "complete", PPP, "anti_cd20_switch_now_steroids",
         id="rec18-rec19-rituximab-on-oral-steroids-overlap-6-months"),
    case({"prior_therapy": "rituximab", "switch_reason": "adverse_effects",
          "cd19_b_cells_percent": 0.9, "prior_next_dose_due": False},
         "complete", "defer", "anti_cd20_wait", id="rec19-rituximab-cd19-0.9-dose-not-due-wait"),
    case({"prior_therapy": "rituximab", "switch_reason": "convenience",
          "cd19_b_cells_percent": 0.2, "prior_next_dose_due": False},
         "complete", "defer", "anti_cd20_wait",
         id="rec17-rec19-convenience-from-rituximab-waits-like-any-reason"),
    case({"prior_therapy": "rituximab", "switch_reason": "convenience",
          "prior_next_dose_due": True, **NO_STEROIDS},
         "complete", "proceed", "anti_cd20_switch_now",
         id="rec17-rec19-convenience-from-rituximab-dose-due-switch"),
    # rec 20: satralizumab and eculizumab
    case({"prior_therapy": "satralizumab", "switch_reason": "relapse", **NO_STEROIDS},
         "complete", "proceed", "switch_at_once", id="rec20-satralizumab-relapse-switch-at-once"),
    case({"prior_therapy": "eculizumab", "switch_reason": "relapse", **NO_STEROIDS},
         "complete", "proceed", "switch_at_once", id="rec20-eculizumab-relapse-switch-at-once"),
    case({"prior_therapy": "eculizumab", "switch_reason": "relapse", **STEROIDS},
         "complete", PPP, "switch_at_once_steroids",
         id="rec18-rec20-eculizumab-relapse-on-oral-steroids"),
    case({"prior_therapy": "satralizumab", "switch_reason": "convenience",
          "prior_next_dose_due": True, **NO_STEROIDS},
         "complete", "proceed", "switch_on_schedule",
         id="rec20-satralizumab-convenience-dose-due-switch"),
    case({"prior_therapy": "satralizumab", "switch_reason": "convenience",
          "prior_next_dose_due": True, **STEROIDS},
         "complete", PPP, "switch_on_schedule_steroids",
         id="rec18-rec20-satralizumab-on-oral-steroids-overlap-6-months"),
    case({"prior_therapy": "satralizumab", "switch_reason": "adverse_effects",
          "prior_next_dose_due": False},
         "complete", "defer", "satralizumab_wait",
         id="rec20-satralizumab-adverse-effects-wait-next-dose"),
    case({"prior_therapy": "eculizumab", "switch_reason": "patient_preference",
          "prior_next_dose_due": False},
         "complete", "defer", "eculizumab_wait", id="rec20-eculizumab-preference-wait-next-dose"),
    case({"prior_therapy": "eculizumab", "switch_reason": "adverse_effects",
          "prior_next_dose_due": True, **NO_STEROIDS},
         "complete", "proceed", "switch_on_schedule",
         id="rec20-eculizumab-adverse-effects-dose-due-switch"),
    # rec 17: drugs outside rec 18-20
    case({"prior_therapy": "other"},
         "complete", "consider", "other_drug", id="rec17-other-drug-no-procedure"),
    # trigger
    case({"prior_therapy": "none", "switch_reason": "relapse"}, "not_applicable",
         id="rec17-no-prior-therapy-not-applicable"),
    case({"switch_reason": "relapse", "cd19_b_cells_percent": 2}, "not_applicable",
         id="rec17-prior-therapy-not-given-not-applicable"),
    # incomplete
    case({"prior_therapy": "azathioprine"}, "incomplete",
         missing="refractory_severe", reachable={PPP}, id="rec18-asks-refractory-severe"),
    case({"prior_therapy": "azathioprine", "switch_reason": "relapse",
          "refractory_severe": False}, "incomplete",
         missing="on_oral_corticosteroids", reachable={PPP}, id="rec18-asks-oral-steroids"),
    case({"prior_therapy": "rituximab", "switch_reason": "relapse"}, "incomplete",
         missing="prior_next_dose_due", reachable={"proceed", PPP, "defer"},
         id="rec19-rituximab-asks-whether-the-dose-is-due-first"),
    case({"prior_therapy": "rituximab", "switch_reason": "relapse", "cd19_b_cells_percent": 0.5},
         "incomplete", missing="prior_next_dose_due", reachable={"proceed", PPP, "defer"},
         id="rec19-cd19-below-1-asks-next-dose"),
    case({"prior_therapy": "rituximab", "prior_next_dose_due": False},
         "incomplete", missing="cd19_b_cells_percent", reachable={"proceed", PPP, "defer"},
         id="rec19-dose-not-due-asks-cd19"),
    case({"prior_therapy": "rituximab", "cd19_b_cells_percent": 2}, "incomplete",
         missing="on_oral_corticosteroids", reachable={"proceed", PPP},
         id="rec18-rec19-cd19-enough-asks-oral-steroids"),
    case({"prior_therapy": "satralizumab"}, "incomplete", missing="switch_reason",
         reachable={"proceed", PPP, "defer"}, id="rec20-satralizumab-asks-reason"),
    case({"prior_therapy": "eculizumab", "switch_reason": "convenience"}, "incomplete",
         missing="prior_next_dose_due", reachable={"proceed", PPP, "defer"},
         id="rec20-eculizumab-convenience-asks-next-dose"),
]


@pytest.mark.parametrize(("raw", "status", "verdict", "outcome", "missing", "reachable"), CASES)
def test_switching(check_case, raw, status, verdict, outcome, missing, reachable):
    check_case(FLOW, raw, status, verdict, outcome, missing, reachable, subject="inebilizumab")


def _actions(raw):
    g = flows.guideline()
    known = graph.type_facts("case", raw, g.facts, g.aliases)
    return {a.id: a for a in evaluate(g, known, [FLOW]).flows[0].actions}


def test_anti_cd20_switch_keeps_day_1_and_day_15_loading_doses():
    """Rec 19: the loading dose (a second 300 mg on day 15) is still given."""
    action = _actions({"prior_therapy": "rituximab", "switch_reason": "relapse",
                       "cd19_b_cells_percent": 3, **NO_STEROIDS})["switch_loading_doses"]
    assert "300 mg" in action.text.en and "day 15" in action.text.en
    assert 19 in action.recommendations


def test_conventional_overlap_is_at_least_3_months_and_steroids_at_least_6():
    actions = _actions({"prior_therapy": "azathioprine", "switch_reason": "relapse",
                        "refractory_severe": False, "on_oral_corticosteroids": True})
    assert actions["switch_overlap_3_months"].timing.en == "overlap of at least 3 months"
    assert "at least 6 months" in actions["switch_keep_oral_steroids"].timing.en
    assert "switch_no_washout" in actions


def test_refractory_combination_lasts_3_to_6_months():
    actions = _actions({"prior_therapy": "azathioprine", "switch_reason": "relapse",
                        "refractory_severe": True, "on_oral_corticosteroids": False})
    assert actions["switch_combine_3_to_6_months"].timing.en == "for 3-6 months"


@pytest.mark.parametrize(("drug", "interval"), [("satralizumab", "every 4 weeks"),
                                                ("eculizumab", "every 2 weeks")],
                         ids=["rec20-satralizumab-every-4-weeks", "rec20-eculizumab-every-2-weeks"])
def test_waiting_names_the_prior_drug_interval(drug, interval):
    actions = _actions({"prior_therapy": drug, "switch_reason": "adverse_effects",
                        "prior_next_dose_due": False})
    assert interval in actions[f"switch_wait_{drug}"].timing.en


def test_every_outcome_has_a_case(outcome_ids):
    covered = {p.values[3] for p in CASES if p.values[3]}
    assert outcome_ids(FLOW) - covered == {"no_prior_therapy"}  # unreachable: the trigger
