"""The compiled form of every flow gives exactly the reference traversal's traces."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import random
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flows import guideline
from graph import traverse
from graph.compiled import CompiledFlow, compiled

G = guideline()
FLOWS = sorted(G.flows)


def _thresholds(flow, name: str) -> list[float]:
    """Every number the flow compares fact ``name`` with: interval ends and listed values."""
    conditions = [e["condition"] for n, _, e in flow.graph.edges(data=True)
                  if flow.graph.nodes[n].get("fact") == name]
    conditions += [t.condition for f in flow.facts_asked() for t in G.facts[f].terms
                   if t.fact == name]
    points = []
    for c in conditions:
        if c is not None and c.interval is not None:
            points += [x for x in (c.interval.lo, c.interval.hi) if abs(x) != float("inf")]
        elif c is not None:
            points += [v for v in c.values if isinstance(v, int | float)]
    return points


def _inputs(flow) -> list[str]:
    """The facts a flow can read: triggers, decisions and the inputs of derived counts."""
    names = {t.fact for t in flow.trigger} | set(flow.facts_asked())
    for name in list(names):
        for term in G.facts[name].terms if name in G.facts else ():
            names |= {term.fact} | ({term.required_if[0]} if term.required_if else set())
    return sorted(n for n in names if not G.facts[n].terms)


def _value(flow, name: str):
    fact = G.facts[name]
    if fact.type == "enum":
        return st.sampled_from(fact.value_ids())
    if fact.type == "bool":
        return st.booleans()
    if fact.type == "date":
        return st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31))
    lo, hi = fact.minimum if fact.minimum is not None else -1e6, fact.maximum or 1e6
    near = [p + d for p in _thresholds(flow, name) for d in (0, -1, 1, -1e-9, 1e-9, 0.5)]
    near = sorted({float(x) for x in near if lo <= x <= hi}) or [float(lo)]
    numbers = st.floats(lo, hi, allow_nan=False)
    if fact.integer:
        near = [x for x in near if x.is_integer()] or [float(lo)]
        numbers = st.integers(int(lo), int(min(hi, 1e6))).map(float)
    return st.one_of(st.sampled_from(near), numbers)


def fact_sets(flow):
    """Fact sets where each input of ``flow`` is missing or takes a value of its type."""
    names = _inputs(flow)
    return st.fixed_dictionaries({}, optional={n: _value(flow, n) for n in names})


@pytest.mark.parametrize("flow_id", FLOWS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_compiled_traces_equal_reference_traces(flow_id, data):
    flow = G.flows[flow_id]
    known = data.draw(fact_sets(flow))
    assert compiled(flow, G.facts).trace(known) == traverse(flow, G.facts, known)


@pytest.mark.parametrize("flow_id", FLOWS)
def test_compiled_traces_equal_reference_traces_over_many_random_patients(flow_id):
    """Thousands of seeded random fact sets per flow, twice: the memo of explorations must agree."""
    flow, rng = G.flows[flow_id], random.Random(flow_id)
    fresh = CompiledFlow(flow, G.facts)
    patients = [_random_patient(flow, rng) for _ in range(800)]
    for known in patients + patients:
        assert fresh.trace(known) == traverse(flow, G.facts, known), known


def _random_patient(flow, rng: random.Random) -> dict:
    known = {}
    for name in _inputs(flow):
        fact = G.facts[name]
        if rng.random() < 0.3:
            continue
        if fact.type == "enum":
            known[name] = rng.choice(fact.value_ids())
        elif fact.type == "bool":
            known[name] = rng.random() < 0.5
        elif fact.type == "date":
            known[name] = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(2000))
        else:
            points = _thresholds(flow, name) or [fact.minimum or 0.0]
            x = rng.choice(points) + rng.choice((0, -1, 1, 0.25))
            lo = fact.minimum if fact.minimum is not None else x
            hi = fact.maximum if fact.maximum is not None else x
            known[name] = float(min(max(x, lo), hi))
    return known


@pytest.mark.parametrize("flow_id", FLOWS)
def test_equal_signatures_mean_equal_results_but_numbers_shown(flow_id):
    """Fact sets with one signature get the same trace, up to the numbers recorded at steps."""
    flow, rng = G.flows[flow_id], random.Random(f"sig-{flow_id}")
    c = CompiledFlow(flow, G.facts)
    seen: dict = {}
    for _ in range(1500):
        known = _random_patient(flow, rng)
        shape = _shape(traverse(flow, G.facts, known))
        assert seen.setdefault(c.signature(known), shape) == shape, known


def _shape(trace):
    steps = tuple(dataclasses.replace(s, value=None) if isinstance(s.value, float) else s
                  for s in trace.steps)
    return dataclasses.replace(trace, steps=steps)


def test_a_value_no_branch_takes_fails_as_in_the_reference():
    flow = G.flows["hbv"]
    with pytest.raises(AssertionError, match="no branch matches"):
        traverse(flow, G.facts, {"hbsag": "maybe"})
    with pytest.raises(AssertionError, match="no branch matches"):
        compiled(flow, G.facts).trace({"hbsag": "maybe"})


def test_the_compiled_form_follows_an_edited_graph():
    """The graph is the source: a copy of hbv with one edge redirected compiles differently."""
    flow = G.flows["hbv"]
    graph = flow.graph.copy()
    edge = dict(graph.edges["hbv.hbsag", "hbv.hbv_dna_surface"])
    graph.remove_edge("hbv.hbsag", "hbv.hbv_dna_surface")
    graph.add_edge("hbv.hbsag", "hbv.active_contraindicated", **edge)
    edited = dataclasses.replace(flow, graph=graph)
    known = {"hbsag": "positive", "hbv_dna": "negative"}
    assert compiled(edited, G.facts).trace(known) == traverse(edited, G.facts, known)
    assert compiled(edited, G.facts).trace(known).outcome == "hbv.active_contraindicated"
    assert compiled(flow, G.facts).trace(known).outcome == "hbv.carrier_prophylaxis"


def test_plain_patients_never_load_the_units_library(tmp_path):
    """pint loads only for a quantity in a unit without a stored factor, never for numbers."""
    code = (
        "import sys\n"
        "from flows import guideline\n"
        "from graph import patient_from\n"
        "from render.results import evaluate\n"
        "g = guideline()\n"
        "p = patient_from('x', {'facts': {'hbsag': 'negative', 'anti_hbc': '阳性',\n"
        "    'hbv_dna': 'negative', 'age_years': '42', 'serum_igg_mg_dl': 820}}, g.facts, g.aliases)\n"
        "evaluate(g, p.facts, list(g.flows))\n"
        "print('pint' in sys.modules)\n"
        "patient_from('x', {'facts': {'serum_igg_mg_dl': '0.48 g/dL'}}, g.facts, g.aliases)\n"
        "print('pint' in sys.modules)\n"
    )
    env = {**os.environ, "NMOSD_FLOW_CACHE_DIR": str(tmp_path)}
    subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, check=True)  # warm
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True)
    assert out.stdout.split() == ["False", "True"]
