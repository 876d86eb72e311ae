"""Cards (CDS Hooks 2.0) from an evaluation: the overall verdict as the summary, an indicator
by its strictness, and a Markdown detail with each flow's path, the recommendations cited,
what to obtain next and where each fact of the record came from."""

from __future__ import annotations

import datetime as dt
import re
import uuid

from graph import Evaluation, Guideline

from ..wording import YES_NO, answer, number, unit_label, verdict_label

CRITICAL = {"contraindicated", "stop"}
INFO = {"proceed"}
SUMMARY_LIMIT = 139  # the specification: a summary under 140 characters
_MD = re.compile(r"([\\`*_\[\]<>~&])")  # markup or a link in GFM (one line: no table)

WORDS = {
    "en": {"drug": "Inebilizumab", "pending": "no verdict yet", "obtain": "obtain", "sep": (": ", "; "),
           "to_obtain": "obtain {n} facts, first: {first}", "asof": "Record read as of {day}.",
           "stands": "other flows incomplete", "none": "no flow gives a verdict",
           "overall": "Overall (inebilizumab)", "flows": "Flows", "others": "Also applies to the "
           "record's facts (not asked for)", "next": "What to obtain next", "from": "From the record",
           "warn": "Record warnings", "unused": "Not used from the record", "recs": "rec",
           "status": {"incomplete": "incomplete", "not_applicable": "not applicable"},
           "still": "still possible", "missing_title": "Part of the record could not be read",
           "missing": "The record data below were neither prefetched nor fetched; facts they would "
           "give are treated as missing (never assumed).", "unreadable": "The record could not be "
           "read", "link": "Open the check with these facts", "orders": "The record shows earlier "
           "inebilizumab orders: the checks before every infusion apply.",
           "source": "nmosd-flow: 2024 Chinese expert recommendations on inebilizumab for NMOSD"},
    "zh": {"drug": "伊奈利珠单抗", "pending": "尚无结论", "obtain": "需获取", "sep": ("：", "；"),
           "to_obtain": "需获取{n}项事实，首先：{first}", "asof": "病历读取日期：{day}。",
           "stands": "其他流程未完成", "none": "无流程给出结论", "overall": "总体结论(伊奈利珠单抗)",
           "flows": "流程", "others": "根据病历事实同样适用(未选择)", "next": "下一步需获取",
           "from": "来自病历", "warn": "病历提示", "unused": "病历中未采用的内容", "recs": "推荐意见",
           "status": {"incomplete": "未完成", "not_applicable": "不适用"}, "still": "仍可能",
           "missing_title": "部分病历数据无法读取",
           "missing": "以下病历数据既未预取也未能获取；其对应事实按缺失处理(绝不推定)。",
           "unreadable": "无法读取病历", "link": "以这些事实打开核查",
           "orders": "病历显示既往有伊奈利珠单抗医嘱：每次输注前的检查适用。",
           "source": "nmosd-flow：伊奈利珠单抗治疗视神经脊髓炎谱系疾病临床实践专家建议(2024)"},
}


def md(text: str) -> str:
    """Text shown literally in GitHub-flavoured Markdown (record text can hold any character)."""
    return _MD.sub(r"\\\1", " ".join(str(text).split()))


def indicator(ev: Evaluation) -> str:
    """`critical` for contraindicated/stop, `info` for proceed (or no verdict at all),
    `warning` for every other verdict and while the verdict is not yet known."""
    o = ev.overall
    if o.verdict in CRITICAL:
        return "critical"
    if o.complete and (o.verdict is None or o.verdict in INFO):
        return "info"
    return "warning"


def summary(g: Guideline, ev: Evaluation, lang: str) -> str:
    w, o = WORDS[lang], ev.overall
    colon, semicolon = w["sep"]
    if o.verdict:
        text = f"{w['drug']}{colon}{verdict_label(g, o.verdict, lang)}"
        if not o.complete:
            text += f" ({w['stands']})"
    elif o.complete:
        text = f"{w['drug']}{colon}{w['none']}"
    else:
        needed = next_facts(ev)
        text = f"{w['drug']}{colon}{w['pending']}"
        if needed:
            text += semicolon + w["to_obtain"].format(n=len(needed), first=g.facts[needed[0]].label.get(lang))
    return text if len(text) <= SUMMARY_LIMIT else text[:SUMMARY_LIMIT - 1] + "…"


def next_facts(ev: Evaluation) -> list[str]:
    """The facts to obtain: each incomplete flow's next fact first, then the others it needs."""
    results = [r for r in (*ev.flows, *ev.others) if r.status == "incomplete"]
    firsts = [r.missing[0] for r in results if r.missing]
    rest = [m for r in results for m in r.missing[1:]]
    return list(dict.fromkeys(firsts + rest))


