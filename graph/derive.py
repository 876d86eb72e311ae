"""Derived facts with three-valued logic: a count is known as far as its known inputs decide it."""

from __future__ import annotations

from .model import Fact


def count_range(fact: Fact, known: dict) -> tuple[int, int, list[str]]:
    """``(lo, hi, unknown_inputs)`` for a derived count over the facts known so far.

    ``lo`` counts the terms known present, ``hi`` adds the terms still unknown. A term whose
    fact is missing counts as absent when its ``required_if`` is known false.
    """
    lo, unknown = 0, []
    for term in fact.terms:
        if term.fact in known:
            lo += term.condition.matches(known[term.fact])
            continue
        if term.required_if is not None:
            gate, gate_cond = term.required_if
            if gate in known and not gate_cond.matches(known[gate]):
                continue
            if gate not in known and gate not in unknown:
                unknown.append(gate)
        unknown.append(term.fact)
    unknown = list(dict.fromkeys(unknown))
    unknown_terms = sum(1 for t in fact.terms if t.fact in unknown)
    return lo, lo + unknown_terms, unknown
