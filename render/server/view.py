"""What the check shows of an evaluation, in one language: the overall verdict (with the flows
not asked for that joined it), each flow's path, what to obtain, and the checklist."""

from __future__ import annotations

import datetime as dt

from graph import Evaluation, Guideline

from ..wording import answer, number, unit_label
from .words import words


def verdict(g: Guideline, verdict_id: str | None, lang: str, subject: str | None = None):
    """A verdict as the page shows it: id (for its colour), label by subject, meaning."""
    if verdict_id is None:
        return None
    v = g.verdict(verdict_id)
    return {"id": v.id, "label": v.label_for(subject).get(lang), "meaning": v.meaning.get(lang)}


def overall(g: Guideline, ev: Evaluation, lang: str) -> dict:
    """The headline: the overall verdict, or that it is pending, what may still come, and the
    flows not asked for whose verdicts joined it (design §3)."""
    o, w = ev.overall, words(lang)
    if o.complete and o.verdict is None:
        headline = w["no_verdict"]
    else:
        headline = verdict(g, o.verdict, lang)["label"] if o.verdict else w["pending"]
    return {"verdict": verdict(g, o.verdict, lang), "headline": headline,
            "complete": o.complete, "stands": bool(o.verdict) and not o.complete,
            "still": [verdict(g, v, lang) for v in o.reachable],
            "also": [{"id": f, "title": g.flows[f].title.get(lang)} for f in o.also_from]}


def flows(g: Guideline, ev: Evaluation, lang: str, charts: dict) -> list[dict]:
    """Every flow asked for, then the others that apply (marked whether they joined)."""
    shown = [(r, True) for r in ev.flows] + [(r, False) for r in ev.others]
    return [flow(g, r, lang, charts.get(r.flow), selected, r.flow in ev.overall.also_from)
            for r, selected in shown]


def flow(g: Guideline, r, lang: str, chart: str | None, selected: bool, joined: bool) -> dict:
    """One flow: verdict or status, path with answers, outcome, what to obtain, actions."""
    f, w = g.flows[r.flow], words(lang)
    nodes = f.graph.nodes
    end = nodes[r.outcome] if r.outcome else {}
    fired = next((o for o in f.overrides if o.id == r.trace.override), None)
    return {
        "id": r.flow, "title": f.title.get(lang), "status": r.status,
        "status_label": w["status"].get(r.status, ""), "selected": selected, "joined": joined,
        "verdict": verdict(g, r.verdict, lang, r.subject),
        "subject": w["subjects"].get(r.subject, r.subject or ""),
        "outcome": end["label"].get(lang) if end else "",
        "note": end["note"].get(lang) if end.get("note") else "",
        "override": fired.label.get(lang) if fired else "",
        "steps": [{"question": nodes[s.node]["label"].get(lang), "answer": answer(g, s, lang)}
                  for s in r.trace.steps],
        "missing": [{"fact": m, "label": g.facts[m].label.get(lang)} for m in r.missing],
        "still": [{"verdict": verdict(g, v, lang, nodes[o]["subject"]),
                   "label": nodes[o]["label"].get(lang)} for o, v in r.reachable],
        "actions": [action(a, lang) for a in r.actions],
        "recs": list(r.recommendations) if r.status != "not_applicable" else [],
        "chart": chart,
    }


def action(a, lang: str) -> dict:
    return {"id": a.id, "text": a.text.get(lang), "timing": a.timing.get(lang) if a.timing else "",
            "recs": list(a.recommendations)}


def checklist(g: Guideline, ev: Evaluation, lang: str) -> list[dict]:
    """Each action of every flow shown once, in flow order, with the flows that call for it."""
    rows: dict[str, dict] = {}
    for r in (*ev.flows, *ev.others):
        title = g.flows[r.flow].title.get(lang)
        for a in r.actions:
            row = rows.get(a.id) or rows.setdefault(a.id, {**action(a, lang), "flows": []})
            row["recs"] = sorted({*row["recs"], *a.recommendations})
            if title not in row["flows"]:
                row["flows"].append(title)
    return list(rows.values())


def answers(g: Guideline, facts: dict, lang: str) -> list[dict]:
    """The answers given, each with its question and its value as a reader writes it."""
    w = words(lang)
    rows = []
    for name, value in facts.items():
        fact = g.facts[name]
        if fact.type == "enum":
            shown = next((v.label.get(lang) for v in fact.values if v.id == value), str(value))
        elif isinstance(value, bool):
            shown = w["yes"] if value else w["no"]
        elif isinstance(value, dt.date):
            shown = value.isoformat()
        else:
            unit = unit_label(fact, lang)
            joint = "" if unit == "%" or lang == "zh" else " "
            shown = f"{number(value)}{joint}{unit}" if unit else number(value)
        rows.append({"fact": name, "label": fact.label.get(lang), "value": shown})
    return rows


