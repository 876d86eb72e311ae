"""The whole patient (design §3): a stopping finding anywhere in the facts holds back the
overall verdict on inebilizumab, whichever flows were asked for.

A routine start-bundle patient (every start flow "proceed") gets one finding from the source
at a time; the expected verdict class comes from the recommendation named in each case id.
"""

from pathlib import Path

import pytest
import yaml

import flows
from graph import type_facts
from render.results import evaluate

G = flows.guideline()
START = list(G.bundles["start"].flows)
PROCEEDS = {"proceed", "proceed_with_precautions"}

CASES = yaml.safe_load((Path(__file__).parents[1] / "data" / "whole_patient.yaml")
                       .read_text(encoding="utf-8"))
ROUTINE = CASES["routine"]


def overall(raw: dict, flow_ids=START):
    """The overall result for ``raw`` (a fact given as None is left out)."""
    return evaluate(G, type_facts("case", raw, G.facts, G.aliases), list(flow_ids)).overall


def test_the_routine_patient_proceeds():
    o = overall(ROUTINE)
    assert (o.verdict, o.complete, o.also_from) == ("proceed", True, ())


FINDINGS = [pytest.param(c["finding"], c["flow"], c["verdict"], id=c["id"])
            for c in CASES["findings"]]


@pytest.mark.parametrize("finding, flow, verdict", FINDINGS)
def test_a_stricter_finding_is_never_under_an_overall_proceed(finding, flow, verdict):
    o = overall({**ROUTINE, **finding})
    assert o.complete and o.verdict == verdict
    assert o.verdict not in PROCEEDS
    if flow not in START:
        assert flow in o.also_from


@pytest.mark.parametrize("finding", [
    pytest.param({"pregnancy_status": "pregnant", "sex": None}, id="rec27-pregnant-sex-not-given"),
    pytest.param({"sex": "female"}, id="rec27-woman-pregnancy-status-not-given"),
    pytest.param({"pml_suspected": True}, id="rec24-pml-suspected-csf-pending"),
    pytest.param({"prior_therapy": "rituximab"}, id="rec19-switch-timing-unknown"),
])
def test_an_open_question_elsewhere_keeps_the_headline_open(finding):
    """A flow that applies but may still reach a stricter verdict leaves the overall open."""
    o = overall({**ROUTINE, **finding})
    assert not o.complete and o.verdict is None
    assert set(o.reachable) - PROCEEDS and o.also_from


@pytest.mark.parametrize("finding, flow", [
    pytest.param({"vaccine_type": "live", "on_inebilizumab": True}, "vaccination_on_treatment",
                 id="rec10-live-vaccine-waits-not-the-drug"),
    pytest.param({"refractory_severe": False}, "combination",
                 id="rec21-no-combination-is-about-the-add-on"),
    pytest.param({"sex": "female", "pregnancy_status": "planning", "months_since_last_dose": 1},
                 "pregnancy", id="rec27-conception-waits-not-the-drug"),
    pytest.param({"comorbid_autoimmune": "other"}, "comorbid_autoimmune",
                 id="rec25-other-comorbidity-is-a-point-for-the-plan"),
    pytest.param({"breastfeeding": True, "urgent_treatment_needed": False}, "breastfeeding",
                 id="rec28-breastfeeding-is-its-own-question"),
])
def test_verdicts_about_something_else_do_not_hold_the_drug_back(finding, flow):
    """Rec 10, 21, 25, 27, 28: these verdicts concern a vaccine, an add-on, conception, the plan
    or breastfeeding; the drug's overall verdict stays that of the routine start."""
    o = overall({**ROUTINE, **finding})
    assert o.complete and o.verdict in PROCEEDS and flow not in o.also_from


def test_a_narrow_selection_still_sees_a_stopping_finding():
    """`--flow hbv` alone: JC virus in the CSF (rec 24) still holds the overall verdict."""
    o = overall({**ROUTINE, "pml_suspected": True, "csf_jcv_pcr": "positive"}, ["hbv"])
    assert (o.verdict, o.also_from) == ("stop", ("pml",))
