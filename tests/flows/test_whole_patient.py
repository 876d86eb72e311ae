"""The whole patient (design §3): a stopping finding anywhere in the facts holds back the
overall verdict on inebilizumab, whichever flows were asked for.

A routine start-bundle patient (every start flow "proceed") gets one finding from the source
at a time; the expected verdict class comes from the recommendation named in each case id.
"""

import pytest

import flows
from graph import type_facts
from render.results import evaluate

G = flows.guideline()
START = list(G.bundles["start"].flows)
PROCEEDS = {"proceed", "proceed_with_precautions"}

# A routine start: eligible adult, no acute attack, every screen negative, IgG normal,
# vaccines done, no PCP risk factor, a man (so the pregnancy flow does not apply).
ROUTINE = {
    "age_years": 40, "sex": "male", "diagnosis": "nmosd", "aqp4_igg": "positive",
    "acute_attack": False, "hbsag": "negative", "anti_hbc": "negative", "tb_screen": "negative",
    "hcv_screen": "negative", "active_infection": False, "serum_igg_mg_dl": 1000,
    "vaccinations_up_to_date": True, "high_infection_risk": False, "aids": False,
    "diabetes": False, "immunosuppressant_count": 0, "steroid_mg_per_day": 0,
}


def overall(raw: dict, flow_ids=START):
    """The overall result for ``raw`` (a fact given as None is left out)."""
    return evaluate(G, type_facts("case", raw, G.facts, G.aliases), list(flow_ids)).overall


def test_the_routine_patient_proceeds():
    o = overall(ROUTINE)
    assert (o.verdict, o.complete, o.also_from) == ("proceed", True, ())


# (finding, the flow that reaches the stricter verdict, the verdict it reaches)
FINDINGS = [
    # flows of the start bundle itself
    pytest.param({"aqp4_igg": "negative", "standard_therapy_failed": False}, "eligibility",
                 "not_recommended", id="rec2-aqp4-negative-empiric-not-failed"),
    pytest.param({"age_years": 15, "standard_therapy_failed": False}, "eligibility",
                 "not_recommended", id="rec30-child-satralizumab-not-failed"),
    pytest.param({"diagnosis": "other_b_cell_autoimmune", "standard_therapy_failed": False},
                 "eligibility", "not_recommended", id="rec3-other-disease-not-failed"),
    pytest.param({"diagnosis": "other"}, "eligibility", "not_recommended",
                 id="rec1-rec3-another-disease"),
    pytest.param({"acute_attack": True, "acute_treatment_stage": "iv_pulse",
                  "critically_ill": False}, "timing", "defer", id="rec4-during-iv-pulse"),
    pytest.param({"plasma_exchange": "planned"}, "timing", "defer",
                 id="rec13-plasma-exchange-planned"),
    pytest.param({"hbsag": "positive", "hbv_dna": "positive"}, "hbv", "contraindicated",
                 id="rec6-active-hepatitis-b"),
    pytest.param({"hbv_dna": "positive"}, "hbv", "contraindicated",
                 id="rec6-hbv-dna-positive-negative-serology"),
    pytest.param({"tb_active": True}, "tb", "contraindicated",
                 id="rec7-active-tb-negative-screen"),
    pytest.param({"tb_screen": "positive", "tb_active": False,
                  "latent_tb_prophylaxis": "not_planned"}, "tb", "contraindicated",
                 id="rec7-untreated-latent-tb"),
    pytest.param({"hcv_screen": "positive", "hcv_active": True}, "hcv", "defer",
                 id="rec5-active-hepatitis-c"),
    pytest.param({"active_infection": True}, "active_infection", "defer",
                 id="rec5-active-infection"),
    pytest.param({"vaccinations_up_to_date": False, "urgent_treatment_needed": False},
                 "vaccination", "defer", id="rec9-vaccines-outstanding-not-urgent"),
    # flows outside the start bundle, revealed by the facts
    pytest.param({"hbv_reactivation": True}, "hbv_on_treatment", "stop",
                 id="rec6-hbv-reactivation-on-treatment"),
    pytest.param({"tb_active_on_treatment": True}, "tb_on_treatment", "stop",
                 id="rec7-active-tb-on-treatment"),
    pytest.param({"relapse_on_treatment": True, "cd20_b_cells_per_ul": 2}, "b_cells", "stop",
                 id="rec15-relapse-under-deep-depletion"),
    pytest.param({"prior_therapy": "rituximab", "switch_reason": "relapse",
                  "prior_next_dose_due": False, "cd19_b_cells_percent": 0.4}, "switching",
                 "defer", id="rec19-rituximab-switch-must-wait"),
    pytest.param({"prior_therapy": "satralizumab", "switch_reason": "convenience",
                  "prior_next_dose_due": False}, "switching", "defer",
                 id="rec20-satralizumab-switch-must-wait"),
    pytest.param({"prior_therapy": "eculizumab", "switch_reason": "adverse_effects",
                  "prior_next_dose_due": False}, "switching", "defer",
                 id="rec20-eculizumab-switch-must-wait"),
    pytest.param({"infusion_reaction": "life_threatening"}, "infusion_reaction", "stop",
                 id="rec23-life-threatening-reaction"),
    pytest.param({"pml_suspected": True, "csf_jcv_pcr": "positive"}, "pml", "stop",
                 id="rec24-jc-virus-in-csf"),
    pytest.param({"csf_jcv_pcr": "positive"}, "pml", "stop",
                 id="rec24-jc-virus-in-csf-suspicion-not-recorded"),
    pytest.param({"sex": "female", "pregnancy_status": "pregnant"}, "pregnancy",
                 "not_recommended", id="rec27-pregnant"),
]


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
