"""Fig 1 and recommendation 6: every combination of HBV screening answers.

Expected outcomes are typed from the figure and the text of rec 6, not computed from the
flow file: HBsAg+ with HBV-DNA+ is active hepatitis B (contraindicated, "禁用，持续监测");
HBV-DNA- carriers (HBsAg+ only, or HBsAg-/anti-HBc+) get antiviral prophylaxis; HBsAg- and
anti-HBc- patients are given the drug normally with yearly HBsAg/anti-HBc follow-up.
"""

import pytest

import flows
from graph import traverse, type_facts
from render.results import evaluate

G = flows.guideline()


def run(raw: dict):
    known = type_facts("test", raw, G.facts, G.aliases)
    return evaluate(G, known, ["hbv"]).flows[0]


# (hbsag, anti_hbc, hbv_dna) -> (outcome, verdict), typed from Fig 1 / rec 6.
FIGURE_1 = [
    ("rec6-fig1-hbsag-pos-dna-pos", "positive", "positive", "positive",
     "hbv.active_contraindicated", "contraindicated"),
    ("rec6-fig1-hbsag-pos-hbcab-neg-dna-pos", "positive", "negative", "positive",
     "hbv.active_contraindicated", "contraindicated"),
    ("rec6-fig1-hbsag-pos-dna-neg", "positive", "positive", "negative",
     "hbv.carrier_prophylaxis", "proceed_with_precautions"),
    ("rec6-fig1-hbsag-only-dna-neg", "positive", "negative", "negative",
     "hbv.carrier_prophylaxis", "proceed_with_precautions"),
    ("rec6-fig1-hbcab-pos-dna-pos-cautious", "negative", "positive", "positive",
     "hbv.active_contraindicated", "contraindicated"),
    ("rec6-fig1-hbcab-pos-dna-neg", "negative", "positive", "negative",
     "hbv.carrier_prophylaxis", "proceed_with_precautions"),
    ("rec6-fig1-non-carrier", "negative", "negative", "negative",
     "hbv.non_carrier", "proceed"),
    # Rec 6's body contraindicates any HBV-DNA-positive active hepatitis B: an override.
    ("rec6-body-dna-pos-whatever-the-serology", "negative", "negative", "positive",
     "hbv.active_contraindicated", "contraindicated"),
]


@pytest.mark.parametrize("case,hbsag,anti_hbc,dna,outcome,verdict", FIGURE_1,
                         ids=[c[0] for c in FIGURE_1])
def test_every_combination_reaches_the_figure_outcome(case, hbsag, anti_hbc, dna, outcome, verdict):
    result = run({"hbsag": hbsag, "anti_hbc": anti_hbc, "hbv_dna": dna})
    assert (result.status, result.outcome, result.verdict) == ("complete", outcome, verdict)
    assert result.subject == "inebilizumab"
    assert 6 in result.recommendations


def test_rec6_contract_path_for_a_core_antibody_carrier():
    result = run({"hbsag": "negative", "anti_hbc": "positive", "hbv_dna": "negative"})
    assert result.path == ("hbv.start", "hbv.hbsag", "hbv.anti_hbc", "hbv.hbv_dna_core",
                           "hbv.carrier_prophylaxis")


def test_rec6_carrier_actions_carry_the_source_timing():
    result = run({"hbsag": "positive", "hbv_dna": "negative"})
    timings = " ".join(a.timing.en for a in result.actions)
    assert "1 week before the first infusion" in timings
    assert "at least 18 months after inebilizumab treatment ends" in timings
    assert "every 1-3 months" in timings
    monitored = next(a for a in result.actions if a.id == "hbv_carrier_monitoring").text.en
    assert all(test in monitored for test in ("ALT", "HBsAg", "HBV-DNA"))


def test_rec6_non_carrier_is_followed_yearly():
    result = run({"hbsag": "negative", "anti_hbc": "negative"})
    action = next(a for a in result.actions if a.id == "hbv_yearly_serology")
    assert "HBsAg" in action.text.en and "anti-HBc" in action.text.en
    assert "at least once a year" in action.timing.en


# Partial fact sets: (facts, first missing fact, reachable verdicts), from Fig 1's branching.
PARTIAL = [
    ("rec6-nothing-known", {}, "hbsag",
     {"contraindicated", "proceed_with_precautions", "proceed"}),
    ("rec6-hbsag-pos-needs-dna", {"hbsag": "positive"}, "hbv_dna",
     {"contraindicated", "proceed_with_precautions"}),
    ("rec6-hbsag-neg-needs-hbcab", {"hbsag": "negative"}, "anti_hbc",
     {"contraindicated", "proceed_with_precautions", "proceed"}),
    ("rec6-hbcab-pos-needs-dna", {"hbsag": "negative", "anti_hbc": "positive"}, "hbv_dna",
     {"contraindicated", "proceed_with_precautions"}),
    ("rec6-dna-alone-is-not-enough", {"hbv_dna": "negative"}, "hbsag",
     {"proceed_with_precautions", "proceed"}),
]


@pytest.mark.parametrize("case,raw,first,verdicts", PARTIAL, ids=[c[0] for c in PARTIAL])
def test_partial_facts_stop_at_the_right_question(case, raw, first, verdicts):
    result = run(raw)
    assert result.status == "incomplete"
    assert result.verdict is None and result.outcome is None
    assert result.missing[0] == first
    assert {v for _, v in result.reachable} == verdicts


def test_rec6_chinese_lab_words_are_accepted():
    result = run({"hbsag": "阴性", "anti_hbc": "阳性", "hbv_dna": "阴性"})
    assert result.outcome == "hbv.carrier_prophylaxis"


def test_rec6_a_positive_hbv_dna_alone_already_contraindicates():
    result = run({"hbv_dna": "positive"})
    assert (result.status, result.verdict) == ("complete", "contraindicated")
    assert result.trace.override == "hbv.hbv_dna_positive"


def test_contradictory_serology_is_warned_about():
    known = type_facts("t", {"hbsag": "negative", "anti_hbc": "negative",
                             "hbv_dna": "positive"}, G.facts, G.aliases)
    assert evaluate(G, known, ["hbv"]).warnings


@pytest.mark.parametrize("reactivation,verdict", [(True, "stop"), (False, "proceed")],
                         ids=["rec6-active-hbv-on-treatment-stop", "rec6-14-no-reactivation"])
def test_hbv_on_treatment(reactivation, verdict):
    trace = traverse(G.flows["hbv_on_treatment"], G.facts, {"hbv_reactivation": reactivation})
    assert G.flows["hbv_on_treatment"].node(trace.outcome)["verdict"] == verdict


def test_hbv_on_treatment_applies_only_when_reactivation_is_given():
    assert traverse(G.flows["hbv_on_treatment"], G.facts, {}).status == "not_applicable"
