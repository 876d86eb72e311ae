"""Graphviz output of a flow's charts: SVG text to inline, or A4 SVG, PDF or PNG files."""

from __future__ import annotations

from pathlib import Path

from graph import Guideline, Trace, UsageError

from ..output import write_file
from . import style as cs
from .draw import flow_dot
from .layout import GraphvizNotFound, layout_svgs, svg_size
from .part import Part
from .parts import chart_parts

FORMATS = ("svg", "pdf", "png")
XML_PROLOG = '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'


def flow_svg(g: Guideline, flow_id: str, trace: Trace | None = None, lang: str = "en",
             standalone: bool = False, part: Part | None = None) -> str:
    """A chart at its natural size as SVG text: a bare ``<svg>`` element to inline in HTML,
    or a whole document. Without ``part``, the whole flow (however big)."""
    body = layout_svgs([flow_dot(g, flow_id, trace, lang, part).source])[0]
    return XML_PROLOG + body if standalone else body


def part_files(output: str | Path, parts: tuple[Part, ...]) -> list[Path]:
    """The file of each chart: ``output`` for the first, ``NAME-2.EXT``, ``NAME-3.EXT``, ...
    beside it for the others.

    >>> [p.name for p in part_files("x/sw.svg", (Part("s", 1, 3), Part("s", 2, 3), Part("s", 3, 3)))]
    ['sw.svg', 'sw-2.svg', 'sw-3.svg']
    """
    output = Path(output)
    return [output.with_name(f"{output.stem}{p.slug}{output.suffix}") for p in parts]


def render_file(g: Guideline, flow_id: str, trace: Trace | None, fmt: str, lang: str,
                output: str | Path) -> list[Path]:
    """Write the flow's charts (``chart_parts``) as ``fmt`` and return the files written.

    A PDF holds one A4 page per chart, each portrait or landscape as the chart needs. SVG and
    PNG write one file per chart: ``output`` itself when the flow is one chart; for a big
    flow ``output`` is the overview and ``NAME-2.EXT``, ... the branches. Raises a
    GuidelineError (UsageError for an unknown format).
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r} (must be one of {', '.join(FORMATS)})")
    parts = chart_parts(g, flow_id, lang)
    dots = [flow_dot(g, flow_id, trace, lang, part) for part in parts]
    if fmt == "pdf":
        pages = [_pdf_page(dot, part) for dot, part in zip(dots, parts, strict=True)]
        write_file(output, pages[0] if len(pages) == 1 else _join_pdfs(pages))
        return [Path(output)]
    files = part_files(output, parts)
    for dot, part, path in zip(dots, parts, files, strict=True):
        box_w, box_h = cs.print_box(part.landscape)
        dot.graph_attr["size"] = f"{box_w / 72:.2f},{box_h / 72:.2f}"
        if fmt == "png":
            dot.graph_attr["dpi"] = cs.PNG_DPI
            data = _pipe(dot, "png")
        else:
            data = (XML_PROLOG + layout_svgs([dot.source])[0]).encode("utf-8")
        write_file(path, data)
    return files


def _pdf_page(dot, part: Part) -> bytes:
    """One A4 page with the drawing zoomed to the print box and centred."""
    dot.graph_attr.update(margin="0", pad="0")
    width, height = svg_size(layout_svgs([dot.source])[0])
    landscape = part.landscape
    page_w, page_h = cs.page_size(landscape)
    zoom = cs.zoom(width, height, landscape)
    dot.graph_attr["viewport"] = f"{page_w},{page_h},{zoom:.4f},{width / 2:.1f},{height / 2:.1f}"
    return _pipe(dot, "pdf")


def _join_pdfs(pages: list[bytes]) -> bytes:
    """One PDF of several single-page PDFs, in order (pypdf)."""
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in pages:
        writer.append(PdfReader(io.BytesIO(page)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _pipe(dot, fmt: str) -> bytes:
    import graphviz

    try:
        return dot.pipe(format=fmt, quiet=True)
    except graphviz.ExecutableNotFound:
        raise GraphvizNotFound() from None
