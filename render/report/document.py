"""A patient report laid out: one self-contained HTML page (charts inline), or an A4 PDF."""

from __future__ import annotations

import os
from pathlib import Path

from flows.evaluation import __version__
from graph import UsageError

from ..chart import flow_svg
from ..output import is_stdout, write_file
from .build import Report
from .words import words

SUFFIXES = (".html", ".pdf")


def render_html(report: Report, charts: bool = True) -> str:
    """The report as one self-contained HTML page (charts inlined as SVG)."""
    import jinja2

    from .view import context

    env = jinja2.Environment(loader=jinja2.PackageLoader("render.report", "templates"),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined)
    env.filters["css_string"] = css_string
    ctx = context(report, words(report.lang), __version__, _charts(report) if charts else {})
    ctx["footer_left"] = (f"{report.patient.id} · {report.date.isoformat()} · "
                          f"{words(report.lang)['footer']}")
    return env.get_template("report.html").render(**ctx)


def css_string(value: str):
    """``value`` as a quoted CSS string; every character that is not plainly safe is escaped."""
    from markupsafe import Markup

    safe = "".join(c if (c.isalnum() or c in " -_.:/·,") else f"\\{ord(c):x} " for c in value)
    return Markup(f'"{safe}"')


def _charts(report: Report) -> dict[str, str]:
    """Inline SVG of each applicable flow, the patient's path highlighted."""
    from concurrent.futures import ThreadPoolExecutor

    shown = [r for r in report.ev.flows if r.status != "not_applicable"]
    with ThreadPoolExecutor(max_workers=min(8, os.cpu_count() or 1)) as pool:
        svgs = pool.map(lambda r: flow_svg(report.g, r.flow, r.trace, report.lang), shown)
        return {r.flow: svg for r, svg in zip(shown, svgs, strict=True)}


def output_kind(output: str | None) -> str:
    """``html`` or ``pdf`` from the -o suffix; standard output (None or '-') is HTML."""
    if is_stdout(output):
        return "html"
    suffix = Path(output).suffix.lower()
    if suffix not in SUFFIXES:
        raise UsageError(f"-o {output}: unsupported suffix {suffix or '(none)'!r} "
                         f"(use .html or .pdf)")
    return suffix[1:]


def write_report(report: Report, output: str | None) -> str | None:
    """Write the report as HTML or PDF (by ``output``'s suffix); HTML text when no file."""
    kind = output_kind(output)
    html = render_html(report)
    if is_stdout(output):
        return html
    if kind == "pdf":
        from .pdf import html_to_pdf

        html_to_pdf(html, output)
    else:
        write_file(output, html.encode("utf-8"))
    return None
