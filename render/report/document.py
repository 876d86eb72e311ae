"""A patient report laid out: one self-contained HTML page (charts inline), or an A4 PDF."""

from __future__ import annotations

import os
from pathlib import Path

from flows.evaluation import __version__
from graph import UsageError

from ..chart import chart_parts, flow_svg, parts_for
from ..output import is_stdout, write_file
from .build import Report
from .words import words

SUFFIXES = (".html", ".pdf")


CHARTS = ("needed", "all", "none")


def render_html(report: Report, charts: bool | str = True) -> str:
    """The report as one self-contained HTML page (charts inlined as SVG).

    ``charts``: "needed" (or True) draws the flows whose path is not plain "proceed"; "all"
    every applicable flow; "none" (or False) none."""
    import jinja2

    from .view import context

    env = jinja2.Environment(loader=jinja2.PackageLoader("render.report", "templates"),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined)
    env.filters["css_string"] = css_string
    which = {True: "needed", False: "none"}.get(charts, charts)
    ctx = context(report, words(report.lang), __version__, _charts(report, which))
    ctx["footer_left"] = (f"{report.patient.id} · {report.date.isoformat()} · "
                          f"{words(report.lang)['footer']}")
    return env.get_template("report.html").render(**ctx)


def css_string(value: str):
    """``value`` as a quoted CSS string; every character that is not plainly safe is escaped."""
    from markupsafe import Markup

    safe = "".join(c if (c.isalnum() or c in " -_.:/·,") else f"\\{ord(c):x} " for c in value)
    return Markup(f'"{safe}"')


def charted(report: Report, which: str = "needed") -> list:
    """The flow results drawn: of the flows asked for and those whose verdict joined the
    overall one, the applicable flows whose path is not plain "proceed" (a verdict that asks
    for more, or a flow still waiting for a fact), or every applicable one with "all"."""
    if which not in CHARTS:
        raise UsageError(f"--charts {which}: must be one of {', '.join(CHARTS)}")
    shown = [r for r in (*report.ev.flows, *report.joined) if r.status != "not_applicable"]
    if which == "all":
        return shown
    if which == "none":
        return []
    return [r for r in shown if not (r.status == "complete" and r.verdict == "proceed")]


def _charts(report: Report, which: str) -> list[dict]:
    """Each chart drawn: the part of the flow (``render.chart.parts_for``) that holds where
    the patient's path ends, highlighted; with "all", every part of those flows."""
    from concurrent.futures import ThreadPoolExecutor

    jobs = []
    for r in charted(report, which):
        trace = r.trace
        parts = chart_parts(report.g, r.flow, report.lang) if which == "all" else parts_for(
            report.g, r.flow, trace, report.lang)
        jobs += [(r.flow, trace, part) for part in parts]
    with ThreadPoolExecutor(max_workers=min(8, os.cpu_count() or 1)) as pool:
        svgs = list(pool.map(lambda j: flow_svg(report.g, j[0], j[1], report.lang, part=j[2]),
                             jobs))
    return [{"flow": f, "part": p, "svg": svg} for (f, _, p), svg in zip(jobs, svgs, strict=True)]


def output_kind(output: str | None) -> str:
    """``html`` or ``pdf`` from the -o suffix; standard output (None or '-') is HTML."""
    if is_stdout(output):
        return "html"
    suffix = Path(output).suffix.lower()
    if suffix not in SUFFIXES:
        raise UsageError(f"-o {output}: unsupported suffix {suffix or '(none)'!r} "
                         f"(use .html or .pdf)")
    return suffix[1:]


def write_report(report: Report, output: str | None, charts: str = "needed") -> str | None:
    """Write the report as HTML or PDF (by ``output``'s suffix); HTML text when no file."""
    kind = output_kind(output)
    html = render_html(report, charts)
    if is_stdout(output):
        return html
    if kind == "pdf":
        from .pdf import html_to_pdf

        html_to_pdf(html, output)
    else:
        write_file(output, html.encode("utf-8"))
    return None
