"""The report's checklist of actions: each action once, with every flow that calls for it.

Rec 14 asks for the same re-tests in two places: each screening flow (HBV, TB, HCV,
immunoglobulins) names its own yearly or 6-monthly re-test, and the monitoring flow names them
together ("test for hepatitis B, hepatitis C and TB infection at least once a year"; "measure
serum immunoglobulins every 6 months"). A monitoring action with ``covered_by`` (flow data:
the more specific screening actions that cover it, same recommendation and the same interval
or a stricter one, e.g. an HBV carrier's HBsAg and HBV-DNA every 1-3 months, rec 6) is folded
into them when every part is covered by an action on the list: its flow joins theirs, and it
is not listed again. When one is missing (a flow still incomplete, say) it stays on its own, so nothing is dropped. The closer
monitoring of rec 14 (at least twice a year) is not the same interval and is never folded.
"""

from __future__ import annotations

def actions(g, results, lang: str, recs) -> list[dict]:
    """Each action once, with the flows that call for it: first (and marked ``specific``)
    those of flows whose path is not plain "proceed", then the routine ones, each in flow
    order; ``recs`` formats a list of recommendation numbers."""
    seen: dict[str, dict] = {}
    folded_by: dict[str, tuple] = {}  # general action -> its parts' covering actions
    for r in results:
        for a in r.actions:
            if a.covered_by:
                folded_by[a.id] = a.covered_by
            row = seen.setdefault(a.id, {
                "id": a.id, "text": a.text.get(lang),
                "timing": a.timing.get(lang) if a.timing else "",
                "recs": set(a.recommendations), "flows": [], "specific": False})
            row["recs"] |= set(a.recommendations)
            row["specific"] |= r.verdict not in (None, "proceed")
            if g.flows[r.flow].title.get(lang) not in row["flows"]:
                row["flows"].append(g.flows[r.flow].title.get(lang))
    for general, groups in folded_by.items():
        specific = [next((s for s in group if s in seen), None) for group in groups]
        if general in seen and None not in specific:
            folded = seen.pop(general)
            for s in specific:
                seen[s]["recs"] |= folded["recs"]
                seen[s]["flows"] += [f for f in folded["flows"] if f not in seen[s]["flows"]]
    rows = sorted(seen.values(), key=lambda row: not row["specific"])  # stable
    return [{**row, "recs": recs(sorted(row["recs"]))} for row in rows]
