"""The knowledge graph: questions, recommendations, flows, facts and named entities in one graph.

Node ids are typed, ``<kind>:<key>`` (``rec:6``, ``flow:hbv``, ``fact:hbsag``, ``drug:x``);
every node has ``kind`` and ``label`` ({"en", "zh"}). Edges carry a ``relation``:
question -includes-> rec -cited_by-> flow -asks-> fact -computed_from-> fact, and
rec -mentions-> entity, rec -cites-> ref.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import networkx as nx

from .content import Content
from .errors import UsageError
from .load import Guideline
from .model import Text

CORE_KINDS = ("question", "rec", "flow", "fact")
SEARCHED = ("label", "values", "value_ids", "aliases", "class", "disease")


def node_id(kind: str, key) -> str:
    """``node_id("rec", 6)`` -> ``"rec:6"``."""
    return f"{kind}:{key}"


def _label(t: Text | None) -> dict | None:
    return None if t is None else {"en": t.en, "zh": t.zh}


def citations(g: Guideline) -> dict[int, dict[str, list[str]]]:
    """``{rec: {flow id: [where]}}``: every flow citing a recommendation, and where it does.

    ``where`` names the citing nodes by their short id; ``flow`` means the flow's header.
    """
    cited: dict[int, dict[str, list[str]]] = {}
    for flow in g.flows.values():
        places = [("flow", n) for n in flow.recommendations]
        for _, data in flow.graph.nodes(data=True):
            numbers = set(data.get("recommendations") or ())
            numbers |= {n for a in data.get("actions") or () for n in a.recommendations}
            places += [(data["short_id"], n) for n in sorted(numbers)]
        for where, n in places:
            sites = cited.setdefault(n, {}).setdefault(flow.id, [])
            if where not in sites:
                sites.append(where)
    return cited


def uncited(g: Guideline, content: Content) -> list[int]:
    """Recommendations cited by no flow and not marked informational."""
    cited = citations(g)
    return [n for n, r in content.recommendations.items()
            if n not in cited and not r.informational]


def build_knowledge(g: Guideline, content: Content) -> nx.DiGraph:
    """The whole guideline as one directed graph, nodes and edges in a stable order."""
    kg = nx.DiGraph(guideline=g.id)
    _add_questions(kg, content)
    _add_flows(kg, g, content)
    _add_entities(kg, content)
    return kg


def _add_questions(kg: nx.DiGraph, content: Content) -> None:
    for q in content.questions.values():
        kg.add_node(node_id("question", q.number), kind="question", number=q.number,
                    label=_label(q.title), **({"note": _label(q.note)} if q.note else {}))
    for r in content.recommendations.values():
        kg.add_node(node_id("rec", r.number), kind="rec", number=r.number, question=r.question,
                    label=_label(r.label), summary=_label(r.summary),
                    informational=r.informational)
    for q in content.questions.values():
        for n in q.recommendations:
            kg.add_edge(node_id("question", q.number), node_id("rec", n), relation="includes")


def _add_flows(kg: nx.DiGraph, g: Guideline, content: Content) -> None:
    for flow in sorted(g.flows.values(), key=lambda f: f.id):
        kg.add_node(node_id("flow", flow.id), kind="flow", label=_label(flow.title),
                    flow_kind=flow.kind)
    asked = {f.id: _facts_asked(g, f.id) for f in g.flows.values()}
    asked_all = sorted({n for names in asked.values() for n in names})
    for name in asked_all:
        kg.add_node(node_id("fact", name), **_fact_attributes(g, name))
    for n, flows in sorted(citations(g).items()):
        if n in content.recommendations:
            for flow_id, where in sorted(flows.items()):
                kg.add_edge(node_id("rec", n), node_id("flow", flow_id), relation="cited_by",
                            where=", ".join(where))
    for flow_id in sorted(asked):
        for name in asked[flow_id]:
            kg.add_edge(node_id("flow", flow_id), node_id("fact", name), relation="asks")
    for name in asked_all:
        for source in _inputs(g, name):
            if source in asked_all:
                kg.add_edge(node_id("fact", name), node_id("fact", source),
                            relation="computed_from")


def _facts_asked(g: Guideline, flow_id: str) -> list[str]:
    """The facts a flow's decisions ask, then the inputs of any derived ones."""
    names = [n for n in g.flows[flow_id].facts_asked() if n in g.facts]
    for name in list(names):
        names += [i for i in _inputs(g, name) if i not in names]
    return names


def _inputs(g: Guideline, name: str) -> list[str]:
    fact = g.facts.get(name)
    out: list[str] = []
    for term in fact.terms if fact else ():
        for source in (term.fact, term.required_if[0] if term.required_if else None):
            if source and source in g.facts and source not in out:
                out.append(source)
    return out


def _fact_attributes(g: Guideline, name: str) -> dict:
    fact = g.facts[name]
    attrs = {"kind": "fact", "label": _label(fact.label), "type": fact.type,
             "derived": fact.derived}
    if fact.values:
        attrs["value_ids"] = ", ".join(fact.value_ids())
        attrs["values"] = {lang: ", ".join(v.label.get(lang) for v in fact.values)
                           for lang in ("en", "zh")}
    if fact.unit:
        attrs["unit"] = fact.unit
    return attrs


