"""Terminal text for an evaluation: each flow's path with the answers, verdict, actions, citations."""

from __future__ import annotations

from graph import Evaluation, Guideline

from ..output import printable
from ..wording import answer, verdict_label, warning_text
from .record import record_lines

WORDS = {
    "en": {"overall": "Overall (inebilizumab)", "pending": "pending: incomplete flows",
           "also_from": "including flows not asked for", "others": "Also applies to these facts "
           "(not asked for)", "override": "decided whatever the route",
           "status": {"incomplete": "incomplete", "not_applicable": "not applicable"},
           "still": "still possible", "obtain": "Obtain next", "also": "also needed",
           "not_applicable": "not applicable (its situation is not described)",
           "actions": "Actions", "recs": "rec", "none": "no verdict",
           "warnings": "Warnings", "stands": "stands while other flows are incomplete",
           "patient": "Patient"},
    "zh": {"overall": "总体结论(伊奈利珠单抗)", "pending": "待定：有流程尚不完整",
           "also_from": "包括未选择但适用的流程", "others": "根据所给事实同样适用(未选择)",
           "override": "无论路径如何均据此判定",
           "status": {"incomplete": "未完成", "not_applicable": "不适用"},
           "still": "仍可能", "obtain": "下一步需获取", "also": "另需",
           "not_applicable": "不适用(未描述相应情况)", "actions": "措施", "recs": "推荐意见",
           "none": "无结论", "warnings": "提示", "stands": "其他流程未完成时该结论仍成立",
           "patient": "患者"},
}


def render_text(g: Guideline, patient_id: str, ev: Evaluation, lang: str = "en",
                record=None, facts: dict | None = None) -> str:
    """A readable report of ``ev`` in ``lang``; with a FHIR ``record`` (flows.fhir.RecordFacts)
    and the ``facts`` evaluated, where each fact came from, before the warnings."""
    w = WORDS[lang]
    lines = [f"{w['patient']}: {printable(patient_id)}", _overall_line(g, ev, w, lang)]
    if ev.overall.also_from:
        names = ", ".join(f"{f} ({g.flows[f].title.get(lang)})" for f in ev.overall.also_from)
        lines.append(f"   {w['also_from']}: {names}")
    lines.append("")
    for result in ev.flows:
        lines += _flow_lines(g, result, w, lang) + [""]
    if ev.others:
        lines += [f"{w['others']}:", ""]
        for result in ev.others:
            lines += _flow_lines(g, result, w, lang) + [""]
    if record is not None:
        lines += record_lines(g, record, facts or {}, lang) + [""]
    if ev.warnings:
        lines += [f"{w['warnings']}:"] + [f"  ! {printable(warning_text(g, m, lang))}"
                                          for m in ev.warnings]
    return "\n".join(lines).rstrip() + "\n"


def _verdict(g: Guideline, verdict_id: str | None, lang: str, subject: str | None = None) -> str:
    return verdict_label(g, verdict_id, lang, subject)


def _overall_line(g: Guideline, ev: Evaluation, w: dict, lang: str) -> str:
    o = ev.overall
    if o.complete:
        return f"{w['overall']}: {_verdict(g, o.verdict, lang) if o.verdict else w['none']}"
    still = ", ".join(_verdict(g, v, lang) for v in o.reachable)
    if o.verdict:
        return f"{w['overall']}: {_verdict(g, o.verdict, lang)} ({w['stands']}; {w['still']}: {still})"
    return f"{w['overall']}: {w['pending']} ({w['still']}: {still})"


def _flow_lines(g: Guideline, r, w: dict, lang: str) -> list[str]:
    flow = g.flows[r.flow]
    status = (_verdict(g, r.verdict, lang, r.subject) if r.status == "complete"
              else w["status"][r.status])
    lines = [f"== {r.flow}: {flow.title.get(lang)}  [{status}]"]
    if r.status == "not_applicable":
        return lines + [f"   {w['not_applicable']}"]
    nodes = flow.graph.nodes
    for i, step in enumerate(r.trace.steps, 1):
        lines.append(f"   {i}. {nodes[step.node]['label'].get(lang)} -> {answer(g, step, lang)}")
    if r.trace.override:
        fired = next(o for o in flow.overrides if o.id == r.trace.override)
        lines.append(f"   ! {fired.label.get(lang)} ({w['override']})")
    if r.status == "complete":
        end = nodes[r.outcome]
        lines.append(f"   => {end['label'].get(lang)}  ({w['recs']} {_recs(r.recommendations)})")
        if end.get("note"):
            lines.append(f"      {end['note'].get(lang)}")
    else:
        lines += _missing_lines(g, r, w, lang)
    if r.actions:
        lines.append(f"   {w['actions']}:")
        lines += [f"     - {a.text.get(lang)}" + (f" — {a.timing.get(lang)}" if a.timing else "")
                  + f" ({w['recs']} {_recs(a.recommendations)})" for a in r.actions]
    return lines


def _missing_lines(g: Guideline, r, w: dict, lang: str) -> list[str]:
    first, *rest = r.missing
    fact = g.facts[first]
    lines = [f"   ? {w['obtain']}: {fact.label.get(lang)} ({first})"]
    if rest:
        lines.append(f"     {w['also']}: " + ", ".join(f"{g.facts[m].label.get(lang)} ({m})"
                                                       for m in rest))
    nodes = g.flows[r.flow].graph.nodes
    lines.append(f"     {w['still']}:")
    lines += [f"       - {_verdict(g, v, lang, nodes[o]['subject'])}: {nodes[o]['label'].get(lang)}"
              for o, v in r.reachable]
    return lines


def _recs(recs) -> str:
    return ", ".join(str(r) for r in recs)
