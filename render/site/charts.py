"""Charts for the site: flowchart SVG made fit to inline in HTML, drawn in parallel."""

from __future__ import annotations

import html
import os
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor

from graph import Guideline, Trace

from ..chart import GraphvizNotFound, flow_dot

_XMLNS = re.compile(r'\s+xmlns(:\w+)?="[^"]*"')
_COMMENT = re.compile(r"<!--.*?-->\n?", re.S)
# A node or edge group: its <title> (the internal name) and, when set, the tooltip of its link.
_TITLED = re.compile(r'(<g id="[^"]*" class="[^"]*">\n?)<title>[^<]*</title>\n?'
                     r'(<g id="a_[^"]*"><a xlink:title="([^"]*)">)?')
_CLUSTER_TITLE = re.compile(r"<title>cluster[^<]*</title>\n?")
_GRAPH_TITLE = re.compile(r'(<g id="[^"]*" class="graph"[^>]*>\n?)<title>[^<]*</title>\n?')
_PAGE_ID = re.compile(r'id="page\d+,\d+_')
_ID = re.compile(r'\bid="([^"]*)"')


def inline_svg(svg: str, title: str) -> str:
    """``svg`` ready to sit inside an HTML page.

    Namespace declarations (which name external URLs and are implied in HTML) and comments
    go; each node's title becomes its label (shown as a tooltip and read by screen readers),
    titles naming internal ids go, ids are made unique, and the chart gets ``title``.
    """
    svg = _COMMENT.sub("", _XMLNS.sub("", svg))
    svg = _GRAPH_TITLE.sub(r"\1", _CLUSTER_TITLE.sub("", svg))
    svg = _TITLED.sub(_retitle, svg)
    svg = _unique_ids(svg)
    head, rest = svg.split(">", 1)
    label = html.escape(title, quote=True)
    return f'{head} role="group" aria-label="{label}">\n<title>{label}</title>{rest}'


def _retitle(m: re.Match) -> str:
    group, link, tooltip = m.group(1), m.group(2) or "", m.group(3)
    return f"{group}<title>{tooltip}</title>{link}" if tooltip else group + link


def _unique_ids(svg: str) -> str:
    seen: dict[str, int] = {}

    def fix(m: re.Match) -> str:
        name = m.group(1)
        seen[name] = seen.get(name, 0) + 1
        return m.group(0) if seen[name] == 1 else f'id="{name}-{seen[name]}"'

    return _ID.sub(fix, svg)


def draw_all(g: Guideline, jobs: list[tuple[str, Trace | None, str]],
             workers: int | None = None) -> dict[tuple, str]:
    """Each ``(flow_id, trace, lang)`` drawn as inline SVG, keyed by the same tuple.

    The charts are ``render.chart.flow_dot`` graphs; those of one flow and language go
    through one Graphviz process (several graphs in, several SVG documents out: about four
    times faster than a process per chart), and flows are drawn side by side in threads.
    The result does not depend on the order they finish in.
    """
    groups: dict[tuple[str, str], list] = {}
    for flow_id, trace, lang in dict.fromkeys(jobs):
        groups.setdefault((flow_id, lang), []).append(trace)

    def draw(item):
        (flow_id, lang), traces = item
        title = g.flows[flow_id].title.get(lang)
        svgs = draw_batch(g, flow_id, traces, lang)
        return {(flow_id, t, lang): inline_svg(svg, title) for t, svg in zip(traces, svgs,
                                                                               strict=True)}

    workers = workers or min(8, (os.cpu_count() or 1) + 1)
    charts: dict[tuple, str] = {}
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for drawn in pool.map(draw, sorted(groups.items(), key=lambda kv: kv[0])):
            charts.update(drawn)
    return charts


def draw_batch(g: Guideline, flow_id: str, traces: list, lang: str) -> list[str]:
    """The SVG of ``flow_dot`` for each trace, from one run of Graphviz ``dot``."""
    sources = [flow_dot(g, flow_id, trace, lang).source for trace in traces]
    try:
        run = subprocess.run(["dot", "-Tsvg"], input="\n".join(sources).encode("utf-8"),
                             capture_output=True, check=True)
    except FileNotFoundError:
        raise GraphvizNotFound() from None
    docs = run.stdout.decode("utf-8").split("<?xml")[1:]
    if len(docs) != len(sources):
        raise RuntimeError(f"dot drew {len(docs)} charts of {flow_id}, expected {len(sources)}")
    # In a run of several graphs, dot prefixes the ids of later ones with their page number.
    return [_PAGE_ID.sub('id="', doc[doc.index("<svg"):doc.rindex("</svg>") + 6]) + "\n"
            for doc in docs]
