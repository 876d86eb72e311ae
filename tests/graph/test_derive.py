"""Derived counts with three-valued logic (design §2), on the PCP risk factors of rec 11."""

import pytest

import flows
from graph import traverse
from graph.build import build_flow, read_yaml
from graph.derive import count_range

G = flows.guideline()
COUNT = G.facts["pcp_risk_factor_count"]

FLOW = build_flow("t.yaml", read_yaml("t.yaml", """
id: t
title: {en: T, zh: T}
kind: screening
source: test
recommendations: [11]
nodes:
  - {id: start, kind: start, label: {en: S, zh: S}, next: count}
  - id: count
    kind: decision
    fact: pcp_risk_factor_count
    label: {en: Several factors?, zh: 多种因素？}
    branches:
      - {when: {ge: 2}, to: several}
      - {when: {lt: 2}, to: few}
  - {id: several, kind: outcome, verdict: consider, subject: pcp, recommendations: [11],
     label: {en: A, zh: A}}
  - {id: few, kind: outcome, verdict: proceed, subject: pcp, recommendations: [11], label: {en: B, zh: B}}
"""), G.facts)


@pytest.mark.parametrize("known,expected", [
    ({}, (0, 6)),
    ({"diabetes": True, "age_years": 70}, (2, 6)),
    ({"aids": False}, (0, 4)),  # CD4 is only required with AIDS: absent, not unknown
    ({"aids": False, "cd4_per_mm3": 150}, (1, 5)),  # ...but counted whenever given
    ({"aids": True}, (1, 6)),
    ({"aids": False, "age_years": 40, "diabetes": False, "immunosuppressant_count": 1,
      "steroid_mg_per_day": 10}, (0, 0)),
])
def test_count_range(known, expected):
    lo, hi, _ = count_range(COUNT, known)
    assert (lo, hi) == expected


def test_two_known_factors_decide_whatever_else_is_missing():
    trace = traverse(FLOW, G.facts, {"diabetes": True, "steroid_mg_per_day": 20})
    assert trace.status == "complete" and trace.outcome == "t.several"
    assert trace.steps[0].condition == ">= 2"


def test_one_known_factor_asks_for_the_unknown_ones():
    trace = traverse(FLOW, G.facts, {"diabetes": True, "age_years": 50})
    assert trace.status == "incomplete"
    assert trace.missing[0] == "aids" and "cd4_per_mm3" in trace.missing
    assert set(trace.reachable) == {"t.several", "t.few"}


def test_all_factors_known_absent_decides_few():
    known = {"aids": False, "age_years": 64, "diabetes": False, "immunosuppressant_count": 1,
             "steroid_mg_per_day": 19}
    assert traverse(FLOW, G.facts, known).outcome == "t.few"
