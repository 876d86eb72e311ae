"""Build the core model from data files: YAML -> strict pydantic specs -> dataclasses and graphs."""

from __future__ import annotations

import networkx as nx
from pydantic import ValidationError

from . import schema as s
from .conditions import Condition, interval_from
from .errors import FlowError
from .model import Action, CountTerm, EnumValue, Fact, Flow, Override, Text, TriggerTerm
from .units import unit_key
from .yamlio import read_yaml  # noqa: F401 - kept importable from here


def validate(label: str, model: type[s.Strict], data):
    """Validate ``data`` against ``model``; every problem becomes ``label: location: message``."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise FlowError([_error_line(label, e) for e in exc.errors()]) from None


def _error_line(label: str, error: dict) -> str:
    location = ".".join(str(part) for part in error["loc"])
    value = error.get("input")
    shown = f" (got {value!r})" if isinstance(value, str | int | float | bool) else ""
    return f"{label}: {location}: {error['msg']}{shown}"


def text(spec: s.TextSpec | None) -> Text | None:
    """Missing languages become empty strings; verification reports them by node."""
    return None if spec is None else Text(spec.en or "", spec.zh or "")


def condition(when, fact: Fact | None) -> Condition:
    """A branch condition from its ``when`` spec, typed by the fact it tests."""
    if isinstance(when, dict):
        return Condition(interval=interval_from(when))
    values = when if isinstance(when, list) else [when]
    if fact is not None and fact.type == "bool":
        values = [v if isinstance(v, bool) else str(v).lower() in {"true", "yes"} for v in values]
    return Condition(values=frozenset(values))


def build_facts(label: str, data) -> dict[str, Fact]:
    """The fact registry from the facts file."""
    spec = validate(label, s.FactFileSpec, data)
    shared = spec.value_labels
    try:
        facts = {name: _fact(name, f, shared) for name, f in spec.facts.items()}
    except _BadUnit as exc:
        raise FlowError([f"{label}: facts.{exc.args[0]}.common_units: {exc.args[1]}"]) from None
    for name, f in spec.facts.items():
        terms = tuple(_term(t, facts) for t in f.terms)
        if terms:
            facts[name] = _replace_terms(facts[name], terms)
    return facts


def aliases(data) -> dict[str, str]:
    """Alternate fact names (kept when a fact is renamed) mapped to the current name."""
    spec = s.FactFileSpec.model_validate(data)
    return {alias: name for name, f in spec.facts.items() for alias in f.aliases}


def _fact(name: str, f: s.FactSpec, shared: dict[str, s.ValueSpec]) -> Fact:
    values = tuple(_value(v, shared) for v in f.values)
    return Fact(name=name, type=f.type, label=text(f.label), description=text(f.description)
                or Text("", ""), values=values, unit=f.unit, minimum=f.minimum,
                maximum=f.maximum, integer=f.integer or f.type == "count",
                factors=_factors(name, f.common_units, f.unit))


class _BadUnit(Exception):
    """A common unit that pint cannot convert to the fact's unit: ``(fact, message)``."""


def _factors(name: str, common: list[str], unit: str | None) -> tuple[tuple[str, float], ...]:
    if not common or not unit:
        return ()
    from .units import factor

    try:
        return tuple((unit_key(u), factor(u, unit)) for u in common)
    except Exception as exc:  # noqa: BLE001 - pint raises many kinds; each is a data error
        raise _BadUnit(name, f"cannot convert to {unit}: {exc}") from None


def _value(v: str | s.ValueSpec, shared: dict[str, s.ValueSpec]) -> EnumValue:
    spec = shared.get(v, s.ValueSpec(id=v)) if isinstance(v, str) else v
    label = text(spec.label) or Text(spec.id.replace("_", " "), spec.id)
    return EnumValue(id=spec.id, label=label, aliases=tuple(spec.aliases))


def _term(t: s.TermSpec, facts: dict[str, Fact]) -> CountTerm:
    required = None
    if t.required_if is not None:
        required = (t.required_if.fact, condition(t.required_if.when, facts.get(t.required_if.fact)))
    return CountTerm(fact=t.fact, condition=condition(t.when, facts.get(t.fact)),
                     required_if=required)


def _replace_terms(fact: Fact, terms: tuple[CountTerm, ...]) -> Fact:
    from dataclasses import replace

    return replace(fact, terms=terms, minimum=0, maximum=len(terms))


