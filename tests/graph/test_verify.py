"""Verification rejects deliberately broken flows, each with a message naming the node."""

import textwrap

import pytest

import flows
from graph import FlowError, verify_flow
from graph.build import build_flow, read_yaml

G = flows.guideline()

BASE = """
id: demo
title: {en: Demo, zh: 示例}
summary: {en: A demo., zh: 示例。}
kind: screening
source: test
recommendations: [6]
nodes:
  - {id: start, kind: start, label: {en: Start, zh: 开始}, next: ask}
  - id: ask
    kind: decision
    fact: %(fact)s
    label: {en: Ask?, zh: 询问？}
    branches:
%(branches)s
  - {id: yes_end, kind: outcome, verdict: proceed, subject: inebilizumab, recommendations: [6],
     label: {en: Go, zh: 用药}}
  - {id: no_end, kind: outcome, verdict: %(verdict)s, subject: inebilizumab, recommendations: %(recs)s,
     label: {en: Stop, zh: %(zh)s}}
"""


def problems(fact="hbsag", branches=None, verdict="contraindicated", recs="[6]", zh="不用"):
    branches = branches or ["{when: positive, to: no_end}", "{when: negative, to: yes_end}"]
    text = BASE % {"fact": fact, "verdict": verdict, "recs": recs, "zh": zh,
                   "branches": textwrap.indent("\n".join(f"- {b}" for b in branches), "      ")}
    flow = build_flow("demo.yaml", read_yaml("demo.yaml", text), G.facts)
    return verify_flow(flow, G.facts, set(G.verdict_order()), set(G.recommendation_numbers))


def test_a_sound_flow_verifies():
    assert problems() == []


@pytest.mark.parametrize("name,kwargs,expected", [
    ("enum-gap", {"branches": ["{when: positive, to: no_end}", "{when: positive, to: yes_end}"]},
     "node ask: gap: no branch for hbsag = 'negative'"),
    ("enum-overlap", {"branches": ["{when: [positive, negative], to: no_end}",
                                   "{when: negative, to: yes_end}"]},
     "node ask: overlap: hbsag = 'negative'"),
    ("unknown-value", {"branches": ["{when: posative, to: no_end}",
                                    "{when: [positive, negative], to: yes_end}"]},
     "node ask: branch to no_end: 'posative' is not a value"),
    ("undeclared-fact", {"fact": "hbsagg"}, "node ask: asks undeclared fact 'hbsagg'"),
    ("numeric-gap", {"fact": "serum_igg_mg_dl",
                     "branches": ["{when: {lt: 500}, to: no_end}", "{when: {gt: 500}, to: yes_end}"]},
     "node ask: gap: no branch for serum_igg_mg_dl at 500"),
    ("numeric-overlap", {"fact": "serum_igg_mg_dl",
                         "branches": ["{when: {le: 500}, to: no_end}", "{when: {ge: 500}, to: yes_end}"]},
     "node ask: overlap: serum_igg_mg_dl at 500"),
    ("numeric-open-top", {"fact": "serum_igg_mg_dl",
                          "branches": ["{when: {lt: 500}, to: no_end}",
                                       "{when: {ge: 500, lt: 1000}, to: yes_end}"]},
     "node ask: gap: no branch for serum_igg_mg_dl near 1000"),
    ("bool-given-bounds", {"fact": "active_infection",
                           "branches": ["{when: {lt: 1}, to: no_end}", "{when: {ge: 1}, to: yes_end}"]},
     "node ask: fact 'active_infection' is bool"),
    ("missing-translation", {"zh": "''"}, "node no_end: label has no zh text"),
    ("unknown-verdict", {"verdict": "maybe"}, "node no_end: verdict 'maybe' is not one of"),
    ("no-citation", {"recs": "[]"}, "node no_end: an outcome must cite at least one recommendation"),
    ("citation-out-of-range", {"recs": "[31]"}, "node no_end: cites recommendation 31"),
])
def test_broken_flows_are_rejected_naming_the_node(name, kwargs, expected):
    found = problems(**kwargs)
    assert any(expected in p for p in found), found
    assert all(p.startswith("flow demo: ") for p in found)


