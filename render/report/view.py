"""The template context of a patient report: plain dicts and strings, one language."""

from __future__ import annotations

import datetime as dt

SOFT = "#f3f6f8"  # the banner's background (--soft in _style.css)


def context(report, w: dict, version: str, charts: list[dict]) -> dict:
    """Everything ``report/report.html`` shows, already in ``report.lang``."""
    from markupsafe import Markup

    from .checklist import actions

    g, lang, ev = report.g, report.lang, report.ev
    return {
        "w": w, "lang": lang, "patient": report.patient.id, "date": report.date.isoformat(),
        "details": [(w[k], _detail(report.patient.details[k])) for k in
                    ("name", "date_of_birth", "record_number") if k in report.patient.details],
        "assessment": _assessment(report), "guideline_title": g.title.get(lang),
        "banner": {**_banner(g, ev.overall, w, lang),
                   **_to_do(g, (*ev.flows, *report.joined), lang)},
        "flows": [_flow_row(g, r, w, lang) for r in ev.flows]
                 + [_flow_row(g, r, w, lang, joined=True) for r in report.joined],
        "others": [_flow_row(g, r, w, lang) for r in report.others],
        "obtain": [_obtain(g, r, lang) for r in (*ev.flows, *report.joined, *report.others)
                   if r.status == "incomplete"],
        "actions": actions(g, (*ev.flows, *report.joined, *report.others), lang, _recs),
        "plan": _plan(report, w),
        "facts": _facts(g, report.patient.facts, w, lang, report.record),
        "unmapped": list(report.record.unmapped) if report.record else [],
        "warnings": _warnings(report, lang),
        "charts": [{"title": g.flows[c["flow"]].title.get(lang), "id": c["flow"] + c["part"].slug,
                    "svg": Markup(c["svg"]), "wide": c["part"].landscape} for c in charts],
        "citation": g.citation.get(lang), "original_title": g.title.get("zh"),
        "made_by": w["made_by"].format(version=version, sha=g.sha256[:12]),
    }


def _detail(value) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _assessment(report) -> str:
    g, lang = report.g, report.lang
    if report.bundle and list(report.flow_ids) == list(g.bundles[report.bundle].flows):
        return f"{g.bundles[report.bundle].title.get(lang)} ({report.bundle})"
    return ", ".join(report.flow_ids)


def _verdict(g, verdict_id: str | None, lang: str, subject: str | None = None) -> dict | None:
    if verdict_id is None:
        return None
    from ..chart import verdict_css

    v = g.verdict(verdict_id)
    return {"id": v.id, "label": v.label_for(subject).get(lang), "meaning": v.meaning.get(lang),
            "colour": v.colour, "style": verdict_css(v.colour, SOFT)}


def _banner(g, overall, w: dict, lang: str) -> dict:
    verdict = _verdict(g, overall.verdict, lang)
    still = [_verdict(g, v, lang) for v in overall.reachable]
    if overall.complete and verdict is None:
        return {"verdict": None, "headline": w["no_verdict"], "still": [], "stands": False,
                "also": []}
    headline = verdict["label"] if verdict else w["incomplete"]
    return {"verdict": verdict, "headline": headline, "still": still,
            "stands": bool(verdict) and not overall.complete,
            "also": [g.flows[f].title.get(lang) for f in overall.also_from]}


def _to_do(g, results, lang: str) -> dict:
    """Page 1, for this patient: where each flow that asks for more than plain "proceed"
    ends (its outcome, in the flow's words, with its recommendations), and the next fact each
    unfinished flow needs (each fact once)."""
    steps, obtain = [], {}
    for r in results:
        flow = g.flows[r.flow]
        if r.status == "complete" and r.verdict not in (None, "proceed"):
            end = flow.node(r.outcome)
            steps.append({"flow": flow.title.get(lang), "outcome": end["label"].get(lang),
                          "verdict": _verdict(g, r.verdict, lang, r.subject),
                          "recs": _recs(r.recommendations)})
        elif r.status == "incomplete" and r.missing:
            row = obtain.setdefault(r.missing[0], {"label": g.facts[r.missing[0]].label.get(lang),
                                                   "flows": []})
            row["flows"].append(flow.title.get(lang))
    return {"steps": steps, "obtain_next": list(obtain.values())}


def _flow_row(g, r, w: dict, lang: str, joined: bool = False) -> dict:
    flow = g.flows[r.flow]
    status = {"complete": w["complete"], "incomplete": w["incomplete_s"],
              "not_applicable": w["not_applicable"]}[r.status]
    end = flow.node(r.outcome) if r.outcome else {}
    return {"id": r.flow, "title": flow.title.get(lang), "status": r.status,
            "status_label": status, "verdict": _verdict(g, r.verdict, lang, r.subject),
            "joined": joined,
            "outcome": end["label"].get(lang) if end else "",
            "note": end["note"].get(lang) if end.get("note") else "",
            "recs": _recs(r.recommendations if r.status != "not_applicable" else ())}


