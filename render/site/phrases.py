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