def value_text(g: Guideline, fact: str, value, lang: str) -> str:
    f = g.facts[fact]
    if f.type == "enum":
        return next((v.label.get(lang) for v in f.values if v.id == value), str(value))
    if isinstance(value, bool):
        return YES_NO[lang][0 if value else 1]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        unit = unit_label(f, lang)
        return f"{number(value)} {unit}".strip()
    return str(value)


def detail(g: Guideline, ev: Evaluation, facts: dict, provenance: dict, notes: dict,
           lang: str, day: dt.date) -> str:
    """The card's Markdown. ``notes``: lists of lines under 'warnings', 'unmapped', 'orders'."""
    w = WORDS[lang]
    out = [f"**{md(w['overall'])}{w['sep'][0]}{md(_overall(g, ev, lang))}**", "",
           md(w["asof"].format(day=day.isoformat())), ""]
    if notes.get("orders"):
        out += [md(w["orders"]), ""]
    out += [f"#### {md(w['flows'])}", ""] + [line for r in ev.flows for line in _flow(g, r, lang)]
    if ev.others:
        out += ["", f"#### {md(w['others'])}", ""]
        out += [line for r in ev.others for line in _flow(g, r, lang)]
    needed = next_facts(ev)
    if needed:
        out += ["", f"#### {md(w['next'])}", ""]
        out += [f"- {md(g.facts[f].label.get(lang))} (`{f}`)" for f in needed]
    if facts:
        out += ["", f"#### {md(w['from'])}", ""]
        for fact, value in facts.items():
            shown = md(value_text(g, fact, value, lang))
            out.append(f"- {md(g.facts[fact].label.get(lang))}{w['sep'][0]}{shown}"
                       + _where(provenance.get(fact)))
    for key, title in (("warnings", "warn"), ("unmapped", "unused")):
        if notes.get(key):
            out += ["", f"#### {md(w[title])}", ""] + [f"- {md(line)}" for line in notes[key]]
    return "\n".join(out).rstrip() + "\n"


def _where(p) -> str:
    """Where a fact came from: resource, code, date."""
    if p is None:
        return ""
    return f" — {md(p.resource)}, {md(p.code)}" + (f", {md(p.date)}" if p.date else "")


def _overall(g: Guideline, ev: Evaluation, lang: str) -> str:
    w, o = WORDS[lang], ev.overall
    if o.verdict:
        text = verdict_label(g, o.verdict, lang)
        return text if o.complete else f"{text} ({w['stands']})"
    if o.complete:
        return w["none"]
    still = ", ".join(verdict_label(g, v, lang) for v in o.reachable)
    return f"{w['pending']} ({w['still']}{w['sep'][0]}{still})"


def _flow(g: Guideline, r, lang: str) -> list[str]:
    w, flow = WORDS[lang], g.flows[r.flow]
    nodes = flow.graph.nodes
    recs = f"{w['recs']} {', '.join(str(n) for n in r.recommendations)}" if r.recommendations else ""
    status = (verdict_label(g, r.verdict, lang, r.subject) if r.status == "complete"
              else w["status"][r.status])
    head = f"- **{md(flow.title.get(lang))}** — {md(status)}" + (f" ({md(recs)})" if recs else "")
    if r.status == "not_applicable":
        return [head]
    steps = [f"{md(nodes[s.node]['label'].get(lang))} → {md(answer(g, s, lang))}" for s in r.trace.steps]
    if r.status == "complete":
        steps.append(f"⇒ {md(nodes[r.outcome]['label'].get(lang))}")
    else:
        steps.append(f"{md(w['obtain'])}{w['sep'][0]}{md(g.facts[r.missing[0]].label.get(lang))} "
                     f"(`{r.missing[0]}`)")
    lines = [head, "  " + w["sep"][1].join(steps)]
    lines += [f"  - {md(a.text.get(lang))}" + (f" — {md(a.timing.get(lang))}" if a.timing else "")
              + f" ({md(w['recs'])} {', '.join(str(n) for n in a.recommendations)})" for a in r.actions]
    return lines


def card(summary_text: str, indicator_text: str, detail_text: str, lang: str,
         site_url: str | None, links: list[dict]) -> dict:
    """One card with exactly the fields of CDS Hooks 2.0 (optional ones only when valued)."""
    source = {"label": WORDS[lang]["source"]}
    if site_url:
        source["url"] = site_url
    out = {"uuid": str(uuid.uuid4()), "summary": summary_text, "indicator": indicator_text,
           "detail": detail_text, "source": source}
    if links:
        out["links"] = links
    return out


def missing_card(missing: list[str], lang: str, site_url: str | None) -> dict:
    """A card saying which record data could not be had (and that nothing was assumed)."""
    w = WORDS[lang]
    text = md(w["missing"]) + "\n\n" + "\n".join(f"- {md(line)}" for line in missing) + "\n"
    return card(w["missing_title"], "warning", text, lang, site_url, [])


def unreadable_card(message: str, lang: str, site_url: str | None) -> dict:
    w = WORDS[lang]
    return card(w["unreadable"], "warning", md(message) + "\n", lang, site_url, [])
