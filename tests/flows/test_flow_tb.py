"""Fig 2 and recommendation 7: every combination of TB screening answers.

Typed from Fig 2 and rec 7: a negative TST/IGRA means normal use; a positive one is assessed
(chest CT, symptoms, inflammatory markers); active TB and untreated latent TB are
contraindications; latent TB with preventive treatment started a month before (at the latest
with) the first infusion allows the drug with re-examination at least every 6 months. The
source is silent on an indeterminate screen (design §4): `consider`, saying so.
"""

import pytest

import flows
from graph import traverse, type_facts
from render.results import evaluate

G = flows.guideline()


def run(raw: dict):
    known = type_facts("test", raw, G.facts, G.aliases)
    return evaluate(G, known, ["tb"]).flows[0]


FIGURE_2 = [
    ("rec7-fig2-screen-negative", {"tb_screen": "negative"}, "tb.no_infection", "proceed"),
    ("rec7-fig2-active", {"tb_screen": "positive", "tb_active": True},
     "tb.active_contraindicated", "contraindicated"),
    ("rec7-fig2-latent-untreated", {"tb_screen": "positive", "tb_active": False,
                                    "latent_tb_prophylaxis": "not_planned"},
     "tb.latent_untreated", "contraindicated"),
    ("rec7-fig2-latent-with-prophylaxis", {"tb_screen": "positive", "tb_active": False,
                                           "latent_tb_prophylaxis": "planned_or_started"},
     "tb.latent_on_prophylaxis", "proceed_with_precautions"),
    ("rec7-latent-prophylaxis-completed", {"tb_screen": "positive", "tb_active": False,
                                           "latent_tb_prophylaxis": "completed"},
     "tb.latent_treated", "proceed_with_precautions"),
    ("rec7-indeterminate-source-silent", {"tb_screen": "indeterminate"},
     "tb.indeterminate", "consider"),
]


@pytest.mark.parametrize("case,raw,outcome,verdict", FIGURE_2, ids=[c[0] for c in FIGURE_2])
def test_every_combination_reaches_the_figure_outcome(case, raw, outcome, verdict):
    result = run(raw)
    assert (result.status, result.outcome, result.verdict) == ("complete", outcome, verdict)
    assert 7 in result.recommendations or 14 in result.recommendations


def test_rec7_active_tb_ignores_the_prophylaxis_answer():
    for plan in ("not_planned", "planned_or_started", "completed"):
        result = run({"tb_screen": "positive", "tb_active": True, "latent_tb_prophylaxis": plan})
        assert result.verdict == "contraindicated"


def test_rec7_positive_screen_path_passes_the_chest_ct_assessment():
    result = run({"tb_screen": "positive", "tb_active": False,
                  "latent_tb_prophylaxis": "planned_or_started"})
    assert "tb.chest_ct" in result.path
    assert any("chest CT" in a.text.en for a in result.actions)


def test_rec7_latent_tb_actions_carry_the_source_timing():
    result = run({"tb_screen": "positive", "tb_active": False,
                  "latent_tb_prophylaxis": "planned_or_started"})
    text = " ".join(f"{a.text.en} {a.timing.en}" for a in result.actions)
    assert "1 month before the first infusion, at the latest with it" in text
    assert "infectious-disease consult" in text
    assert "at least every 6 months" in text and "chest CT" in text


def test_indeterminate_outcome_says_the_source_is_silent():
    result = run({"tb_screen": "indeterminate"})
    assert "source gives no further step" in G.flows["tb"].node(result.outcome)["label"].en
    assert G.flows["tb"].node(result.outcome)["derived_from"]


PARTIAL = [
    ("rec7-nothing-known", {}, "tb_screen",
     {"proceed", "consider", "contraindicated", "proceed_with_precautions"}),
    ("rec7-positive-needs-activity", {"tb_screen": "positive"}, "tb_active",
     {"contraindicated", "proceed_with_precautions"}),
    ("rec7-latent-needs-prophylaxis-plan", {"tb_screen": "positive", "tb_active": False},
     "latent_tb_prophylaxis", {"contraindicated", "proceed_with_precautions"}),
]


@pytest.mark.parametrize("case,raw,first,verdicts", PARTIAL, ids=[c[0] for c in PARTIAL])
def test_partial_facts_stop_at_the_right_question(case, raw, first, verdicts):
    result = run(raw)
    assert result.status == "incomplete" and result.verdict is None
    assert result.missing[0] == first
    assert {v for _, v in result.reachable} == verdicts


@pytest.mark.parametrize("screen", ["negative", "indeterminate", None],
                         ids=["rec7-active-tb-after-negative-screen",
                              "rec7-active-tb-after-indeterminate-screen",
                              "rec7-active-tb-screen-not-given"])
def test_rec7_active_tb_is_a_contraindication_whatever_the_screen(screen):
    """Rec 7 names active TB a contraindication; the screen result does not change that."""
    raw = {"tb_active": True} | ({"tb_screen": screen} if screen else {})
    ev = evaluate(G, type_facts("t", raw, G.facts, G.aliases), ["tb"])
    result = ev.flows[0]
    assert (result.status, result.verdict) == ("complete", "contraindicated")
    assert result.outcome == "tb.active_contraindicated"
    assert result.trace.override == "tb.active_tb_whatever_screen"
    assert bool(ev.warnings) == (screen == "negative")


@pytest.mark.parametrize("active,verdict", [(True, "stop"), (False, "proceed")],
                         ids=["rec7-active-tb-on-treatment-stop-refer", "rec7-14-no-active-tb"])
def test_tb_on_treatment(active, verdict):
    flow = G.flows["tb_on_treatment"]
    trace = traverse(flow, G.facts, {"tb_active_on_treatment": active})
    assert flow.node(trace.outcome)["verdict"] == verdict
    if active:
        texts = [a.text.en for a in flow.node(trace.outcome)["actions"]]
        assert texts[0].startswith("Stop") and "infectious diseases" in texts[1]
