"""Words every front end shares: verdict labels by subject, units, conditions and the answer
given at a step, in English or Chinese."""

from __future__ import annotations

from graph import Guideline

# How a fact's canonical unit reads (the data keep pint's spelling).
UNITS = {
    "en": {"year": "years", "month": "months", "week": "weeks", "percent": "%",
           "1/uL": "/µL", "1/mm**3": "/mm³", "mg/day": "mg/day", "mg/dL": "mg/dL", "kg": "kg"},
    "zh": {"year": "岁", "month": "个月", "week": "周", "percent": "%",
           "1/uL": "个/μL", "1/mm**3": "个/mm³", "mg/day": "mg/d", "mg/dL": "mg/dL", "kg": "kg"},
}
# Age reads as years of age; other durations as plain years.
UNIT_BY_FACT = {"zh": {"years_stable": {"year": "年"}}}
YES_NO = {"en": ("yes", "no"), "zh": ("是", "否")}


def verdict_label(g: Guideline, verdict: str | None, lang: str, subject: str | None = None) -> str:
    """A verdict's label, worded for what it is about (a vaccine, the plan...); '-' for none."""
    return g.verdict(verdict).label_for(subject).get(lang) if verdict else "-"


def unit_label(fact, lang: str) -> str:
    """The fact's unit as a reader writes it ('' when it has none)."""
    if not fact.unit:
        return ""
    special = UNIT_BY_FACT.get(lang, {}).get(fact.name, {})
    return special.get(fact.unit) or UNITS[lang].get(fact.unit, fact.unit)


def condition_text(text: str, lang: str) -> str:
    """A condition label ('>= 1 and < 6') with the signs a reader uses ('≥ 1 and < 6')."""
    out = text.replace(">=", "≥").replace("<=", "≤")
    return out.replace(" and ", " 且 ") if lang == "zh" else out


def number(value: float) -> str:
    return f"{value:g}"


def answer(g: Guideline, step, lang: str) -> str:
    """The answer given at a decision: a value's label, yes/no, or a number with its unit and
    the branch it fell in; a derived count shows the label of the branch it took."""
    fact = g.facts[step.fact]
    if fact.type == "enum":
        return next(v.label.get(lang) for v in fact.values if v.id == step.value)
    if fact.type == "bool":
        return YES_NO[lang][0 if step.value else 1]
    condition = condition_text(step.condition, lang)
    if fact.derived:
        flow = g.flows[step.node.split(".", 1)[0]]
        for edge in flow.graph.succ[step.node].values():
            if edge["condition"].label() == step.condition and edge.get("label"):
                return edge["label"].get(lang)
        return condition
    unit = unit_label(fact, lang)
    value = step.value if isinstance(step.value, str) else number(step.value)
    joint = "" if unit in ("%",) or (lang == "zh" and unit) else " "
    return f"{value}{joint if unit else ''}{unit} ({condition})"


def flow_warnings(g: Guideline, ev, known: dict, lang: str) -> list[str]:
    """The consistency warnings of the flows of ``ev`` that apply, in ``lang``, each led by its
    flow's title (the evaluation holds them in English, led by the flow's id)."""
    from graph.evaluate import checks_holding

    return [f"{g.flows[r.flow].title.get(lang)}: {c['message'].get(lang)}"
            for r in (*ev.flows, *ev.others) if r.status != "not_applicable"
            for c in checks_holding(g.flows[r.flow], known)]


def warning_text(g: Guideline, line: str, lang: str) -> str:
    """A warning of an evaluation in ``lang``: a record's (flows.fhir.said.Said, a str with a
    ``get``) in the words it carries; a flow's consistency warning (``"<flow id>: <message>"``)
    in that flow's words."""
    said = getattr(line, "get", None)
    if said is not None:
        return said(lang)
    if lang == "en":
        return str(line)
    flow_id, _, message = str(line).partition(": ")
    flow = g.flows.get(flow_id)
    for check in flow.checks if flow is not None else ():
        if check["message"].get("en") == message:
            return f"{flow_id}: {check['message'].get(lang)}"
    return str(line)
