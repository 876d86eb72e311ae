"""A flow as a Graphviz DOT graph, optionally with one patient's path highlighted."""

from __future__ import annotations

from dataclasses import dataclass

from graph import Flow, Guideline, Trace

from . import style as cs

BASE = {
    "start": {"shape": "box", "style": "rounded,filled", "fillcolor": "#eceff1"},
    "decision": {"shape": "diamond", "style": "filled", "fillcolor": "#f5f7fa", "margin": "0"},
    "action": {"shape": "box", "style": "filled", "fillcolor": "#ffffff"},
    "note": {"shape": "note", "style": "filled", "fillcolor": "#fafafa", "fontsize": "9"},
    "override": {"shape": "box", "style": "rounded,dashed,filled", "fillcolor": "#fff8e1"},
}
NODE_STATE = {
    "plain": {},
    "on": {"color": cs.PATH, "penwidth": "3"},
    "off": {"color": cs.MUTED_LINE, "fontcolor": cs.MUTED_TEXT, "fillcolor": "#fafafa"},
    "await": {"color": cs.AWAIT, "fillcolor": cs.AWAIT_FILL, "penwidth": "3"},
    "still": {"style": "filled,dashed"},
}
EDGE_STATE = {
    "plain": {},
    "on": {"color": cs.PATH, "fontcolor": cs.PATH, "penwidth": "3"},
    "off": {"color": cs.MUTED_LINE, "fontcolor": cs.MUTED_TEXT},
    "still": {"style": "dashed"},
}


@dataclass(frozen=True)
class Marks:
    """What a trace touches: visited nodes and edges, the waiting decision, what is still open."""

    active: bool = False
    nodes: frozenset = frozenset()
    edges: frozenset = frozenset()
    waiting: str | None = None
    still: frozenset = frozenset()  # nodes below ``waiting`` on a way to a reachable outcome
    missing: tuple = ()  # the facts to obtain, the first at ``waiting``
    override: str | None = None  # the override that decided the trace

    def fired(self, override_id: str) -> str:
        """An override's state: plain (no trace), on (it decided) or off."""
        if not self.active:
            return "plain"
        return "on" if override_id == self.override else "off"

    def node(self, node: str) -> str:
        """The node's state: plain (no trace), on, await, still or off."""
        if not self.active:
            return "plain"
        if node == self.waiting:
            return "await"
        return "on" if node in self.nodes else "still" if node in self.still else "off"

    def edge(self, u: str, v: str) -> str:
        if not self.active:
            return "plain"
        if (u, v) in self.edges:
            return "on"
        return "still" if v in self.still and (u in self.still or u == self.waiting) else "off"


def marks(flow: Flow, trace: Trace | None) -> Marks:
    """The highlighting ``trace`` asks for; no highlighting without a trace."""
    if trace is None:
        return Marks()
    import networkx as nx

    path = trace.path
    edges = frozenset(zip(path, path[1:], strict=False))
    if trace.status != "incomplete" or not path:
        return Marks(True, frozenset(path), edges, override=trace.override)
    waiting, reachable = path[-1], set(trace.reachable)
    still = {n for n in nx.descendants(flow.graph, waiting)
             if n in reachable or nx.descendants(flow.graph, n) & reachable}
    return Marks(True, frozenset(path), edges, waiting, frozenset(still), trace.missing,
                 trace.override)


def flow_dot(g: Guideline, flow_id: str, trace: Trace | None = None, lang: str = "en"):
    """The ``graphviz.Digraph`` of one flow; raises UsageError for an unknown flow id."""
    import graphviz

    g.select_flows([flow_id])
    flow = g.flows[flow_id]
    if trace is not None and trace.flow != flow_id:
        raise ValueError(f"the trace is of flow {trace.flow!r}, not {flow_id!r}")
    mk = marks(flow, trace)
    font = {"fontname": cs.FONT}
    dot = graphviz.Digraph(name=flow_id, graph_attr=_graph_attrs(g, flow, mk, lang),
                           node_attr={**font, "fontsize": "11", "color": cs.LINE,
                                      "fontcolor": cs.INK, "penwidth": "1.2"},
                           edge_attr={**font, "fontsize": "9.5", "color": cs.LINE,
                                      "fontcolor": cs.INK, "arrowsize": "0.7"})
    with dot.subgraph(name="cluster_flow") as body:
        body.attr(label=cs.title(g, flow, trace, lang), color="white", labelloc="t",
                  labeljust="c", **font)
        _draw_nodes(body, g, flow, mk, lang)
        _draw_edges(body, flow, mk, lang)
        _draw_overrides(body, flow, mk, lang)
    return dot


