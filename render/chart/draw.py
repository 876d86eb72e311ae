"""A flow (or one part of it) as a Graphviz DOT graph, optionally with one patient's path."""

from __future__ import annotations

from graph import Flow, Guideline, Trace

from . import palette
from . import style as cs
from .marks import Marks, marks
from .part import Part

BASE = {
    "start": {"shape": "box", "style": "rounded,filled", "fillcolor": "#eceff1"},
    "entry": {"shape": "box", "style": "rounded,filled", "fillcolor": "#eceff1"},
    "decision": {"shape": "diamond", "style": "filled", "fillcolor": "#f5f7fa", "margin": "0"},
    "action": {"shape": "box", "style": "filled", "fillcolor": "#ffffff"},
    "note": {"shape": "note", "style": "filled", "fillcolor": "#fafafa", "fontsize": "9"},
    "override": {"shape": "box", "style": "rounded,dashed,filled", "fillcolor": "#fff8e1"},
    "exit": {"shape": "cds", "style": "filled", "fillcolor": "#e3eaf2", "margin": "0.12,0.06"},
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


def flow_dot(g: Guideline, flow_id: str, trace: Trace | None = None, lang: str = "en",
             part: Part | None = None):
    """The ``graphviz.Digraph`` of one flow, or of one ``part`` of it (see ``chart_parts``);
    raises UsageError for an unknown flow id. The drawing has its natural size."""
    import graphviz

    g.select_flows([flow_id])
    flow = g.flows[flow_id]
    part = part or Part(flow_id)
    if trace is not None and trace.flow != flow_id:
        raise ValueError(f"the trace is of flow {trace.flow!r}, not {flow_id!r}")
    mk = marks(flow, trace)
    font = {"fontname": cs.FONT}
    dot = graphviz.Digraph(name=flow_id, graph_attr=_graph_attrs(g, flow, part, mk, lang),
                           node_attr={**font, "fontsize": str(cs.SIZE["node"]), "color": cs.LINE,
                                      "fontcolor": cs.INK, "penwidth": "1.2"},
                           edge_attr={**font, "fontsize": str(cs.SIZE["edge"]), "color": cs.LINE,
                                      "fontcolor": cs.INK, "arrowsize": "0.7"})
    with dot.subgraph(name="cluster_flow") as body:
        body.attr(label=cs.title(g, flow, trace, lang, part), color="white", labelloc="t",
                  labeljust="c", **font)
        _draw_entry(body, g, flow, part, mk, lang)
        _draw_nodes(body, g, flow, part, mk, lang)
        _draw_edges(body, flow, part, mk, lang)
        _draw_exits(body, flow, part, mk, lang)
        _draw_overrides(body, flow, part, mk, lang)
    return dot


def _graph_attrs(g: Guideline, flow: Flow, part: Part, mk: Marks, lang: str) -> dict:
    return {"id": f"flow-{flow.id}{part.slug}", "rankdir": "TB", "margin": "0.15",
            "nodesep": "0.18", "ranksep": "0.28", "fontname": cs.FONT, "fontsize": "10",
            "labelloc": "b", "bgcolor": "white",
            "label": cs.legend(g, flow, part, bool(mk.nodes), bool(mk.waiting), lang)}


def _tip(text: str) -> str:
    """A tooltip (an escString for Graphviz): backslashes escaped, so ``\\N`` stays literal."""
    import graphviz

    return graphviz.escape(text)


def node_id(flow: Flow, node: str, suffix: str = "") -> str:
    """The SVG id of a drawn node: ``hbv-hbsag``, ``hbv-non_carrier-actions``, ..."""
    return f"{flow.id}-{node.split('.', 1)[1]}{suffix}"


def edge_id(flow: Flow, u: str, v: str, suffix: str = "") -> str:
    return f"{node_id(flow, u, suffix)}-to-{v.split('.', 1)[1]}"


def _draw_nodes(dot, g: Guideline, flow: Flow, part: Part, mk: Marks, lang: str) -> None:
    for node, data in flow.graph.nodes(data=True):
        if not part.has(node):
            continue
        state, kind = mk.node(node), data["kind"]
        if kind == "outcome":
            attrs = _outcome_attrs(g, data, state, lang)
        else:
            obtain = _obtain(g, mk.missing[0], lang) if state == "await" else None
            label = _plain_label(data, state, lang, obtain)
            attrs = {**BASE[kind], **NODE_STATE[state], "label": label}
        verdict = f" verdict-{data['verdict']}" if kind == "outcome" else ""
        dot.node(node, id=node_id(flow, node), tooltip=_tip(data["label"].get(lang)),
                 **{"class": f"{kind} {state}{verdict}"}, **attrs)
        if kind == "outcome" and data["actions"]:
            _draw_note(dot, flow, node, data, state, lang)


def _obtain(g: Guideline, fact: str, lang: str) -> list[str]:
    """``? obtain:`` and the fact's label, as label rows in the waiting colour."""
    w, text = cs.words(lang), g.facts[fact].label.get(lang)
    style = {"bold": True, "colour": cs.AWAIT}
    return cs.para(w["obtain"] + w["sep"].strip(), 20, **style) + cs.para(text, cs.balanced(text),
                                                                            **style)


def _plain_label(data: dict, state: str, lang: str, obtain: list[str] | None = None) -> str:
    """Label of a start, decision or action node: text, timing and recs, or what to obtain.

    An action node lists what to give (drug, dose, route) and when, one ruled row each, in
    lines wider than its heading: a long list stays short."""
    text = data["label"].get(lang)
    width = cs.balanced(text) if data["kind"] == "decision" else cs.WIDTH[data["kind"]]
    grey = {"colour": cs.MUTED_TEXT} if state == "off" else {}
    head = [cs.para(text, width)]
    if obtain:
        head.append(obtain)
    recs = [cs.para(cs.recs_text(data["recommendations"], lang), width, size=cs.SIZE["small"],
                    **grey)] if data.get("recommendations") else []
    actions = data.get("actions", ())
    if not actions:
        return cs.label(*head, *recs)
    wide = cs.WIDTH["action_detail"] if len(actions) < 4 else cs.WIDTH["action_detail"] // 2 + 4
    cells = []
    for action in actions:
        cell = [cs.para(action.text.get(lang), wide, size=cs.SIZE["detail"], **grey)]
        if action.timing:
            cell.append(cs.para(action.timing.get(lang), wide + 4, size=cs.SIZE["small"],
                                italic=True, **grey))
        cells.append(cell)
    if len(actions) < 4:
        return cs.ruled([head, *cells[:-1], cells[-1] + recs])
    return cs.grid(head, cells, recs)


def _outcome_attrs(g: Guideline, data: dict, state: str, lang: str) -> dict:
    """An outcome: verdict tint, strong border, verdict word, label, note and citations."""
    colour = g.verdict(data["verdict"]).colour
    line = palette.line_of(colour)
    off, width = state == "off", cs.WIDTH["outcome"]
    attrs = {"shape": "box", "style": "filled,dashed" if state == "still" else "filled",
             "fillcolor": cs.tint(colour, 0.94 if off else 0.8),
             "color": cs.tint(line, 0.55) if off else cs.PATH if state == "on" else line,
             "penwidth": "3.5" if state == "on" else "1" if off else "2"}
    grey = {"colour": cs.MUTED_TEXT} if off else {}
    if off:
        attrs["fontcolor"] = cs.MUTED_TEXT
    bullet = cs.styled("■", colour=cs.tint(line, 0.55) if off else line)
    word = cs.styled(cs.escape(g.verdict(data["verdict"]).label.get(lang)), bold=True)
    paras = [[f"{bullet} {word}"], cs.para(data["label"].get(lang), width)]
    if data.get("note"):
        paras.append(cs.para(data["note"].get(lang), width + 4, size=cs.SIZE["small"],
                             italic=True, **grey))
    refs = cs.recs_text(data["recommendations"], lang)
    if data.get("derived_from"):
        refs += f" · {cs.words(lang)['from_text']}"
    paras.append(cs.para(refs, width + 6, size=cs.SIZE["small"], **grey))
    return {**attrs, "label": cs.label(*paras)}


def _draw_note(dot, flow: Flow, node: str, data: dict, state: str, lang: str) -> None:
    """An outcome's actions in one note box, hung below it by a dashed line."""
    on, off, width = state == "on", state == "off", cs.WIDTH["note"]
    line = cs.PATH if on else cs.MUTED_LINE if off else cs.NOTE_LINE
    grey = {"colour": cs.MUTED_TEXT} if off else {}
    pen = {"color": line, "penwidth": "2" if on else "1"}
    rows = []
    for action in data["actions"]:
        recs = cs.recs_text(action.recommendations, lang)
        when = f"{action.timing.get(lang)}\u00a0·\u00a0{recs}" if action.timing else recs
        rows.append([cs.para(action.text.get(lang), width),
                     cs.para(when, width + 4, size=cs.SIZE["small"], italic=True, **grey)])
    style = {**BASE["note"], **pen, **({"fontcolor": cs.MUTED_TEXT} if off else {})}
    tip = " · ".join(a.text.get(lang) for a in data["actions"])
    name = f"{node}.actions"
    dot.node(name, id=node_id(flow, node, "-actions"), label=cs.ruled(rows),
             tooltip=_tip(tip), **{"class": f"note {state}"}, **style)
    dot.edge(node, name, style="dashed", arrowhead="none", **pen,
             **{"class": f"note-link {state}"})


def _heights(flow: Flow) -> dict[str, int]:
    """Each node's longest way down to an outcome, in edges."""
    import networkx as nx

    height: dict[str, int] = {}
    for node in reversed(list(nx.topological_sort(flow.graph))):
        height[node] = max((height[v] + 1 for v in flow.graph.successors(node)), default=0)
    return height


def _draw_edges(dot, flow: Flow, part: Part, mk: Marks, lang: str) -> None:
    """Each branch; steps that lead into a shared later step line up above it (minlen)."""
    exits = {(u, v) for u, v, *_ in part.exits}
    height = _heights(flow)
    for u, v, data in flow.graph.edges(data=True):
        if not (part.has(u) and (part.has(v) or (u, v) in exits)):
            continue
        state = mk.edge(u, v)
        attrs = dict(EDGE_STATE[state])
        text = _edge_text(data, lang)
        if text:
            attrs["label"] = cs.label(cs.para(text, cs.WIDTH["edge"], bold=state == "on"),
                                      pad=2)
        if flow.graph.nodes[v]["kind"] != "outcome" and height[u] - height[v] > 1:
            attrs["minlen"] = str(height[u] - height[v])
        head = v if part.has(v) else f"{v}@exit"
        dot.edge(u, head, id=edge_id(flow, u, v), **{"class": f"branch {state}"}, **attrs)


def _draw_entry(dot, g: Guideline, flow: Flow, part: Part, mk: Marks, lang: str) -> None:
    """A part that continues an earlier chart starts with the answers that lead into it."""
    if not part.entry:
        return
    w = cs.words(lang)
    decision, root = part.entry[-1]
    paras = [cs.para(w["from_part"], cs.WIDTH["start"], size=cs.SIZE["small"], italic=True)]
    for u, v in part.entry:
        question = flow.graph.nodes[u]["label"].get(lang)
        answer = _edge_text(flow.graph.edges[u, v], lang)
        text = f"{question} → {answer}" if answer else f"{question} →"
        paras.append(cs.para(text, cs.WIDTH["start"], size=cs.SIZE["detail"]))
    state = mk.entry(part.entry)
    name = f"{root}@entry"
    dot.node(name, id=node_id(flow, root, "-entry"), label=cs.label(*paras),
             tooltip=_tip(flow.graph.nodes[decision]["label"].get(lang)),
             **{"class": f"entry {state}"}, **{**BASE["entry"], **NODE_STATE[state]})
    dot.edge(name, root, id=edge_id(flow, decision, root, "-entry"),
             **{"class": f"branch {state}"}, **EDGE_STATE[state])


def _draw_exits(dot, flow: Flow, part: Part, mk: Marks, lang: str) -> None:
    """Each branch drawn in another chart, as a box that names that chart."""
    w = cs.words(lang)
    for u, v, first, last in dict.fromkeys(part.exits):
        state = mk.entry(((u, v),))
        text = w["continued"].format(n=first if first == last else f"{first}-{last}")
        dot.node(f"{v}@exit", id=node_id(flow, v, "-exit"),
                 label=cs.label(cs.para(text, cs.WIDTH["edge"] + 4, bold=True)),
                 tooltip=_tip(text), **{"class": f"exit {state}"},
                 **{**BASE["exit"], **NODE_STATE[state]})


def _draw_overrides(dot, flow: Flow, part: Part, mk: Marks, lang: str) -> None:
    """Each override as a dashed box with a dashed arrow to the outcome it leads to."""
    for override in flow.overrides:
        if not part.has(override.outcome):
            continue
        state = mk.fired(override.id)
        name = f"{override.id}@override"
        paras = [cs.para(cs.words(lang)["override"], cs.WIDTH["override"],
                         size=cs.SIZE["small"], italic=True),
                 cs.para(override.label.get(lang), cs.WIDTH["override"], bold=state == "on")]
        dot.node(name, id=node_id(flow, override.id, "-override"), label=cs.label(*paras),
                 tooltip=_tip(override.label.get(lang)), **{"class": f"override {state}"},
                 **{**BASE["override"], **NODE_STATE[state], "style": "rounded,dashed,filled"})
        dot.edge(name, override.outcome, id=edge_id(flow, override.id, override.outcome,
                                                    "-override"),
                 **{"class": f"override-link {state}", **EDGE_STATE[state], "style": "dashed"})


def _edge_text(data: dict, lang: str) -> str:
    if data.get("label") is not None:
        return data["label"].get(lang)
    return data["condition"].label() if data.get("condition") is not None else ""
