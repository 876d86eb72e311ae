"""The guideline's questions, recommendations, drugs, tests and trials, loaded from content.yaml."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files
from typing import Literal

from pydantic import Field

from graph import FlowError, Text
from graph.build import text as _text
from graph.build import validate
from graph.content import Content, Entity, Question, Recommendation
from graph.schema import Strict, TextSpec
from graph.yamlio import read_yaml

LABEL = "flows/data/content.yaml"
# A folded YAML line break becomes a space; in Chinese text drop it next to a CJK character.
_CJK = r"[\u2e80-\u9fff\uff00-\uffef]"
_FOLD = re.compile(rf"(?<={_CJK})\s+|\s+(?={_CJK})")
KINDS = {"drugs": "drug", "tests": "test", "trials": "trial"}  # list in the file -> entity kind


class QuestionSpec(Strict):
    number: int = Field(ge=1)
    title: TextSpec
    recommendations: list[int]
    note: TextSpec | None = None


class RecommendationSpec(Strict):
    number: int = Field(ge=1)
    question: int
    summary: TextSpec
    drugs: list[str] = []
    tests: list[str] = []
    trials: list[str] = []
    references: list[int] = []
    informational: bool = False


class DrugSpec(Strict):
    id: str
    kind: Literal["drug", "drug_class", "procedure", "vaccine"] = "drug"
    name: TextSpec
    class_: TextSpec = Field(alias="class")
    aliases: list[str] = []


class LabTestSpec(Strict):
    id: str
    name: TextSpec
    aliases: list[str] = []


class TrialSpec(Strict):
    id: str
    name: TextSpec
    disease: TextSpec
    phase: str | None = None
    status: Literal["completed", "ongoing"] | None = None
    design: TextSpec | None = None
    note: TextSpec | None = None


class ContentSpec(Strict):
    guideline: str
    questions: list[QuestionSpec]
    recommendations: list[RecommendationSpec]
    drugs: list[DrugSpec] = []
    tests: list[LabTestSpec] = []
    trials: list[TrialSpec] = []


@lru_cache(maxsize=1)
def content() -> Content:
    """The packaged content, loaded once; raises graph.FlowError listing every problem."""
    path = files("flows") / "data" / "content.yaml"
    return load_content(LABEL, path.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def knowledge():
    """The knowledge graph of the packaged guideline and content (shared: do not mutate it)."""
    from graph.knowledge import build_knowledge

    from . import guideline

    return build_knowledge(guideline(), content())


def load_content(label: str, body: str) -> Content:
    """Content from YAML text; every structural or cross-reference problem becomes a FlowError."""
    spec = validate(label, ContentSpec, read_yaml(label, body))
    problems = [f"{label}: {p}" for p in content_problems(spec)]
    if problems:
        raise FlowError(problems)
    return _build(spec)


def content_problems(spec: ContentSpec) -> list[str]:
    """Duplicates, dangling references, questions and recommendations out of step, missing text."""
    problems = _duplicates("questions", [q.number for q in spec.questions])
    problems += _duplicates("recommendations", [r.number for r in spec.recommendations])
    for key in KINDS:
        problems += _duplicates(key, [e.id for e in getattr(spec, key)])
    problems += _question_problems(spec)
    known = {key: {e.id for e in getattr(spec, key)} for key in KINDS}
    for rec in spec.recommendations:
        for key in KINDS:
            problems += [f"recommendations.{rec.number}.{key}: unknown id {i!r}"
                         for i in getattr(rec, key) if i not in known[key]]
        problems += [f"recommendations.{rec.number}.references: {n} is not a positive number"
                     for n in rec.references if n < 1]
    named = {key: {i for r in spec.recommendations for i in getattr(r, key)} for key in KINDS}
    problems += [f"{key}.{i}: named by no recommendation" for key in KINDS
                 for i in sorted(known[key] - named[key])]
    return problems + _text_problems(spec)


def _duplicates(where: str, keys: list) -> list[str]:
    return [f"{where}: {k!r} is defined more than once" for k in sorted(set(keys), key=str)
            if keys.count(k) > 1]


def _question_problems(spec: ContentSpec) -> list[str]:
    """Each recommendation sits in exactly one question, the one it names."""
    listed: dict[int, list[int]] = {}
    for q in spec.questions:
        for n in q.recommendations:
            listed.setdefault(n, []).append(q.number)
    numbers = {r.number for r in spec.recommendations}
    problems = [f"questions.{q}: lists unknown recommendation {n}"
                for n, qs in sorted(listed.items()) if n not in numbers for q in qs]
    for rec in spec.recommendations:
        owners = listed.get(rec.number, [])
        if owners != [rec.question]:
            problems.append(f"recommendations.{rec.number}: names question {rec.question} but is "
                            f"listed under {owners or 'no question'}; list it under exactly one")
    return problems


def _text_problems(spec: ContentSpec) -> list[str]:
    """Every text needs both languages."""
    problems = []
    for where, value in _texts(spec):
        for lang in ("en", "zh"):
            if not (getattr(value, lang) or "").strip():
                problems.append(f"{where}: the {lang} text is missing")
    return problems


def _texts(spec: ContentSpec):
    for q in spec.questions:
        yield f"questions.{q.number}.title", q.title
        if q.note:
            yield f"questions.{q.number}.note", q.note
    for r in spec.recommendations:
        yield f"recommendations.{r.number}.summary", r.summary
    for key in KINDS:
        for e in getattr(spec, key):
            for field_name, value in e:
                if isinstance(value, TextSpec):
                    yield f"{key}.{e.id}.{field_name.rstrip('_')}", value


def text(spec: TextSpec | None) -> Text | None:
    """Both languages, with the spaces that line folding left inside Chinese text removed."""
    t = _text(spec)
    return None if t is None else Text(t.en, _FOLD.sub("", t.zh))


def _build(spec: ContentSpec) -> Content:
    questions = {q.number: Question(q.number, text(q.title), tuple(q.recommendations),
                                    text(q.note)) for q in spec.questions}
    recs = {r.number: Recommendation(
        number=r.number, question=r.question,
        label=Text(f"Recommendation {r.number}", f"推荐意见{r.number}"),
        summary=text(r.summary), references=tuple(r.references),
        mentions={KINDS[k]: tuple(getattr(r, k)) for k in KINDS},
        informational=r.informational)
        for r in sorted(spec.recommendations, key=lambda r: r.number)}
    entities = {"drug": {d.id: _drug(d) for d in spec.drugs},
                "test": {t.id: _lab_test(t) for t in spec.tests},
                "trial": {t.id: _trial(t) for t in spec.trials}}
    refs = sorted({n for r in spec.recommendations for n in r.references})
    labels = {n: Text(f"Reference [{n}]", f"参考文献[{n}]") for n in refs}
    return Content(guideline=spec.guideline, questions=dict(sorted(questions.items())),
                   recommendations=recs, entities=entities, reference_labels=labels)


def _drug(d: DrugSpec) -> Entity:
    return Entity("drug", d.id, text(d.name), {"category": d.kind, "class": text(d.class_),
                                                "aliases": "; ".join(d.aliases)})


def _lab_test(t: LabTestSpec) -> Entity:
    return Entity("test", t.id, text(t.name), {"aliases": "; ".join(t.aliases)})


def _trial(t: TrialSpec) -> Entity:
    name, disease = text(t.name), text(t.disease)
    en, zh = f"{name.en}: {disease.en}", f"{name.zh}：{disease.zh}"
    if t.phase:
        en, zh = f"{en}, phase {t.phase}", f"{zh}，{t.phase}期"
    details = {"disease": disease, "phase": t.phase or "", "status": t.status or "",
               "design": text(t.design), "note": text(t.note)}
    return Entity("trial", t.id, Text(en, zh), {k: v for k, v in details.items() if v})