def _graph_attrs(g: Guideline, flow: Flow, mk: Marks, lang: str) -> dict:
    return {"id": f"flow-{flow.id}", "rankdir": "TB", "size": cs.A4_DRAWING, "margin": "0.15",
            "nodesep": "0.25", "ranksep": "0.28", "fontname": cs.FONT, "fontsize": "10",
            "labelloc": "b", "label": cs.legend(g, flow, bool(mk.nodes), bool(mk.waiting), lang),
            "bgcolor": "white"}


def _tip(text: str) -> str:
    """A tooltip (an escString for Graphviz): backslashes escaped, so ``\\N`` stays literal."""
    import graphviz

    return graphviz.escape(text)


def _node_id(flow: Flow, node: str, suffix: str = "") -> str:
    return f"{flow.id}-{node.split('.', 1)[1]}{suffix}"


def _draw_nodes(dot, g: Guideline, flow: Flow, mk: Marks, lang: str) -> None:
    for node, data in flow.graph.nodes(data=True):
        state, kind = mk.node(node), data["kind"]
        if kind == "outcome":
            attrs = _outcome_attrs(g, data, state, lang)
        else:
            obtain = _obtain(g, mk.missing[0], lang) if state == "await" else None
            label = _plain_label(data, state, lang, obtain)
            attrs = {**BASE[kind], **NODE_STATE[state], "label": label}
        verdict = f" verdict-{data['verdict']}" if kind == "outcome" else ""
        dot.node(node, id=_node_id(flow, node), tooltip=_tip(data["label"].get(lang)),
                 **{"class": f"{kind} {state}{verdict}"}, **attrs)
        if kind == "outcome":
            _draw_notes(dot, flow, node, data, state, lang)


def _obtain(g: Guideline, fact: str, lang: str) -> list[str]:
    """``? obtain:`` and the fact's label, as label rows in the waiting colour."""
    w, text = cs.words(lang), g.facts[fact].label.get(lang)
    style = {"bold": True, "colour": cs.AWAIT}
    return cs.para(w["obtain"] + w["sep"].strip(), 20, **style) + cs.para(text, cs.balanced(text),
                                                                            **style)


def _plain_label(data: dict, state: str, lang: str, obtain: list[str] | None = None) -> str:
    """Label of a start, decision or action node: text, timing and recs, or what to obtain."""
    text = data["label"].get(lang)
    width = cs.balanced(text) if data["kind"] == "decision" else cs.WIDTH[data["kind"]]
    grey = {"colour": cs.MUTED_TEXT} if state == "off" else {}
    paras = [cs.para(text, width)]
    if obtain:
        paras.append(obtain)
    for action in data.get("actions", ()):  # what to give, and when (drug, dose, route, time)
        paras.append(cs.para(action.text.get(lang), width, size=9, **grey))
        if action.timing:
            paras.append(cs.para(action.timing.get(lang), width, size=8.5, italic=True, **grey))
    if data.get("recommendations"):
        paras.append(cs.para(cs.recs_text(data["recommendations"], lang), width, size=8.5,
                             **grey))
    return cs.label(*paras)


