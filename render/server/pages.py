"""The check's pages: the landing page, the chooser, the check itself (GET to begin, POST for
each answer), a patient file read from an upload, and the printed report (HTML or PDF)."""

from __future__ import annotations

import datetime as dt
import re

from starlette.responses import HTMLResponse, Response

from flows.evaluation import __version__
from flows.inputs import patient_or_record
from graph import Patient, PatientFileError, UsageError

from ..wording import flow_warnings
from . import ask, view
from .form import LABEL, Answers, carried, read_answers, selection
from .guard import REPORT_CSP
from .printer import PrintError
from .words import LANG_ATTR, words

PLAN_DATES = ("planned_start_date", "first_infusion_date")  # day 1 of the report's dated plan
FIELDS = 400  # form fields a submission may have (every fact, the flows, the buttons)
LANGS = ("en", "zh")


def state(request):
    return request.app.state.server


def lang_of(request) -> str:
    return "zh" if request.url.path.startswith("/zh/") else "en"


def check_url(lang: str) -> str:
    return "/zh/check" if lang == "zh" else "/check"


def page(request, template: str, lang: str, status: int = 200, **ctx) -> HTMLResponse:
    """A page of the server in ``lang``, with what every page shows (header, footer, notice)."""
    s, w = state(request), words(lang)
    other = "en" if lang == "zh" else "zh"
    base = {"lang": lang, "lang_attr": LANG_ATTR[lang], "other_attr": LANG_ATTR[other],
            "w": w, "g": s.g, "current": "check", "switch_url": check_url(other),
            "made_by": w["made_by"].format(version=__version__, sha=s.g.sha256[:12]),
            "check_url": check_url(lang), "upload_url": check_url(lang) + "/upload",
            "report_url": check_url(lang) + "/report"}
    html = s.env.get_template(template).render(**{**base, **ctx})
    return HTMLResponse(html, status_code=status)


async def home(request) -> HTMLResponse:
    """``/``: the guideline and the check, in the server's language (``?lang=`` to switch)."""
    asked = request.query_params.get("lang")
    lang = asked if asked in LANGS else state(request).settings.lang
    other = "en" if lang == "zh" else "zh"
    return page(request, "home.html", lang, current="home", switch_url=f"/?lang={other}")


async def check(request) -> Response:
    """``/check``: the chooser; with ``?bundle=``/``?flow=`` the check begins; a POST carries
    the answers so far and a new one."""
    lang = lang_of(request)
    if request.method == "POST":
        form = await request.form(max_files=0, max_fields=FIELDS)
        return await show(request, lang, read_answers(state(request).g, form))
    query = request.query_params
    answers = Answers({}, (), "", tuple(query.getlist("flow")), query.get("bundle") or None)
    if not answers.bundle and not answers.flows:
        return choose(request, lang)
    return await show(request, lang, answers)


def choose(request, lang: str, errors=(), answers: Answers | None = None,
           status: int = 200) -> HTMLResponse:
    """What to check: a bundle or flows, or a patient file."""
    g = state(request).g
    answers = answers or Answers({}, (), "", (), "start")
    return page(request, "choose.html", lang, status, errors=list(errors),
                **_selection(g, answers, lang))


async def show(request, lang: str, answers: Answers, notes: list[str] = ()) -> Response:
    """The check for ``answers``: overall verdict, questions, flows and checklist."""
    s = state(request)
    g = s.g
    try:
        flow_ids = selection(g, answers)
    except UsageError as exc:
        return choose(request, lang, [("", str(exc))], answers, 422)
    ev = g.evaluate(Patient(answers.patient_id or "patient", answers.facts, LABEL), flow_ids)
    charts = await s.charts.of((*ev.flows, *ev.others), lang)
    needed = ask.needed(g, ev, lang)
    asked = {q.fact for group in needed for q in group.questions}
    errors = [(g.facts[n].label.get(lang) if n in g.facts else n, m) for n, m in answers.errors]
    dates = [ask.question(g.facts[n], lang) for n in PLAN_DATES
             if n in g.facts and n not in answers.facts]
    return page(
        request, "check.html", lang, 422 if errors else 200,
        overall=view.overall(g, ev, lang), flows=view.flows(g, ev, lang, charts),
        checklist=view.checklist(g, ev, lang), answers=view.answers(g, answers.facts, lang),
        warnings=[*flow_warnings(g, ev, answers.facts, lang), *notes], needed=needed,
        situations=ask.situations(g, ev, answers.facts, asked, lang), more_open=not needed,
        dates=ask.Group("plan", words(lang)["plan_dates"], tuple(dates)) if dates else None,
        carried=carried(answers.facts), errors=errors, patient_id=answers.patient_id,
        **_selection(g, answers, lang))


