"""Static verification of a flow: shape, reachability, complete and unique branches, citations,
declared facts and both languages. Returns every problem, each naming the flow and node."""

from __future__ import annotations

import math

import networkx as nx

from .conditions import Interval
from .model import LANGS, Fact, Flow, Text


def verify_flow(flow: Flow, facts: dict[str, Fact], verdicts: set[str],
                recommendations: set[int]) -> list[str]:
    """Every problem found in ``flow``; an empty list means it verifies."""
    problems: list[str] = []
    for node, data in flow.graph.nodes(data=True):
        where = f"flow {flow.id}: node {data['short_id']}"
        problems += [f"{where}: {p}" for p in _node_problems(flow, node, data, facts)]
        problems += [f"{where}: {p}" for p in _outcome_problems(data, verdicts, recommendations)]
        problems += [f"{where}: {p}" for p in _label_problems(data)]
    problems += [f"flow {flow.id}: {p}" for p in _graph_problems(flow)]
    problems += [f"flow {flow.id}: {p}" for p in _flow_problems(flow, facts, recommendations)]
    for override in flow.overrides:
        where = f"flow {flow.id}: override {override.id.split('.', 1)[1]}"
        problems += [f"{where}: {p}" for p in override_problems(flow, override, facts)]
    return problems


def override_problems(flow: Flow, override, facts: dict[str, Fact]) -> list[str]:
    """An override must lead to an outcome of its flow and test declared facts with values
    (or bounds) of their domain; its label needs both languages."""
    problems = missing_languages({"label": override.label})
    target = flow.graph.nodes.get(override.outcome)
    if target is None or target["kind"] != "outcome":
        problems.append(f"leads to {override.outcome.split('.', 1)[1]!r}, which is not an "
                        f"outcome of the flow")
    for name, cond in override.conditions:
        fact = facts.get(name)
        if fact is None:
            problems.append(f"tests undeclared fact {name!r}")
        elif fact.type in ("number", "count") and cond.interval is None:
            problems.append(f"fact {name!r} is numeric: give lt/le/gt/ge bounds")
        elif fact.type == "date":
            problems.append(f"fact {name!r} is a date and cannot be tested")
        elif fact.type in ("enum", "bool"):
            domain = [True, False] if fact.type == "bool" else list(fact.value_ids())
            if cond.values is None:
                problems.append(f"fact {name!r} is {fact.type}: give values, not bounds")
            else:
                problems += [f"{v!r} is not a value of {name!r} ({', '.join(map(str, domain))})"
                             for v in sorted(cond.values, key=str) if v not in domain]
    return problems


def _graph_problems(flow: Flow) -> list[str]:
    graph, problems = flow.graph, []
    if graph.nodes[flow.start]["kind"] != "start":
        problems.append(f"the start node {flow.start} is not of kind start")
    try:
        cycle = nx.find_cycle(graph, flow.start)
        names = [graph.nodes[a]["short_id"] for a, _ in cycle] + [graph.nodes[cycle[0][0]]["short_id"]]
        problems.append(f"cycle: {' -> '.join(names)}")
    except nx.NetworkXNoCycle:
        pass
    reached = nx.descendants(graph, flow.start) | {flow.start}
    reached |= {o.outcome for o in flow.overrides}  # an outcome only an override leads to
    for node in graph:
        if node not in reached:
            problems.append(f"node {graph.nodes[node]['short_id']}: unreachable from the start")
    return problems


def _node_problems(flow: Flow, node: str, data: dict, facts: dict[str, Fact]) -> list[str]:
    out = flow.graph.succ[node]
    kind = data["kind"]
    if kind == "outcome":
        return ["an outcome must end the flow but has outgoing edges"] if out else []
    if kind in ("start", "action"):
        if len(out) != 1 or any(e["condition"] is not None for e in out.values()):
            return [f"a {kind} node needs exactly one `next` and no branches"]
        return []
    fact = facts.get(data.get("fact") or "")
    if fact is None:
        return [f"asks undeclared fact {data.get('fact')!r}"]
    if not out:
        return ["a decision with no branches does not lead to an outcome"]
    if any(e["condition"] is None for e in out.values()):
        return ["a decision may not have `next`; give branches"]
    labels = {t: flow.graph.nodes[t]["short_id"] for t in out}
    return coverage_problems(fact, {labels[t]: e["condition"] for t, e in out.items()})


