"""(a) Flow evaluations per second on one core: hbv and all flows, beside plain if/else."""

from __future__ import annotations

import sys

from common import machine, median_of, timed

from flows import guideline
from graph import evaluate_flows, traverse
from graph.compiled import CompiledFlow

N = 20_000


START, HBSAG, SURFACE, ANTI, CORE = ("hbv.start", "hbv.hbsag", "hbv.hbv_dna_surface",
                                     "hbv.anti_hbc", "hbv.hbv_dna_core")
ACTIVE, CARRIER, CLEAR = "hbv.active_contraindicated", "hbv.carrier_prophylaxis", "hbv.non_carrier"


def hbv_plain(k: dict):
    """Fig 1 of the source as plain if/else, with the same missing facts and outcomes still
    reachable as the engine: ``(status, outcome, path, missing, reachable)``. A positive
    HBV-DNA contraindicates whatever the serology (the flow's override, rec 6)."""
    s, c, d = k.get("hbsag"), k.get("anti_hbc"), k.get("hbv_dna")
    if d == "positive":
        walked = _hbv_walk(s, c, d)
        if walked[1] == ACTIVE:
            return walked
        return ("complete", ACTIVE, (*walked[2][:-1 if walked[0] == "complete" else None],
                                     ACTIVE), (), ())
    return _hbv_walk(s, c, d)


def _hbv_walk(s, c, d):
    dna = (ACTIVE, CARRIER) if d is None else (ACTIVE,) if d == "positive" else (CARRIER,)
    if s is None:
        below = dna + (CLEAR,) if c is None else (CLEAR,) if c == "negative" else dna
        reach = tuple(o for o in (ACTIVE, CARRIER, CLEAR) if o in below or o in dna)
        need = ("hbsag", "hbv_dna") if d is None and c == "positive" else ("hbsag",)
        return ("incomplete", None, (START, HBSAG), need, reach)
    if s == "positive":
        if d is None:
            return ("incomplete", None, (START, HBSAG, SURFACE), ("hbv_dna",), dna)
        return ("complete", dna[0], (START, HBSAG, SURFACE, dna[0]), (), ())
    if c is None:
        return ("incomplete", None, (START, HBSAG, ANTI), ("anti_hbc",), dna + (CLEAR,))
    if c == "negative":
        return ("complete", CLEAR, (START, HBSAG, ANTI, CLEAR), (), ())
    if d is None:
        return ("incomplete", None, (START, HBSAG, ANTI, CORE), ("hbv_dna",), dna)
    return ("complete", dna[0], (START, HBSAG, ANTI, CORE, dna[0]), (), ())


def fact_sets(n: int) -> list[dict]:
    """Typed facts of ``n`` generated patients (the same cohort as the batch benchmark)."""
    from common import cohort

    from graph import type_facts

    g = guideline()
    return [type_facts("x", p["facts"], g.facts, g.aliases) for p in cohort(n)]


def check_plain(flow, facts, sets) -> None:
    """The if/else must agree with the engine, or the comparison means nothing."""
    for k in sets:
        t = traverse(flow, facts, k)
        mine = hbv_plain(k)
        if (t.status, t.outcome, t.path, t.missing, t.reachable) != mine:
            sys.exit(f"hbv_plain disagrees with the hbv flow for {k}: {mine} != {t}")


def rate(func, items) -> tuple[float, float]:
    """``(median, first)`` evaluations per second of ``func`` over ``items``."""
    first = len(items) / timed(lambda: [func(k) for k in items])
    median, _ = median_of(lambda: len(items) / timed(lambda: [func(k) for k in items]))
    return median, first


def main() -> None:
    g = guideline()
    sets = fact_sets(N)
    hbv = g.flows["hbv"]
    check_plain(hbv, g.facts, sets)
    fresh = CompiledFlow(hbv, g.facts)
    compiled, first = rate(fresh.trace, sets)
    plain, _ = rate(hbv_plain, sets)
    reference, _ = rate(lambda k: traverse(hbv, g.facts, k), sets[:5000])
    print(f"# (a) flow evaluations per second, one core, {N:,} generated patients; {machine()}")
    print(f"hbv compiled trace (full Trace objects):   {compiled:12,.0f} /s "
          f"(first pass, memo of explorations cold: {first:,.0f} /s)")
    print(f"hbv reference graph.traverse (networkx):   {reference:12,.0f} /s")
    print(f"hbv plain if/else (same decisions):        {plain:12,.0f} /s")
    print(f"ratio if/else / compiled:                  {plain / compiled:12.1f} x "
          f"(compiled is {compiled / reference:.1f} x the reference)")
    flows = list(g.flows.values())
    compiled_all = [CompiledFlow(f, g.facts) for f in flows]
    traces, _ = rate(lambda k: [c.trace(k) for c in compiled_all], sets)
    print(f"all {len(flows)} flows, traces only:              {traces * len(flows):12,.0f} "
          f"flow evaluations/s ({traces:,.0f} patients/s)")
    order, standing = g.verdict_order(), set(g.standing_verdicts)
    full, _ = rate(lambda k: evaluate_flows(g.flows, g.facts, k, order, g.overall_subject,
                                            standing), sets[:5000])
    print(f"all {len(flows)} flows, evaluate_flows (results, overall verdict, warnings): "
          f"{full * len(flows):,.0f} flow evaluations/s ({full:,.0f} patients/s)")


if __name__ == "__main__":
    main()
