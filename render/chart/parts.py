"""The one rule for splitting a big flow into charts that print legibly on A4.

A flow whose chart prints on an A4 page (portrait, else landscape) without shrinking its
smallest text below ``style.MIN_PRINT_PT`` is one chart. A bigger one becomes an overview (the
start, the first decision and any branch that ends at once) plus one chart per other branch of
that decision; a branch still too big is split the same way at its own first decision. The
command line (`render`), the site and the report all draw the charts this rule gives.
"""

from __future__ import annotations

import networkx as nx

from graph import Flow, Guideline

from . import style as cs
from .part import Part

DEPTH = 3  # splits within splits
SPARE = 0.96  # a patient's path adds a line or two: decide with this much room to spare


def chart_parts(g: Guideline, flow_id: str, lang: str = "en") -> tuple[Part, ...]:
    """The charts that draw ``flow_id`` in ``lang``, numbered 1..n, each with its orientation."""
    g.select_flows([flow_id])
    lang = "zh" if lang == "zh" else "en"
    key = (g.sha256, flow_id, lang)
    if key not in _KNOWN:
        _KNOWN[key] = _parts(g, flow_id, lang)
    return _KNOWN[key]


_KNOWN: dict[tuple, tuple[Part, ...]] = {}


def parts_for(g: Guideline, flow_id: str, trace, lang: str = "en") -> tuple[Part, ...]:
    """The charts that show ``trace``: without a trace every chart of the flow; with one, the
    chart (of ``chart_parts``) holding the step the patient has reached, entered the way the
    path came. The site's step pages and the report both show this."""
    parts = chart_parts(g, flow_id, lang)
    if trace is None or len(parts) == 1 or not trace.path:
        return parts
    here, taken = trace.path[-1], set(zip(trace.path, trace.path[1:], strict=False))
    holding = [p for p in parts if p.has(here)] or [parts[0]]
    on_path = [p for p in holding if all(edge in taken for edge in p.entry)]
    return ((on_path or holding)[0],)


def _parts(g: Guideline, flow_id: str, lang: str) -> tuple[Part, ...]:
    flow = g.flows[flow_id]
    drafts = _split(g, flow, frozenset(flow.graph), (), lang, DEPTH)
    count = len(drafts)
    parts = []
    for i, d in enumerate(drafts):
        exits = tuple((u, v, *_numbers(drafts, (u, v))) for u, v in d["exits"])
        nodes = frozenset() if count == 1 else d["nodes"]
        parts.append(Part(flow_id, i + 1, count, nodes, d["entry"], exits, d["landscape"],
                          d["size"]))
    return tuple(parts)


def _numbers(drafts: list[dict], edge: tuple) -> tuple[int, int]:
    """The first and last chart that draw what lies beyond ``edge``: the chart that starts
    there, else every chart reached through it."""
    starts = [i + 1 for i, d in enumerate(drafts) if d["entry"] and d["entry"][-1] == edge]
    if starts:
        return starts[0], starts[0]
    found = [i + 1 for i, d in enumerate(drafts) if edge in d["entry"]]
    return found[0], found[-1]


def orientation(width: float, height: float) -> tuple[bool, float]:
    """``(landscape, zoom)``: portrait when it prints legibly, else the larger of the two."""
    portrait, landscape = cs.zoom(width, height, False), cs.zoom(width, height, True)
    if portrait >= cs.min_zoom() / SPARE or portrait >= landscape:
        return False, portrait
    return True, landscape


def _split(g: Guideline, flow: Flow, nodes: frozenset, entry: tuple, lang: str,
           depth: int) -> list[dict]:
    """Drafts of the parts for ``nodes`` (a whole flow, or a branch reached by ``entry``):
    the first is the overview when there is more than one."""
    root = _root(flow, nodes, entry)
    draft = _measure(g, flow, {"root": root, "nodes": nodes, "entry": entry, "exits": ()}, lang)
    decision = _first_decision(flow, root)
    if _fits(draft) or depth == 0 or decision is None:
        return [draft]
    head = _head(flow, root, decision)
    overview, exits, leaves = set(head) | _orphans(flow, entry), [], []
    for target in dict.fromkeys(flow.graph.successors(decision)):
        if flow.graph.nodes[target]["kind"] == "outcome":
            overview.add(target)
            continue
        below = frozenset({target} | nx.descendants(flow.graph, target))
        inner = _split(g, flow, below, (*entry, (decision, target)), lang, depth - 1)
        if len(inner) == 1:
            exits.append((decision, target))
            leaves += inner
            continue
        # A branch split again: its overview joins this one, when that still fits.
        overview |= inner[0]["nodes"]
        exits += [(u, v) for u, v in inner[0]["exits"]]
        leaves += [{**d, "sub": inner[0]} for d in inner[1:]]
    if not leaves:
        return _cut_chain(g, flow, draft, head, entry, lang)
    top = _measure(g, flow, {"root": root, "nodes": frozenset(overview), "entry": entry,
                             "exits": tuple(exits)}, lang)
    if _fits(top) or not any("sub" in d for d in leaves):
        return [top, *(_plain(d) for d in leaves)]
    return _unmerged(g, flow, root, entry, decision, head, lang, leaves)


