"""Run Graphviz on a flow's DOT graph: SVG text to inline, or an A4 SVG, PDF or PNG file."""

from __future__ import annotations

import re
from pathlib import Path

from graph import Guideline, GuidelineError, Trace, UsageError

from ..output import write_file
from . import style as cs
from .draw import flow_dot

FORMATS = ("svg", "pdf", "png")
XML_PROLOG = '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'


class GraphvizNotFound(GuidelineError):
    """The Graphviz ``dot`` program is not installed."""

    def __init__(self):
        super().__init__("the Graphviz `dot` program was not found: install Graphviz "
                         "(Debian/Ubuntu: sudo apt-get install graphviz) and try again")


def flow_svg(g: Guideline, flow_id: str, trace: Trace | None = None, lang: str = "en",
             standalone: bool = False) -> str:
    """The chart as SVG text: a bare ``<svg>`` element to inline in HTML, or a whole document."""
    body = _svg_element(_pipe(flow_dot(g, flow_id, trace, lang), "svg"))
    return XML_PROLOG + body if standalone else body


def render_file(g: Guideline, flow_id: str, trace: Trace | None, fmt: str, lang: str,
                output: str | Path) -> None:
    """Write the chart as ``fmt`` (svg, pdf or png) to ``output``; raises a GuidelineError.

    The chart is A4 portrait, or landscape when that prints it notably larger (wide flows).
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r} (must be one of {', '.join(FORMATS)})")
    dot = flow_dot(g, flow_id, trace, lang)
    width, height = _natural_size(dot)
    landscape = cs.zoom(width, height, True) > 1.1 * cs.zoom(width, height, False)
    if fmt == "pdf":
        data = _pdf(dot, width, height, landscape)
    else:
        if landscape:
            dot.graph_attr["size"] = ",".join(reversed(cs.A4_DRAWING.split(",")))
        if fmt == "png":
            dot.graph_attr["dpi"] = cs.PNG_DPI
        data = _pipe(dot, fmt)
        if fmt == "svg":
            data = (XML_PROLOG + _svg_element(data)).encode("utf-8")
    write_file(output, data)


def _svg_element(svg: bytes) -> str:
    """The ``<svg>`` element alone: no XML prolog, doctype or generator comments."""
    text = svg.decode("utf-8")
    return text[text.index("<svg"):]


def _natural_size(dot) -> tuple[float, float]:
    """Width and height in points of the drawing at full size, without margins."""
    probe = dot.copy()
    probe.graph_attr.update(margin="0", pad="0")
    probe.graph_attr.pop("size", None)
    svg = _pipe(probe, "svg").decode("utf-8")
    found = re.search(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"', svg)
    return float(found.group(1)), float(found.group(2))


def _pdf(dot, width: float, height: float, landscape: bool) -> bytes:
    """One A4 page with the drawing zoomed to fit and centred."""
    page_w, page_h = cs.page_size(landscape)
    dot.graph_attr.update(margin="0", pad="0")
    dot.graph_attr.pop("size", None)
    zoom = cs.zoom(width, height, landscape)
    dot.graph_attr["viewport"] = f"{page_w},{page_h},{zoom:.4f},{width / 2:.1f},{height / 2:.1f}"
    return _pipe(dot, "pdf")


def _pipe(dot, fmt: str) -> bytes:
    import graphviz

    try:
        return dot.pipe(format=fmt, quiet=True)
    except graphviz.ExecutableNotFound:
        raise GraphvizNotFound() from None