def _selection(g, answers: Answers, lang: str) -> dict:
    bundle = answers.bundle if answers.bundle in g.bundles else None
    in_bundle = set(g.bundles[bundle].flows) if bundle else set()
    titles = [g.bundles[bundle].title.get(lang)] if bundle else []
    titles += [g.flows[f].title.get(lang) for f in dict.fromkeys(answers.flows)
               if f in g.flows and f not in in_bundle]
    return {"bundles": [{"id": b.id, "title": b.title.get(lang)} for b in g.bundles.values()],
            "all_flows": [{"id": f.id, "title": f.title.get(lang)} for f in g.flows.values()],
            "chosen_bundle": answers.bundle or "", "chosen_flows": list(answers.flows),
            "selection_title": " + ".join(titles)}


async def upload(request) -> Response:
    """A patient file (YAML or JSON, as `nmosd-flow evaluate` reads it) as the answers so far."""
    lang, g = lang_of(request), state(request).g
    form = await request.form(max_files=1, max_fields=FIELDS)
    chosen = Answers({}, (), "", tuple(form.getlist("flow")), form.get("bundle") or None)
    item = form.get("patient")
    if isinstance(item, str) or item is None or not item.filename:
        return choose(request, lang, [("", words(lang)["upload_file"] + " ?")], chosen, 422)
    label = file_label(item.filename)
    raw = await item.read()
    stem, _, suffix = label.rpartition(".")
    try:  # a patient file as `evaluate` reads it, or a FHIR R4 Bundle (record read as of today)
        patient, record = patient_or_record(label, raw, "." + suffix if stem else "", g,
                                            dt.date.today(), stem or label)
    except PatientFileError as exc:
        return choose(request, lang, [("", str(exc))], chosen, 422)
    notes = record_notes(record, lang)
    return await show(request, lang, Answers(patient.facts, (), patient.id, chosen.flows,
                                             chosen.bundle if (chosen.bundle or chosen.flows)
                                             else "start"), notes)


def record_notes(record, lang: str = "en") -> list[str]:
    """What a FHIR record's reading warns of, and what in it maps to no fact (never guessed)."""
    if record is None:
        return []
    notes = [m.get(lang) if hasattr(m, "get") else m for m in record.warnings]
    if record.unmapped:
        lead = "未读取(无对应事实)：" if lang == "zh" else "Not read (no fact maps to it): "
        notes.append(lead + "; ".join(record.unmapped))
    return notes


def file_label(name: str) -> str:
    """An uploaded file's name as the CLI would name it: no folders, no control characters."""
    base = re.split(r"[\\/]", name)[-1]
    clean = "".join(c for c in base if c.isprintable()).strip()[:120]
    return clean or "upload"


async def report(request) -> Response:
    """The patient report of these answers: HTML (``format=html``) or an A4 PDF."""
    from starlette.concurrency import run_in_threadpool

    from ..report import build_report, render_html, report_date

    s, lang = state(request), lang_of(request)
    form = await request.form(max_files=0, max_fields=FIELDS)
    answers = read_answers(s.g, form)
    if answers.errors:
        return await show(request, lang, answers)
    try:
        flow_ids = selection(s.g, answers)
    except UsageError as exc:
        return choose(request, lang, [("", str(exc))], answers, 422)
    patient = Patient(answers.patient_id or "patient", answers.facts, LABEL)
    made = build_report(s.g, patient, flow_ids, answers.bundle, lang, report_date(None))
    html = await run_in_threadpool(render_html, made)
    if form.get("format") != "pdf":
        return HTMLResponse(html, headers={"content-security-policy": REPORT_CSP})
    try:
        pdf = await s.printer.pdf(html)
    except PrintError as exc:
        w = words(lang)
        return page(request, "message.html", lang, 503, title=w["pdf_missing"], lead=str(exc))
    return Response(pdf, media_type="application/pdf", headers={
        "content-disposition": 'inline; filename="nmosd-flow-report.pdf"'})


async def verdicts_css(request) -> Response:
    """Each verdict's colour as a class (``.v-proceed``), so pages need no inline style."""
    rules = [f".v-{v.id} {{ --verdict: {v.colour}; }}" for v in state(request).g.verdicts
             if re.fullmatch(r"[\w-]+", v.id) and re.fullmatch(r"#[0-9a-fA-F]{3,8}", v.colour)]
    return Response("\n".join(rules) + "\n", media_type="text/css",
                    headers={"cache-control": "no-cache"})


def message(request, status: int, title_key: str, lead_key: str) -> HTMLResponse:
    """A short page: not found, or the guideline pages still being built."""
    lang = lang_of(request)
    w = words(lang)
    return page(request, "message.html", lang, status, title=w[title_key], lead=w[lead_key],
                current="")
