"""One printable report per patient: verdicts, paths, what to obtain, actions and a dated plan."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from graph import Evaluation, Guideline, GuidelineError, Patient, UsageError

from . import __version__
from .reportwords import words

SUFFIXES = (".html", ".pdf")
CHROMIUMS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


class ChromiumNotFound(GuidelineError):
    """No Chromium browser to print the PDF with."""


@dataclass(frozen=True)
class Report:
    """Everything a report shows, before it is laid out."""

    g: Guideline
    patient: Patient
    lang: str
    date: dt.date
    flow_ids: tuple[str, ...]
    bundle: str | None
    ev: Evaluation
    others: tuple  # FlowResults of flows not asked for that apply to these facts
    plan: object  # reportplan.PlanView
    plan_data: object  # flows.plan.Plan


def report_date(given: str | None = None) -> dt.date:
    """``given`` (YYYY-MM-DD), else the UTC date of SOURCE_DATE_EPOCH, else today."""
    if given:
        try:
            return dt.date.fromisoformat(given)
        except ValueError:
            raise UsageError(f"--date {given!r}: not a date in YYYY-MM-DD form") from None
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
        except (ValueError, OverflowError, OSError):
            raise UsageError(f"SOURCE_DATE_EPOCH={epoch!r}: not a number of seconds") from None
    return dt.date.today()


def build_report(g: Guideline, patient: Patient, flow_ids: list[str], bundle: str | None,
                 lang: str, date: dt.date, months: int | None = None) -> Report:
    """Evaluate ``flow_ids`` for the patient and work out the dated plan."""
    from flows.plan import checked_plan

    from .reportplan import build_plan
    from .results import evaluate

    plan_data = checked_plan(g)
    ev = evaluate(g, patient.facts, flow_ids)
    everything = evaluate(g, patient.facts, list(g.flows))
    view = build_plan(g, plan_data, patient.facts, ev, everything, months)
    others = tuple(r for r in everything.flows
                   if r.flow not in flow_ids and r.status != "not_applicable")
    return Report(g, patient, lang, date, tuple(flow_ids), bundle, ev, others, view, plan_data)


def render_html(report: Report, charts: bool = True) -> str:
    """The report as one self-contained HTML page (charts inlined as SVG)."""
    import jinja2

    from .reportview import context

    env = jinja2.Environment(loader=jinja2.PackageLoader("render", "templates"),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined)
    env.filters["css_string"] = css_string
    ctx = context(report, words(report.lang), __version__, _charts(report) if charts else {})
    ctx["footer_left"] = (f"{report.patient.id} · {report.date.isoformat()} · "
                          f"{words(report.lang)['footer']}")
    return env.get_template("report/report.html").render(**ctx)


def css_string(value: str):
    """``value`` as a quoted CSS string; every character that is not plainly safe is escaped."""
    from markupsafe import Markup

    safe = "".join(c if (c.isalnum() or c in " -_.:/·,") else f"\\{ord(c):x} " for c in value)
    return Markup(f'"{safe}"')


def _charts(report: Report) -> dict[str, str]:
    """Inline SVG of each applicable flow, the patient's path highlighted."""
    from concurrent.futures import ThreadPoolExecutor

    from .flowchart import flow_svg

    shown = [r for r in report.ev.flows if r.status != "not_applicable"]
    with ThreadPoolExecutor(max_workers=min(8, os.cpu_count() or 1)) as pool:
        svgs = pool.map(lambda r: flow_svg(report.g, r.flow, r.trace, report.lang), shown)
        return {r.flow: svg for r, svg in zip(shown, svgs, strict=True)}


def chromium() -> str:
    """The Chromium executable: $NMOSD_FLOW_CHROMIUM or the first found on PATH."""
    named = os.environ.get("NMOSD_FLOW_CHROMIUM")
    for name in ([named] if named else CHROMIUMS):
        found = shutil.which(name)
        if found:
            return found
    raise ChromiumNotFound("no Chromium browser found to print the PDF: install it (Debian: "
                           "sudo apt-get install chromium) or set NMOSD_FLOW_CHROMIUM, or "
                           "write HTML with -o FILE.html")


def html_to_pdf(html: str, output: str | Path, timeout: float = 120) -> None:
    """Print ``html`` to an A4 PDF with headless Chromium; raises a GuidelineError."""
    exe = chromium()
    with tempfile.TemporaryDirectory(prefix="nmosd-flow-") as tmp:
        page, pdf = Path(tmp) / "report.html", Path(tmp) / "report.pdf"
        page.write_text(html, encoding="utf-8")
        cmd = [exe, "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run",
               "--disable-extensions", "--no-pdf-header-footer", f"--user-data-dir={tmp}/p",
               f"--print-to-pdf={pdf}", page.as_uri()]
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise GuidelineError(f"Chromium did not finish printing within {timeout:g} s") from None
        if not pdf.is_file() or pdf.stat().st_size == 0:
            tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["?"]
            raise GuidelineError(f"Chromium could not print the PDF (exit {done.returncode}): "
                                 f"{tail[0]}")
        _write(output, pdf.read_bytes())


def _write(output: str | Path, data: bytes) -> None:
    try:
        Path(output).write_bytes(data)
    except OSError as exc:
        raise UsageError(f"{output}: cannot write: {exc.strerror or exc}") from None


def output_kind(output: str | None) -> str:
    """``html`` or ``pdf`` from the -o suffix; standard output (None or '-') is HTML."""
    if output in (None, "-"):
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
    if output in (None, "-"):
        return html
    if kind == "pdf":
        html_to_pdf(html, output)
    else:
        _write(output, html.encode("utf-8"))
    return None