def _add_entities(kg: nx.DiGraph, content: Content) -> None:
    for kind in sorted(content.entities):
        for key, entity in sorted(content.entities[kind].items()):
            details = {k: _label(v) if isinstance(v, Text) else v
                       for k, v in entity.details.items() if v not in (None, "")}
            kg.add_node(node_id(kind, key), **details, kind=kind, label=_label(entity.label))
    for n, label in sorted(content.reference_labels.items()):
        kg.add_node(node_id("ref", n), kind="ref", number=n, label=_label(label))
    for r in content.recommendations.values():
        for kind, keys in sorted(r.mentions.items()):
            for key in keys:
                kg.add_edge(node_id("rec", r.number), node_id(kind, key), relation="mentions")
        for n in r.references:
            kg.add_edge(node_id("rec", r.number), node_id("ref", n), relation="cites")


def to_node_link(kg: nx.DiGraph) -> dict:
    """Node-link data (``nodes`` and ``edges``), ready for ``json.dumps``."""
    return nx.node_link_data(kg, edges="edges")


def from_node_link(data: dict) -> nx.DiGraph:
    return nx.node_link_graph(data, directed=True, edges="edges")


def to_graphml(kg: nx.DiGraph) -> str:
    """GraphML text; ``{"en", "zh"}`` attributes are flattened to ``name_en`` / ``name_zh``."""
    flat = nx.DiGraph()
    flat.graph.update(_flatten(kg.graph))
    flat.add_nodes_from((n, _flatten(d)) for n, d in kg.nodes(data=True))
    flat.add_edges_from((a, b, _flatten(d)) for a, b, d in kg.edges(data=True))
    buffer = io.BytesIO()
    nx.write_graphml(flat, buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue().decode("utf-8")


def _flatten(attrs: dict) -> dict:
    out = {}
    for key, value in attrs.items():
        if isinstance(value, dict):
            out.update({f"{key}_{lang}": v for lang, v in value.items()})
        elif value is not None:
            out[key] = value
    return out


@dataclass(frozen=True)
class About:
    """What concerns a search term: the nodes it matched and the related items."""

    term: str
    matches: tuple[str, ...]
    recommendations: tuple[int, ...]
    flows: tuple[str, ...]
    facts: tuple[str, ...]


def about(kg: nx.DiGraph, term: str) -> About:
    """Recommendations, flows and facts concerning ``term`` (case-insensitive, both languages).

    Raises UsageError, with a suggestion, when nothing matches.
    """
    needle = term.strip().casefold()
    if not needle:
        raise UsageError("give a word to look for, e.g. a drug, a test or a fact name")
    matches = [n for n, d in kg.nodes(data=True) if needle in _haystack(n, d)]
    if not matches:
        raise UsageError(f"nothing in the guideline matches {term!r}{_suggestion(kg, needle)}")
    recs, flows, facts = _related(kg, matches)
    return About(term, tuple(matches), tuple(sorted(recs)), tuple(sorted(flows)),
                 tuple(sorted(facts)))


def _haystack(node: str, data: dict) -> str:
    parts = [node]
    for key in SEARCHED:
        value = data.get(key)
        parts += list(value.values()) if isinstance(value, dict) else [str(value or "")]
    return "\n".join(parts).casefold()


def _related(kg: nx.DiGraph, matches: list[str]) -> tuple[set, set, set]:
    """Recommendations matched or naming a match, flows matched, asking or citing them, facts."""
    kind = lambda n: kg.nodes[n]["kind"]  # noqa: E731
    near = lambda nodes, k, step: {m for n in nodes for m in step(n) if kind(m) == k}  # noqa: E731
    by_kind = {k: {n for n in matches if kind(n) == k} for k in CORE_KINDS}
    named = {n for n in matches if kind(n) not in CORE_KINDS}
    recs = by_kind["rec"] | near(by_kind["question"], "rec", kg.successors)
    recs |= near(named, "rec", kg.predecessors)
    flows = by_kind["flow"] | near(by_kind["fact"], "flow", kg.predecessors)
    recs_of_flows = near(flows, "rec", kg.predecessors)
    flows |= near(recs, "flow", kg.successors)
    facts = by_kind["fact"] | near(by_kind["flow"], "fact", kg.successors)
    key = lambda n: n.split(":", 1)[1]  # noqa: E731
    return ({int(key(r)) for r in recs | recs_of_flows}, {key(f) for f in flows},
            {key(f) for f in facts})


def _suggestion(kg: nx.DiGraph, needle: str) -> str:
    from .values import suggest

    words = {n.split(":", 1)[1].casefold() for n in kg}
    words |= {v.casefold() for _, d in kg.nodes(data=True) for v in (d.get("label") or {}).values()}
    close = suggest(needle, sorted(words))
    return close or " (try a drug, test, trial, fact or flow name; `nmosd-flow graph` lists all)"