def coverage_problems(fact: Fact, branches: dict) -> list[str]:
    """Problems with branches ``{target: Condition}`` covering ``fact``'s domain exactly once."""
    if fact.type in ("number", "count"):
        if any(c.interval is None for c in branches.values()):
            return [f"fact {fact.name!r} is numeric: branches need lt/le/gt/ge bounds"]
        return _interval_problems(fact, branches)
    if fact.type == "date":
        return [f"fact {fact.name!r} is a date and cannot be branched on"]
    if any(c.values is None for c in branches.values()):
        return [f"fact {fact.name!r} is {fact.type}: branches need values, not bounds"]
    domain = [True, False] if fact.type == "bool" else list(fact.value_ids())
    problems, seen = [], {}
    for target, cond in branches.items():
        for value in sorted(cond.values, key=str):
            if value not in domain:
                problems.append(f"branch to {target}: {value!r} is not a value of "
                                f"{fact.name!r} ({', '.join(map(str, domain))})")
            elif value in seen:
                problems.append(f"overlap: {fact.name} = {value!r} goes to both "
                                f"{seen[value]} and {target}")
            seen.setdefault(value, target)
    problems += [f"gap: no branch for {fact.name} = {v!r}" for v in domain if v not in seen]
    return problems


def _interval_problems(fact: Fact, branches: dict) -> list[str]:
    lo = -math.inf if fact.minimum is None else fact.minimum
    hi = math.inf if fact.maximum is None else fact.maximum
    clipped, problems = [], []
    for target, cond in branches.items():
        part = cond.interval.clip(lo, hi)
        if part is None:
            problems.append(f"branch to {target} ({cond.label()}) lies outside the range of "
                            f"{fact.name!r}")
        else:
            clipped.append((part, target))
    clipped.sort(key=lambda p: (p[0].lo, not p[0].lo_closed))
    point, closed = lo, True  # the next point to cover, and whether it is still uncovered
    for part, target in clipped:
        problems += _join_problems(fact, point, closed, part, target)
        point, closed = part.hi, not part.hi_closed
    if not clipped or point < hi or (point == hi and closed and math.isfinite(hi)):
        problems.append(f"gap: no branch for {fact.name} near {_show(point)}")
    return problems


def _join_problems(fact: Fact, point: float, closed: bool, part: Interval, target: str) -> list[str]:
    if part.lo < point or (part.lo == point and part.lo_closed and not closed):
        return [f"overlap: {fact.name} at {_show(part.lo)} matches more than one branch "
                f"(branch to {target})"]
    if part.lo > point or (part.lo == point and closed and not part.lo_closed
                           and math.isfinite(point)):
        return [f"gap: no branch for {fact.name} at {_show(point)} (before branch to {target})"]
    return []


def _show(x: float) -> str:
    return str(int(x)) if math.isfinite(x) and float(x).is_integer() else str(x)


def _outcome_problems(data: dict, verdicts: set[str], recommendations: set[int]) -> list[str]:
    problems = []
    if data["kind"] == "outcome":
        if data.get("verdict") not in verdicts:
            problems.append(f"verdict {data.get('verdict')!r} is not one of {', '.join(sorted(verdicts))}")
        if not data.get("subject"):
            problems.append("an outcome needs a subject")
        if not data.get("recommendations"):
            problems.append("an outcome must cite at least one recommendation")
    for rec in data.get("recommendations", ()):
        if rec not in recommendations:
            problems.append(f"cites recommendation {rec}, which does not exist")
    for action in data.get("actions", ()):
        if not action.recommendations:
            problems.append(f"action {action.id}: cites no recommendation")
        problems += [f"action {action.id}: cites recommendation {r}, which does not exist"
                     for r in action.recommendations if r not in recommendations]
    return problems


def _label_problems(data: dict) -> list[str]:
    texts = {"label": data["label"], "note": data.get("note")}
    for action in data.get("actions", ()):
        texts[f"action {action.id} text"] = action.text
        texts[f"action {action.id} timing"] = action.timing
    return missing_languages(texts)


def missing_languages(texts: dict[str, Text | None]) -> list[str]:
    """``"<name> has no <lang> text"`` for every text lacking a language."""
    return [f"{name} has no {lang} text" for name, t in texts.items() if t is not None
            for lang in LANGS if not t.get(lang).strip()]


def _flow_problems(flow: Flow, facts: dict[str, Fact], recommendations: set[int]) -> list[str]:
    problems = missing_languages({"title": flow.title, "summary": flow.summary,
                                  **{f"ambiguity {i + 1}": a for i, a in enumerate(flow.ambiguities)}})
    for a, b, edge in flow.graph.edges(data=True):
        if edge.get("label") is not None:
            name = f"edge {flow.graph.nodes[a]['short_id']} -> {flow.graph.nodes[b]['short_id']} label"
            problems += missing_languages({name: edge["label"]})
    used = [t.fact for t in flow.trigger] + [f for c in flow.checks for f in c["when"]]
    problems += [f"trigger or check uses undeclared fact {f!r}" for f in used if f not in facts]
    problems += [f"recommendation {r} does not exist" for r in flow.recommendations
                 if r not in recommendations]
    return problems