def _outcome_attrs(g: Guideline, data: dict, state: str, lang: str) -> dict:
    """An outcome: verdict tint, strong border, verdict word, label, note and citations."""
    colour = g.verdict(data["verdict"]).colour
    off, width = state == "off", cs.WIDTH["outcome"]
    attrs = {"shape": "box", "style": "filled,dashed" if state == "still" else "filled",
             "fillcolor": cs.tint(colour, 0.94 if off else 0.85),
             "color": cs.tint(colour, 0.55) if off else cs.PATH if state == "on" else colour,
             "penwidth": "3.5" if state == "on" else "1" if off else "2"}
    grey = {"colour": cs.MUTED_TEXT} if off else {}
    if off:
        attrs["fontcolor"] = cs.MUTED_TEXT
    bullet = cs.styled("■", colour=cs.tint(colour, 0.55) if off else colour)
    word = cs.styled(cs.escape(g.verdict(data["verdict"]).label.get(lang)), bold=True)
    paras = [[f"{bullet} {word}"], cs.para(data["label"].get(lang), width)]
    if data.get("note"):
        paras.append(cs.para(data["note"].get(lang), width + 4, size=8.5, italic=True, **grey))
    refs = cs.recs_text(data["recommendations"], lang)
    if data.get("derived_from"):
        refs += f" · {cs.words(lang)['from_text']}"
    paras.append(cs.para(refs, width + 6, size=8.5, **grey))
    return {**attrs, "label": cs.label(*paras)}


def _draw_notes(dot, flow: Flow, node: str, data: dict, state: str, lang: str) -> None:
    """Each action of an outcome as a note box, hung below it (and each other) by dashed lines."""
    on, off, width = state == "on", state == "off", cs.WIDTH["note"]
    line = cs.PATH if on else cs.MUTED_LINE if off else cs.NOTE_LINE
    grey = {"colour": cs.MUTED_TEXT} if off else {}
    pen = {"color": line, "penwidth": "2" if on else "1"}
    above = node
    for action in data["actions"]:
        name = f"{node}.{action.id}"
        paras = [cs.para(action.text.get(lang), width)]
        recs = cs.recs_text(action.recommendations, lang)
        when = f"{action.timing.get(lang)}\u00a0·\u00a0{recs}" if action.timing else recs
        paras.append(cs.para(when, width + 4, size=8, italic=True, **grey))
        style = {**BASE["note"], **pen, **({"fontcolor": cs.MUTED_TEXT} if off else {})}
        dot.node(name, id=_node_id(flow, node, f"-{action.id}"), label=cs.label(*paras),
                 tooltip=_tip(action.text.get(lang)), **{"class": f"note {state}"}, **style)
        dot.edge(above, name, style="dashed", arrowhead="none", **pen,
                 **{"class": f"note-link {state}"})
        above = name


def _draw_edges(dot, flow: Flow, mk: Marks, lang: str) -> None:
    for u, v, data in flow.graph.edges(data=True):
        state = mk.edge(u, v)
        attrs = dict(EDGE_STATE[state])
        text = _edge_text(data, lang)
        if text:
            attrs["label"] = cs.label(cs.para(text, cs.WIDTH["edge"], bold=state == "on"),
                                      pad=2)
        dot.edge(u, v, id=f"{_node_id(flow, u)}-to-{v.split('.', 1)[1]}",
                 **{"class": f"branch {state}"}, **attrs)


def _draw_overrides(dot, flow: Flow, mk: Marks, lang: str) -> None:
    """Each override as a dashed box with a dashed arrow to the outcome it leads to."""
    for override in flow.overrides:
        state = mk.fired(override.id)
        name = f"{override.id}@override"
        paras = [cs.para(cs.words(lang)["override"], cs.WIDTH["override"], size=8.5,
                         italic=True), cs.para(override.label.get(lang), cs.WIDTH["override"],
                                               bold=state == "on")]
        dot.node(name, id=_node_id(flow, override.id, "-override"), label=cs.label(*paras),
                 tooltip=_tip(override.label.get(lang)), **{"class": f"override {state}"},
                 **{**BASE["override"], **NODE_STATE[state], "style": "rounded,dashed,filled"})
        dot.edge(name, override.outcome, id=f"{_node_id(flow, override.id, '-override')}-to-"
                                            f"{override.outcome.split('.', 1)[1]}",
                 **{"class": f"override-link {state}", **EDGE_STATE[state], "style": "dashed"})


def _edge_text(data: dict, lang: str) -> str:
    if data.get("label") is not None:
        return data["label"].get(lang)
    return data["condition"].label() if data.get("condition") is not None else ""