def build_flow(label: str, data, facts: dict[str, Fact], verdicts: list[str] | None = None,
               shared: dict[str, Action] | None = None) -> Flow:
    """A flow as a ``networkx.DiGraph`` with node ids prefixed by the flow id.

    ``verdicts`` (most restrictive first) ranks the outcomes for overrides; ``shared`` holds
    the guideline's shared actions that an action may ``use``.
    """
    spec = validate(label, s.FlowSpec, data)
    errors, ids = [], [n.id for n in spec.nodes]
    known = set(ids)
    graph = nx.DiGraph(flow=spec.id)
    errors += [f"{label}: nodes.{d}: duplicate node id" for d in sorted({i for i in ids if ids.count(i) > 1})]
    shared = shared or {}
    for node in spec.nodes:
        errors += [f"{label}: nodes.{node.id}: actions: no shared action {a.use!r}"
                   f"{_suggest(a.use, shared)}" for a in node.actions
                   if a.use is not None and a.use not in shared]
        graph.add_node(f"{spec.id}.{node.id}", **_node_data(spec.id, node, shared))
    for node in spec.nodes:
        for target, attrs in _edges(node, facts):
            if target not in known:
                errors.append(f"{label}: nodes.{node.id}: goes to unknown node {target!r}"
                              f"{_suggest(target, known)}")
                continue
            graph.add_edge(f"{spec.id}.{node.id}", f"{spec.id}.{target}", **attrs)
    if spec.start not in known:
        errors.append(f"{label}: start: unknown node {spec.start!r}")
    overrides = tuple(_override(spec.id, o, facts) for o in spec.overrides)
    errors += [f"{label}: overrides.{o.id}: goes to unknown node {o.to!r}{_suggest(o.to, known)}"
               for o in spec.overrides if o.to not in known]
    if errors:
        raise FlowError(errors)
    rank = {v: i for i, v in enumerate(verdicts or ())}
    ranks = {n: rank[d["verdict"]] for n, d in graph.nodes(data=True)
             if d["kind"] == "outcome" and d.get("verdict") in rank}
    return Flow(id=spec.id, title=text(spec.title), summary=text(spec.summary) or Text("", ""),
                kind=spec.kind, recommendations=tuple(spec.recommendations), source=spec.source,
                graph=graph, start=f"{spec.id}.{spec.start}",
                trigger=tuple(_trigger(t) for t in spec.trigger),
                ambiguities=tuple(text(a) for a in spec.ambiguities),
                checks=tuple({"when": c.when, "message": text(c.message)} for c in spec.checks),
                overrides=overrides, ranks=ranks)


def _override(flow_id: str, spec: s.OverrideSpec, facts: dict[str, Fact]) -> Override:
    conditions = tuple((f, condition(w, facts.get(f))) for f, w in spec.when.items())
    return Override(id=f"{flow_id}.{spec.id}", conditions=conditions,
                    outcome=f"{flow_id}.{spec.to}", label=text(spec.label))


def shared_actions(specs) -> dict[str, Action]:
    """The guideline's shared actions by id (header ``shared_actions``)."""
    return {a.id: Action(id=a.id, text=text(a.text), timing=text(a.timing),
                         recommendations=tuple(a.recommendations)) for a in specs}


def _suggest(word: str, known) -> str:
    from .values import suggest

    return suggest(word, known)


def _node_data(flow_id: str, node: s.NodeSpec, shared: dict[str, Action]) -> dict:
    data = {"kind": node.kind, "label": text(node.label), "short_id": node.id}
    if node.note:
        data["note"] = text(node.note)
    if node.kind == "decision":
        data["fact"] = node.fact
    if node.kind in ("outcome", "action"):
        data["actions"] = tuple(shared[a.use] if a.use is not None else _action(a, node)
                                for a in node.actions if a.use is None or a.use in shared)
        data["recommendations"] = tuple(node.recommendations)
        data["derived_from"] = node.derived_from
    if node.kind == "outcome":
        data["verdict"] = node.verdict
        data["subject"] = node.subject
    return data


def _action(a: s.ActionSpec, node: s.NodeSpec) -> Action:
    recs = tuple(a.recommendations) or tuple(node.recommendations)
    return Action(id=a.id, text=text(a.text), timing=text(a.timing), recommendations=recs,
                  covered_by=tuple(tuple(group) for group in a.covered_by))


def _edges(node: s.NodeSpec, facts: dict[str, Fact]):
    if node.kind in ("start", "action") and node.next:
        yield node.next, {"condition": None, "label": None}
    for branch in node.branches:
        cond = condition(branch.when, facts.get(node.fact or ""))
        yield branch.to, {"condition": cond, "label": text(branch.label), "when": branch.when}


def _trigger(t: s.TriggerSpec) -> TriggerTerm:
    return TriggerTerm(fact=t.fact, is_in=frozenset(t.is_) if t.is_ is not None else None,
                       not_in=frozenset(t.not_) if t.not_ is not None else None)
