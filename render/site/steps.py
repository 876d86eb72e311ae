"""Step-through pages: every sequence of answers through a flow, each with its trace."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from graph import Fact, Flow, Guideline, Interval, Text, Trace, traverse

YES_NO = {True: Text("yes", "是"), False: Text("no", "否")}


@dataclass(frozen=True)
class Answer:
    """One answer to a fact: its URL slug, the value traversal uses and its label."""

    fact: str
    slug: str
    value: object
    label: Text
    detail: Text | None = None  # the values or interval behind a branch's label

    @property
    def segment(self) -> str:
        return f"{self.fact}={self.slug}"


@dataclass(frozen=True)
class Step:
    """One page of the step-through: the answers so far, the trace they give, what to ask next."""

    flow: str
    answers: tuple[Answer, ...]
    trace: Trace
    asks: str | None = None  # the fact asked on this page (None on an outcome page)
    options: tuple[Answer, ...] = ()

    @property
    def segments(self) -> tuple[str, ...]:
        return tuple(a.segment for a in self.answers)


def walk(g: Guideline, flow: Flow) -> list[Step]:
    """Every step page of ``flow``, depth first in the order of the flow's branches.

    The flow's trigger is ignored (a situational flow is walked as if it applied); each page's
    trace comes from ``graph.traverse`` with the answers so far, so a fact already answered
    is never asked again and a derived count asks its inputs one at a time.
    """
    free = replace(flow, trigger=())
    steps, stack = [], [()]
    while stack:
        answers = stack.pop()
        known = {a.fact: a.value for a in answers}
        trace = traverse(free, g.facts, known)
        if trace.status == "complete":
            steps.append(Step(flow.id, answers, trace))
            continue
        fact = trace.missing[0]
        options = answer_options(g, flow, trace.path[-1], fact)
        steps.append(Step(flow.id, answers, trace, fact, options))
        stack.extend(answers + (o,) for o in reversed(options))
    return steps


def answer_options(g: Guideline, flow: Flow, node: str, fact_name: str) -> tuple[Answer, ...]:
    """The answers offered for ``fact_name`` at decision ``node``.

    The decision's own fact gets one answer per branch, split further where another decision
    of the flow tells values of the same branch apart (so that every path can be walked); an
    input of a derived count gets one answer per value or per interval between thresholds.
    """
    fact = g.facts[fact_name]
    here = flow.graph.nodes[node].get("fact") == fact_name and not fact.terms
    branches = [e for e in flow.graph.succ[node].values()] if here else []
    if fact.type == "number":
        ivs = _intervals(g, flow, fact_name)
        cuts = sorted({b for iv in ivs for b in _bounds(iv)})
        return tuple(_piece_answer(fact, iv, branches) for iv in _pieces(ivs, cuts))
    groups = _value_groups(g, flow, fact, branches)
    return tuple(_group_answer(fact, values, branches) for values in groups)


def _decision_edges(flow: Flow, fact_name: str):
    for node, data in flow.graph.nodes(data=True):
        if data.get("fact") == fact_name:
            yield from flow.graph.succ[node].values()


def _count_terms(g: Guideline, flow: Flow, fact_name: str):
    for _, data in flow.graph.nodes(data=True):
        count = g.facts.get(data.get("fact") or "")
        for term in count.terms if count else ():
            if term.fact == fact_name:
                yield term.condition
            if term.required_if and term.required_if[0] == fact_name:
                yield term.required_if[1]


def _intervals(g: Guideline, flow: Flow, fact_name: str) -> list[Interval]:
    conds = [e["condition"] for e in _decision_edges(flow, fact_name)]
    conds += list(_count_terms(g, flow, fact_name))
    return [c.interval for c in conds if c.interval is not None]


def _value_groups(g: Guideline, flow: Flow, fact: Fact, branches) -> list[list]:
    """The fact's values grouped by which branch takes them at every decision that asks it."""
    domain = [True, False] if fact.type == "bool" else list(fact.value_ids())
    sets = [e["condition"].values for e in _decision_edges(flow, fact.name)]
    sets += [c.values for c in _count_terms(g, flow, fact.name) if c.values is not None]
    groups: dict[tuple, list] = {}
    order = [b["condition"].values for b in branches]
    for value in domain:
        first = next((i for i, vs in enumerate(order) if value in vs), len(order))
        key = (first, *(value in vs for vs in sets))
        groups.setdefault(key, []).append(value)
    return [groups[k] for k in sorted(groups, key=lambda k: k[0])]


