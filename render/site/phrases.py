"""Small wordings the site's templates need: triggers, sources, ranges, verdicts drawn."""

from __future__ import annotations

import re

from graph import Fact, Flow

from .words import words

WHEN = {
    "en": {"given": "{fact} is given", "is": "{fact} is {values}", "not": "{fact} is not {values}",
           "or": " or "},
    "zh": {"given": "已知{fact}", "is": "{fact}为{values}", "not": "{fact}不为{values}",
           "or": "或"},
}


_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")


def tidy(text: str, lang: str) -> str:
    """Chinese text without the spaces a folded line leaves between two Chinese characters.

    >>> tidy("核苷(酸)类似物 预防下用药", "zh")
    '核苷(酸)类似物预防下用药'
    """
    return _CJK_GAP.sub("", text) if lang == "zh" else text


def trigger_text(flow: Flow, facts: dict[str, Fact], lang: str) -> str:
    """When a situational flow applies, in words; screening flows always apply."""
    if not flow.trigger:
        return words(lang)["always"]
    phrases = WHEN["zh" if lang == "zh" else "en"]
    parts = []
    for term in flow.trigger:
        fact = facts[term.fact]
        name = fact.label.get(lang)
        if term.is_in is not None:
            parts.append(phrases["is"].format(fact=name, values=_values(fact, term.is_in, lang)))
        elif term.not_in is not None:
            parts.append(phrases["not"].format(fact=name, values=_values(fact, term.not_in, lang)))
        else:
            parts.append(phrases["given"].format(fact=name))
    return phrases["or"].join(parts)


def _values(fact: Fact, values, lang: str) -> str:
    w = words(lang)
    labels = {v.id: v.label.get(lang) for v in fact.values}
    shown = [w["yes"] if v is True else w["no"] if v is False else labels.get(v, str(v))
             for v in sorted(values, key=str)]
    return w["list"].join(shown)


def source_text(source: str, lang: str) -> str:
    """A flow's ``source`` ("Rec 6; Fig 1") in the page's language."""
    if lang != "zh":
        return source
    text = re.sub(r"\b[Rr]ecs?\s*(\d+)", r"推荐意见\1", source)
    text = re.sub(r"\bFig\s*(\d+)", r"图\1", text)
    text = re.sub(r"\bTab\s*(\d+)", r"表\1", text)
    return text.replace("; ", "；").replace(", ", "、")


def range_text(fact: Fact) -> str:
    """``0 – 130 year``: the allowed range of a number."""
    lo = "" if fact.minimum is None else _num(fact.minimum)
    hi = "" if fact.maximum is None else _num(fact.maximum)
    unit = f" {fact.unit}" if fact.unit else ""
    return f"{lo} – {hi}{unit}".strip()


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def verdicts_of(flow: Flow) -> set[str]:
    """The verdicts a flow's outcomes can give."""
    return {d["verdict"] for _, d in flow.graph.nodes(data=True) if d["kind"] == "outcome"}


RECORD = {
    "en": {"head": "From a record", "read": "Read from {what}. {note}",
           "manual": "Entered by the clinician (in a patient file, or as an answer to the facts "
                     "Questionnaire), never read from coded results. {why}",
           "none": "Entered by the clinician (in a patient file, or as an answer to the facts "
                   "Questionnaire), never read from coded results: no code verified in a "
                   "published source maps record data to this fact."},
    "zh": {"head": "来自FHIR病历", "read": "读取自{what}。{note}",
           "manual": "由医生录入(患者文件，或对事实问卷的回答)，不从编码结果中读取。{why}",
           "none": "由医生录入(患者文件，或对事实问卷的回答)，不从编码结果中读取："
                   "没有经公开来源核实的编码可将病历数据对应到该事实。"},
}
SYSTEM_NAMES = {"loinc": "LOINC", "snomed": "SNOMED CT", "icd10": "ICD-10", "icd10cm": "ICD-10-CM"}


def record_text(fact: Fact, lang: str) -> tuple[str, str] | None:
    """``(heading, text)``: how a FHIR record supplies the fact (the codes of flows/data/
    fhir_map.yaml and its note), or that it stays manual and why; None for a derived count."""
    from flows.fhir import fhir_map

    if fact.derived:
        return None
    lang = "zh" if lang == "zh" else "en"
    w, spec = RECORD[lang], fhir_map().spec
    mapped, manual = spec.facts.get(fact.name), spec.manual.get(fact.name)
    if mapped is not None:
        resources = [mapped.resource] if isinstance(mapped.resource, str) else mapped.resource
        codes = [f"{SYSTEM_NAMES.get(c.system, c.system)} {c.code}" for c in mapped.codes]
        codes += [f"Patient.{mapped.element}"] if mapped.element else []
        what = f"{'/'.join(resources)} ({', '.join(codes)})"
        text = w["read"].format(what=what, note=getattr(mapped.note, lang))
    elif manual is not None:
        text = w["manual"].format(why=getattr(manual.reason, lang))
    else:
        text = w["none"]
    return w["head"], tidy(text, lang)
