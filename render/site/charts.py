"""Charts for the site: flowchart SVG made fit to inline in HTML, drawn in parallel."""

from __future__ import annotations

import html
import os
import re
from concurrent.futures import ThreadPoolExecutor

from graph import Guideline, Trace

from ..chart import Part, chart_parts, flow_dot, flow_svg, layout_svgs, parts_for

_XMLNS = re.compile(r'\s+xmlns(:\w+)?="[^"]*"')
_COMMENT = re.compile(r"<!--.*?-->\n?", re.S)
# A node or edge group: its <title> (the internal name) and, when set, the tooltip of its link.
_TITLED = re.compile(r'(<g id="[^"]*" class="[^"]*">\n?)<title>[^<]*</title>\n?'
                     r'(<g id="a_[^"]*"><a xlink:title="([^"]*)">)?')
_CLUSTER_TITLE = re.compile(r"<title>cluster[^<]*</title>\n?")
_GRAPH_TITLE = re.compile(r'(<g id="[^"]*" class="graph"[^>]*>\n?)<title>[^<]*</title>\n?')
_ID = re.compile(r'\bid="([^"]*)"')


def inline_svg(svg: str, title: str, unique: bool = True) -> str:
    """``svg`` ready to sit inside an HTML page.

    Namespace declarations (which name external URLs and are implied in HTML) and comments
    go; each node's title becomes its label (shown as a tooltip and read by screen readers),
    titles naming internal ids go, ids are made unique, and the chart gets ``title``.
    """
    svg = _COMMENT.sub("", _XMLNS.sub("", svg))
    svg = _GRAPH_TITLE.sub(r"\1", _CLUSTER_TITLE.sub("", svg))
    svg = _TITLED.sub(_retitle, svg)
    svg = _unique_ids(svg) if unique else svg
    head, rest = svg.split(">", 1)
    label = html.escape(title, quote=True)
    return f'{head} role="group" aria-label="{label}">\n<title>{label}</title>{rest}'


def _retitle(m: re.Match) -> str:
    group, link, tooltip = m.group(1), m.group(2) or "", m.group(3)
    return f"{group}<title>{tooltip}</title>{link}" if tooltip else group + link


def _unique_ids(svg: str) -> str:
    """Each id once (compared as the browser reads them, ``&#45;`` as ``-``): a repeat gets
    the first free ``-2``, ``-3``, ... suffix."""
    taken = {html.unescape(i) for i in _ID.findall(svg)}
    seen: set[str] = set()

    def fix(m: re.Match) -> str:
        name = html.unescape(m.group(1))
        if name not in seen:
            seen.add(name)
            return m.group(0)
        n = 2
        while f"{name}-{n}" in taken or f"{name}-{n}" in seen:
            n += 1
        seen.add(f"{name}-{n}")
        return f'id="{html.escape(name, quote=True)}-{n}"'

    return _ID.sub(fix, svg)


OPEN = {"en": "Open chart {n} full size (SVG)", "zh": "以原尺寸打开第{n}张图(SVG)"}


def chart_path(flow_id: str, part: Part) -> str:
    """Where a flow's chart is written whole, under a language's root: ``flows/hbv/chart.svg``,
    ``flows/hbv/chart-2.svg``, ..."""
    return f"flows/{flow_id}/chart{part.slug}.svg"


def shown_parts(g: Guideline, flow_id: str, trace: Trace | None, lang: str) -> tuple[Part, ...]:
    """The charts a page shows: every part of the flow on its page; on a step page, the part
    holding the step reached (``render.chart.parts_for``, as in the report)."""
    return parts_for(g, flow_id, trace, lang)


def draw_all(g: Guideline, jobs: list[tuple[str, Trace | None, str]],
             workers: int | None = None) -> dict[tuple, str]:
    """Each ``(flow_id, trace, lang)`` drawn as HTML (its charts inline as SVG, each in a
    container that pans), keyed by the same tuple.

    The charts are ``render.chart.flow_dot`` graphs of the parts ``shown_parts`` gives;
    those of one flow and language go through one Graphviz process, and flows are drawn side
    by side in threads. The result does not depend on the order they finish in.
    """
    groups: dict[tuple[str, str], list] = {}
    for flow_id, trace, lang in dict.fromkeys(jobs):
        groups.setdefault((flow_id, lang), []).append(trace)

    def draw(item):
        (flow_id, lang), traces = item
        title = g.flows[flow_id].title.get(lang)
        shown = [shown_parts(g, flow_id, t, lang) for t in traces]
        sources = [flow_dot(g, flow_id, t, lang, p).source
                   for t, parts in zip(traces, shown, strict=True) for p in parts]
        svgs = iter(layout_svgs(sources))
        drawn = {}
        for t, parts in zip(traces, shown, strict=True):
            html_parts = [_part_html(inline_svg(next(svgs), title, False), flow_id, p, lang,
                                     link=t is None) for p in parts]
            drawn[(flow_id, t, lang)] = _unique_ids("\n".join(html_parts))
        return drawn

    workers = workers or min(8, (os.cpu_count() or 1) + 1)
    charts: dict[tuple, str] = {}
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for drawn in pool.map(draw, sorted(groups.items(), key=lambda kv: kv[0])):
            charts.update(drawn)
    return charts


def _part_html(svg: str, flow_id: str, part: Part, lang: str, link: bool) -> str:
    """One chart: the SVG at its natural size in a container that scrolls (pan on a phone),
    and on a flow's page a link to the chart alone, full size."""
    wide = " wide" if part.landscape else ""
    name = html.escape(f"{flow_id}-chart{part.slug or '-1'}", quote=True)
    out = (f'<div class="chart-part{wide}" id="{name}">\n'
           f'<div class="chart-scroll" tabindex="0">{svg}</div>\n')
    if link:
        target = chart_path(flow_id, part).split("/", 1)[1]  # from flows/<id>.html
        label = OPEN["zh" if lang == "zh" else "en"].format(n=part.number)
        out += f'<p class="chart-open no-print"><a href="{html.escape(target)}">{label}</a></p>\n'
    return out + "</div>"


def chart_files(g: Guideline, langs) -> dict[str, str]:
    """``{path under the site root: standalone SVG}`` of every flow's charts, in each language
    (the files the flow pages link to)."""
    files = {}
    for lang in langs:
        for flow_id in sorted(g.flows):
            for part in chart_parts(g, flow_id, lang):
                files[f"{lang}/{chart_path(flow_id, part)}"] = flow_svg(
                    g, flow_id, None, lang, standalone=True, part=part)
    return files
