"""Properties of every flow: a complete fact set reaches exactly one outcome; removing a fact
the path asked never yields a verdict, unless an override (design §3) decides on known facts."""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import flows
from graph import traverse

G = flows.guideline()
BASE_FACTS = sorted(n for n, f in G.facts.items() if not f.derived)


def value_strategy(fact):
    if fact.type == "bool":
        return st.booleans()
    if fact.type == "enum":
        return st.sampled_from(fact.value_ids())
    if fact.type == "date":
        return st.dates(dt.date(2020, 1, 1), dt.date(2035, 12, 31))
    lo, hi = fact.minimum or 0, fact.maximum if fact.maximum is not None else 1000
    if fact.integer:
        return st.integers(int(lo), int(hi)).map(float)
    edges = st.sampled_from([lo, hi, 4, 5, 18, 65, 70, 200, 500, 37.5, 1, 12])
    return st.one_of(st.floats(lo, hi, allow_nan=False), edges.filter(lambda x: lo <= x <= hi))


complete_facts = st.fixed_dictionaries({n: value_strategy(G.facts[n]) for n in BASE_FACTS})


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(complete_facts)
def test_complete_facts_reach_exactly_one_outcome(known):
    for flow in G.flows.values():
        trace = traverse(flow, G.facts, known)
        assert trace.status in ("complete", "not_applicable"), (flow.id, trace)
        if trace.status == "complete":
            assert flow.node(trace.outcome)["kind"] == "outcome"
            assert trace.path[-1] == trace.outcome and trace.path[0] == flow.start
            assert sum(flow.node(n)["kind"] == "outcome" for n in trace.path) == 1
        for override in flow.overrides:  # a firing override never leaves a milder verdict
            if override.fires(known) and trace.status == "complete":
                assert flow.ranks[trace.outcome] <= flow.ranks[override.outcome], (flow.id, trace)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(complete_facts, st.randoms(use_true_random=False))
def test_removing_an_asked_fact_never_yields_a_verdict(known, rnd):
    for flow in G.flows.values():
        trace = traverse(flow, G.facts, known)
        asked = [s.fact for s in trace.steps if not G.facts[s.fact].derived]
        if not asked:
            continue
        partial = dict(known)
        del partial[rnd.choice(asked)]
        again = traverse(flow, G.facts, partial)
        if again.override is not None and again.status == "complete":
            fired = next(o for o in flow.overrides if o.id == again.override)
            assert fired.fires(partial) and again.outcome == fired.outcome, (flow.id, again)
            continue
        assert again.status != "complete" and again.outcome is None, (flow.id, again)
        if again.status == "incomplete":
            assert again.missing and again.reachable
