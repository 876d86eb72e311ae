"""The overall verdict over flows (design §3): most restrictive of the inebilizumab outcomes."""

import flows
from graph import type_facts
from render.results import evaluate

G = flows.guideline()


def overall(raw, flow_ids=("hbv", "tb")):
    return evaluate(G, type_facts("t", raw, G.facts, G.aliases), list(flow_ids)).overall


def test_most_restrictive_of_complete_flows():
    o = overall({"hbsag": "positive", "hbv_dna": "negative", "tb_screen": "negative"})
    assert (o.verdict, o.complete, o.reachable) == ("proceed_with_precautions", True, ())


def test_incomplete_flow_leaves_the_verdict_open_with_what_is_possible():
    o = overall({"hbsag": "negative", "anti_hbc": "negative"})
    assert o.verdict is None and not o.complete
    # tb can still end anywhere; hbv already says proceed.
    assert set(o.reachable) == {"contraindicated", "proceed_with_precautions", "consider", "proceed"}


def test_a_contraindication_stands_while_others_are_incomplete():
    o = overall({"hbsag": "positive", "hbv_dna": "positive"})
    assert o.verdict == "contraindicated" and not o.complete
    assert o.reachable == ("contraindicated",)


def test_not_applicable_flows_do_not_count():
    o = overall({"tb_screen": "negative"}, ("tb", "tb_on_treatment"))
    assert (o.verdict, o.complete) == ("proceed", True)


def test_no_contributing_flow_gives_no_verdict_but_complete():
    o = overall({}, ("tb_on_treatment",))
    assert (o.verdict, o.complete) == (None, True)


def test_stop_on_treatment_stands():
    o = overall({"tb_active_on_treatment": True}, ("tb_on_treatment", "hbv"))
    assert o.verdict == "stop" and not o.complete
    assert set(o.reachable) == {"contraindicated", "stop"}