def _obtain(g, r, lang: str) -> dict:
    flow = g.flows[r.flow]
    facts = [{"name": m, "label": g.facts[m].label.get(lang),
              "description": g.facts[m].description.get(lang), "next": i == 0}
             for i, m in enumerate(r.missing)]
    stake = [{"verdict": _verdict(g, v, lang, flow.node(o)["subject"]),
              "label": flow.node(o)["label"].get(lang)}
             for o, v in r.reachable]
    return {"flow": r.flow, "title": flow.title.get(lang), "facts": facts, "stake": stake}


def _plan(report, w: dict) -> dict:
    view, lang, g = report.plan, report.lang, report.g
    facts = [g.facts[f].label.get(lang) for f in report.plan_data.day1_facts]
    out = {"status": view.status, "rows": [], "pending": [], "notes": [], "intro": "",
           "consider": view.verdict == "consider" and view.status == "planned"}
    if view.status == "no_date":
        joined = (" / " if lang == "zh" else " nor ").join(facts)
        out["message"] = w["plan_no_date"].format(facts=joined)
    elif view.status == "incomplete":
        out["message"] = w["plan_incomplete"]
    elif view.status == "blocked":
        label = g.verdict(view.verdict).label.get(lang) if view.verdict else "-"
        out["message"] = w["plan_blocked"].format(verdict=label)
    elif view.status == "blocked_by":
        flow = g.flows[view.blocked_by.split(".", 1)[0]]
        out["message"] = w["plan_blocked_by"].format(
            outcome=flow.node(view.blocked_by)["label"].get(lang), flow=flow.title.get(lang))
    else:
        out["intro"] = w["plan_intro"].format(
            fact=g.facts[view.day1_fact].label.get(lang), day1=view.day1.isoformat(),
            months=view.months, until=view.until.isoformat())
        out["rows"] = [_plan_row(i, w, lang) for i in view.items]
        for prev, row in zip([None, *out["rows"]], out["rows"], strict=False):
            row["first_of_day"] = prev is None or prev["date"] != row["date"]
        out["days"] = _days(out["rows"])
        out["pending"] = [{"label": p.event.label.get(lang), "detail": p.event.detail.get(lang),
                           "missing": [g.facts[m].label.get(lang) for m in p.missing],
                           "recs": _recs(p.event.recommendations)} for p in view.pending]
        dated = {i.event.id for i in view.items} | {p.event.id for p in view.pending}
        out["notes"] = [a.get(lang) for a in report.plan_data.notes_for(dated)]
    return out


def _days(rows: list[dict]) -> list[dict]:
    """The plan's rows by date (a window is a date of its own): each event described the first
    time it comes, repeated events of a day on one line."""
    days: list[dict] = []
    for row in rows:
        if row["first_of_day"] or row["end"] or days[-1]["end"]:
            days.append({k: row[k] for k in ("date", "end", "weekday", "day")}
                        | {"first": [], "repeats": [], "infusion": False})
        day = days[-1]
        day["first" if not row["repeat"] else "repeats"].append(row)
        day["infusion"] |= row["event"] in ("infusion", "infusion_per_kg")
    return days


def _plan_row(item, w: dict, lang: str) -> dict:
    day = w["day"].format(n=item.day) if item.day >= 1 else w["before"].format(n=1 - item.day)
    return {"date": item.start.isoformat(), "end": item.end.isoformat() if item.end else "",
            "weekday": _weekday(item.start, lang), "day": day,
            "label": item.event.label.get(lang), "detail": item.event.detail.get(lang),
            "recs": _recs(item.event.recommendations), "event": item.event.id,
            "repeat": item.number > 1}


def _weekday(day: dt.date, lang: str) -> str:
    names = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun") if lang != "zh" else \
        ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
    return names[day.weekday()]


def _facts(g, known: dict, w: dict, lang: str, record=None) -> list[dict]:
    rows = []
    for name, value in known.items():
        fact = g.facts[name]
        source = record.provenance.get(name) if record else None
        rows.append({"name": name, "label": fact.label.get(lang),
                     "value": _value(fact, value, w, lang),
                     "source": [x for x in (source.resource, source.date) if x] if source else []})
    return rows


def _value(fact, value, w: dict, lang: str) -> str:
    if fact.type == "enum":
        return next((v.label.get(lang) for v in fact.values if v.id == value), str(value))
    if fact.type == "bool":
        return w["yes"] if value else w["no"]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        value = f"{value:g}"
    return str(value)  # every label of a fact with a unit names it, in its own language


def _warnings(report, lang: str) -> list[str]:
    """The flows' consistency warnings in ``lang``, each led by its flow's title, then the
    record's (stale or conflicting results), in ``lang`` too."""
    from ..wording import flow_warnings, warning_text

    g, record = report.g, report.record
    return (flow_warnings(g, report.ev, report.patient.facts, lang)
            + [warning_text(g, m, lang) for m in (record.warnings if record else ())])


def _recs(recs) -> str:
    return ", ".join(str(r) for r in recs)