def _cut_chain(g, flow, draft: dict, head: list[str], entry: tuple, lang: str) -> list[dict]:
    """A part too big that has no branch to split at, but a chain of steps before its first
    question: the steps in one chart, the question and what follows in the next."""
    if len(head) < 2:
        return [draft]
    edge = (head[-2], head[-1])
    steps = _measure(g, flow, {"root": head[0], "nodes": frozenset(head[:-1]), "entry": entry,
                               "exits": (edge,)}, lang)
    rest = frozenset(draft["nodes"] - set(head[:-1]))
    below = _measure(g, flow, {"root": head[-1], "nodes": rest, "entry": (*entry, edge),
                               "exits": ()}, lang)
    return [steps, below]


def _fits(draft: dict) -> bool:
    return draft["zoom"] >= cs.min_zoom() / SPARE


def _plain(draft: dict) -> dict:
    return {k: v for k, v in draft.items() if k != "sub"}


def _unmerged(g, flow, root, entry, decision, head, lang, leaves) -> list[dict]:
    """The overview of this branch alone, each branch split again keeping its own overview."""
    overview, exits, parts, seen = set(head) | _orphans(flow, entry), [], [], set()
    for target in dict.fromkeys(flow.graph.successors(decision)):
        if flow.graph.nodes[target]["kind"] == "outcome":
            overview.add(target)
        else:
            exits.append((decision, target))
    for d in leaves:
        sub = d.get("sub")
        routing = sub is not None and sub["nodes"] == {sub["root"]}  # a question, nothing else
        if sub is not None and not routing and sub["root"] not in seen:
            seen.add(sub["root"])
            parts.append(sub)
        parts.append(_plain(d))
    top = _measure(g, flow, {"root": root, "nodes": frozenset(overview), "entry": entry,
                             "exits": tuple(exits)}, lang)
    return [top, *parts]


def _orphans(flow: Flow, entry: tuple) -> set[str]:
    """Outcomes no branch leads to (only an override does): drawn in the flow's overview."""
    if entry:
        return set()
    return {n for n, d in flow.graph.nodes(data=True)
            if d["kind"] == "outcome" and flow.graph.in_degree(n) == 0}


def _root(flow: Flow, nodes: frozenset, entry: tuple) -> str:
    if entry:
        return entry[-1][1]
    return next(n for n, d in flow.graph.nodes(data=True) if d["kind"] == "start")


def _first_decision(flow: Flow, root: str) -> str | None:
    """The first node at or below ``root`` with more than one way on."""
    node = root
    while True:
        after = list(flow.graph.successors(node))
        if len(after) > 1:
            return node
        if not after:
            return None
        node = after[0]


def _head(flow: Flow, root: str, decision: str) -> list[str]:
    """The nodes from ``root`` down to ``decision``."""
    chain = [root]
    while chain[-1] != decision:
        chain.append(next(iter(flow.graph.successors(chain[-1]))))
    return chain


def _measure(g: Guideline, flow: Flow, draft: dict, lang: str) -> dict:
    """``draft`` with its natural size, orientation and print zoom (a provisional part: the
    exits point to chart 2 until the parts are numbered, which changes no size)."""
    from .draw import flow_dot
    from .layout import layout_svgs, svg_size

    split = bool(draft["entry"] or draft["exits"])
    probe = Part(flow.id, 1, 2 if split else 1, draft["nodes"], draft["entry"],
                 tuple((u, v, 2, 2) for u, v in draft["exits"]))
    svg = layout_svgs([flow_dot(g, flow.id, None, lang, probe).source])[0]
    width, height = svg_size(svg)
    landscape, zoom = orientation(width, height)
    return {**draft, "size": (width, height), "landscape": landscape, "zoom": zoom}