def _group_answer(fact: Fact, values: list, branches) -> Answer:
    names = [_value_label(fact, v) for v in values]
    listed = Text(" / ".join(n.en for n in names), " / ".join(n.zh for n in names))
    branch = next((b for b in branches if values[0] in b["condition"].values), None)
    label = branch.get("label") if branch else None
    if label is None:
        text, detail = listed, None
    elif set(values) == set(branch["condition"].values):
        text, detail = label, listed
    else:
        text, detail = Text(f"{label.en} ({listed.en})", f"{label.zh}({listed.zh})"), listed
    return Answer(fact.name, "+".join(_slug(v) for v in values), values[0], text, detail)


def _piece_answer(fact: Fact, iv: Interval, branches) -> Answer:
    branch = next((b for b in branches if b["condition"].interval.covers(
        representative(iv, fact), representative(iv, fact))), None)
    label = branch.get("label") if branch else None
    shown = iv.label()
    if label is None:
        text = Text(shown, shown)
    elif branch["condition"].interval == iv:
        text = label
    else:
        text = Text(f"{label.en} ({shown})", f"{label.zh}({shown})")
    return Answer(fact.name, interval_slug(iv), representative(iv, fact), text,
                  Text(shown, shown))


def _bounds(iv: Interval):
    return [x for x in (iv.lo, iv.hi) if not math.isinf(x)]


def _pieces(ivs: list[Interval], cuts: list[float]) -> list[Interval]:
    """The line split at ``cuts`` so that each piece lies wholly inside or outside every
    interval; each cut goes to the neighbour that agrees with it (the right one first)."""

    def member(x: float) -> tuple[bool, ...]:
        return tuple(iv.contains(x) for iv in ivs)

    edges = [-math.inf, *cuts, math.inf]
    pieces = [[lo, False, hi, False] for lo, hi in zip(edges, edges[1:], strict=False)]
    points = []
    for i, cut in enumerate(cuts):
        left, right = pieces[i], pieces[i + 1]
        if member(_inside(right[0], right[2])) == member(cut):
            right[1] = True
        elif member(_inside(left[0], left[2])) == member(cut):
            left[3] = True
        else:
            points.append((i + 1, Interval(cut, True, cut, True)))
    out = [Interval(*p) for p in pieces]
    for offset, (i, point) in enumerate(points):
        out.insert(i + offset, point)
    return out


def _inside(lo: float, hi: float) -> float:
    """A point strictly between ``lo`` and ``hi`` (either may be infinite)."""
    if math.isinf(lo) and math.isinf(hi):
        return 0.0
    if math.isinf(lo):
        return hi - 1
    if math.isinf(hi):
        return lo + 1
    return (lo + hi) / 2


def representative(iv: Interval, fact: Fact) -> float:
    """A value inside ``iv`` (and inside the fact's range when it has one)."""
    lo = iv.lo if fact.minimum is None else max(iv.lo, fact.minimum)
    hi = iv.hi if fact.maximum is None else min(iv.hi, fact.maximum)
    candidates = [lo] if iv.lo_closed else []
    if not math.isinf(iv.lo) and not math.isinf(iv.hi):
        mid = (lo + hi) / 2
        candidates.append(math.floor(mid) if fact.integer else mid)
    candidates += [lo + 1, hi - 1, hi, (lo + hi) / 2, 0.0]
    for x in candidates:
        if not math.isinf(x) and iv.contains(x) and _in_range(x, fact):
            return int(x) if float(x).is_integer() else x
    raise ValueError(f"no value of {fact.name} lies in {iv.label()}")


def _in_range(x: float, fact: Fact) -> bool:
    return (fact.minimum is None or x >= fact.minimum) and (fact.maximum is None
                                                            or x <= fact.maximum)


def interval_slug(iv: Interval) -> str:
    """``lt500``, ``ge500``, ``gt4-le10``: the interval in URL-safe words."""
    parts = []
    if not math.isinf(iv.lo):
        parts.append(("ge" if iv.lo_closed else "gt") + _num(iv.lo))
    if not math.isinf(iv.hi):
        parts.append(("le" if iv.hi_closed else "lt") + _num(iv.hi))
    return "-".join(parts) or "any"


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def _slug(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _value_label(fact: Fact, value) -> Text:
    if isinstance(value, bool):
        return YES_NO[value]
    return next((v.label for v in fact.values if v.id == value), Text(str(value), str(value)))