def test_a_cycle_is_rejected():
    found = problems(branches=["{when: positive, to: no_end}", "{when: negative, to: ask}"])
    assert any("cycle: ask -> ask" in p for p in found), found


def test_an_unreachable_node_is_rejected():
    found = problems(branches=["{when: [positive, negative], to: no_end}"])
    assert any("node yes_end: unreachable from the start" in p for p in found), found


def test_a_branch_to_a_missing_node_is_a_load_error_naming_the_node():
    with pytest.raises(FlowError) as err:
        problems(branches=["{when: positive, to: nowhere}", "{when: negative, to: yes_end}"])
    assert "demo.yaml: nodes.ask: goes to unknown node 'nowhere'" in str(err.value)


def test_schema_errors_are_all_reported_with_their_location():
    text = "id: x\ntitle: {en: X, zh: X}\nkind: sometimes\nsource: s\nrecommendations: [1]\n" \
           "colour: red\nnodes: []\n"
    with pytest.raises(FlowError) as err:
        build_flow("x.yaml", read_yaml("x.yaml", text), G.facts)
    assert len(err.value.errors) == 2
    assert any(e.startswith("x.yaml: kind:") for e in err.value.errors)
    assert any(e.startswith("x.yaml: colour:") for e in err.value.errors)


def test_malformed_yaml_names_the_line():
    with pytest.raises(FlowError, match=r"bad.yaml: malformed YAML \(line 3"):
        read_yaml("bad.yaml", "id: x\nnodes: [\n")


def test_every_shipped_flow_verifies():
    verdicts, recs = set(G.verdict_order()), set(G.recommendation_numbers)
    for flow in G.flows.values():
        assert verify_flow(flow, G.facts, verdicts, recs) == [], flow.id


def override_problems(override: str) -> list[str]:
    """``problems()`` of the demo flow with one override (YAML flow mapping) added."""
    text = BASE % {"fact": "hbsag", "verdict": "contraindicated", "recs": "[6]", "zh": "不用",
                   "branches": textwrap.indent("- {when: positive, to: no_end}\n"
                                               "- {when: negative, to: yes_end}", "      ")}
    text += f"overrides:\n  - {override}\n"
    flow = build_flow("demo.yaml", read_yaml("demo.yaml", text), G.facts, G.verdict_order())
    return verify_flow(flow, G.facts, set(G.verdict_order()), set(G.recommendation_numbers))


def test_a_sound_override_verifies():
    assert override_problems("{id: dna, when: {hbv_dna: positive}, to: no_end, "
                             "label: {en: DNA, zh: DNA}}") == []


@pytest.mark.parametrize("name,override,expected", [
    ("to-a-decision", "{id: o, when: {hbv_dna: positive}, to: ask, label: {en: A, zh: A}}",
     "override o: leads to 'ask', which is not an outcome"),
    ("undeclared-fact", "{id: o, when: {hbv_dnaa: positive}, to: no_end, label: {en: A, zh: A}}",
     "override o: tests undeclared fact 'hbv_dnaa'"),
    ("value-outside-domain", "{id: o, when: {hbv_dna: posative}, to: no_end, "
     "label: {en: A, zh: A}}", "override o: 'posative' is not a value of 'hbv_dna'"),
    ("bounds-on-an-enum", "{id: o, when: {hbv_dna: {gt: 1}}, to: no_end, label: {en: A, zh: A}}",
     "override o: fact 'hbv_dna' is enum: give values, not bounds"),
    ("values-on-a-number", "{id: o, when: {serum_igg_mg_dl: low}, to: no_end, "
     "label: {en: A, zh: A}}", "override o: fact 'serum_igg_mg_dl' is numeric"),
    ("missing-chinese", "{id: o, when: {hbv_dna: positive}, to: no_end, label: {en: A}}",
     "override o: label has no zh text"),
])
def test_broken_overrides_are_reported(name, override, expected):
    assert any(expected in p for p in override_problems(override)), override_problems(override)


def test_an_override_to_an_unknown_node_is_a_load_error():
    with pytest.raises(FlowError, match="overrides.o: goes to unknown node 'nowhere'"):
        override_problems("{id: o, when: {hbv_dna: positive}, to: nowhere, label: {en: A, zh: A}}")
