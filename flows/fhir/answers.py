"""Facts the clinician entered: answers to the facts Questionnaire (``export --format fhir``).

A QuestionnaireResponse whose ``questionnaire`` is this tool's facts Questionnaire carries the
facts a record cannot supply (a failed empiric therapy, an acute attack, ...), one item per fact
(the item's ``linkId`` is the fact's name). Its answers are read as a patient file's values are;
the age limits of the map apply to them as to laboratory results. Answers to other forms and
items that are not facts are listed as unmapped, never guessed.
"""

from __future__ import annotations

import datetime as dt

from graph.values import coerce

from .export import BASE, answer_system
from .mapping import FhirMap
from .read import Candidate, Provenance, Reading, day_of, ref
from .said import Said

FORM = f"{BASE}/Questionnaire/facts"
USABLE_STATUS = ("completed", "amended")
_VALUE_KEYS = ("valueBoolean", "valueDecimal", "valueInteger", "valueDate", "valueString", "valueCoding")


def read_answers(r: dict, fmap: FhirMap, facts: dict, today: dt.date, out: Reading) -> None:
    """Candidates from one QuestionnaireResponse; every answer not used is one warning."""
    form = str(r.get("questionnaire") or "").split("|")[0]
    if form != FORM:
        out.unmapped.append(f"{ref(r)}: answers to {form or 'no named Questionnaire'}, not to this "
                            f"tool's facts Questionnaire ({FORM})")
        return
    if r.get("status") not in USABLE_STATUS:
        out.warnings.append(Said(
            f"{ref(r)}: status {r.get('status')!r}: not used (only completed or amended "
            f"answers are)",
            f"{ref(r)}：状态为{r.get('status')!r}，未使用(只采用已完成或修订的回答)"))
        return
    stamp = r.get("authored")
    day = day_of(stamp)
    if day is not None and day > today:
        out.warnings.append(Said(f"{ref(r)}: authored {day}, after {today}: not used",
                                 f"{ref(r)}：填写日期{day}晚于{today}，未使用"))
        return
    for item in _items(r.get("item")):
        _item(r, item, fmap, facts, day, today, out)


def _items(items):
    for item in items or ():
        if isinstance(item, dict):
            yield item
            yield from _items(item.get("item"))


def _item(r: dict, item: dict, fmap: FhirMap, facts: dict, day, today: dt.date, out: Reading) -> None:
    link, answers = item.get("linkId"), item.get("answer") or []
    fact = facts.get(link)
    if fact is None or fact.derived:
        if answers:
            out.unmapped.append(f"{ref(r)}: item {link!r} is not a fact of the Questionnaire")
        return
    if not answers:
        return
    if len(answers) > 1:
        out.warnings.append(Said(
            f"{ref(r)}: {link}: {len(answers)} answers to a one-answer item; not used",
            f"{ref(r)}：{fact.label.get('zh')}：单选项目有{len(answers)}个回答，未使用"))
        return
    value, problem = _value(fact, answers[0])
    if problem:
        out.warnings.append(Said(f"{ref(r)}: {link}: {problem}; not used",
                                 f"{ref(r)}：{fact.label.get('zh')}：回答无法读取({problem})，未使用"))
        return
    rule = fmap.rules.get(link)
    limit = rule.max_age_days if rule else None
    if limit is not None and (day is None or (today - day).days > limit):
        why = "no full authored date" if day is None else f"answered {day}, older than {limit} days"
        why_zh = "没有完整的填写日期" if day is None else f"回答于{day}，超过{limit}天"
        out.warnings.append(Said(
            f"{ref(r)}: {link}: {why} (this tool's limit for the fact; see "
            f"flows/data/fhir_map.yaml): not used",
            f"{ref(r)}：{fact.label.get('zh')}：{why_zh}(本工具对该事实的时限，见"
            f"flows/data/fhir_map.yaml)，未使用"))
        return
    out.candidates.append(Candidate(link, value, day, Provenance(
        link, ref(r), f"QuestionnaireResponse.item|{link}", r.get("authored"), _shown(answers[0]))))


def _value(fact, answer: dict):
    """``(raw value, problem)`` of one answer for ``fact``."""
    given = [k for k in _VALUE_KEYS if k in answer]
    if len(given) != 1:
        kinds = ", ".join(k for k in answer if k.startswith("value")) or "no value"
        return None, f"answer {kinds}: give one value of the fact's type"
    key = given[0]
    value = answer[key]
    if key == "valueCoding":
        coding = value if isinstance(value, dict) else {}
        system = answer_system(fact.name)
        if fact.type != "enum" or coding.get("system") != system:
            return None, (f"the coding {coding.get('system')}|{coding.get('code')} is not one of the "
                          f"Questionnaire's answers ({system})")
        value = coding.get("code")
    elif key == "valueBoolean" and fact.type != "bool":
        return None, f"a yes/no answer for a fact of type {fact.type}"
    elif key in ("valueDecimal", "valueInteger") and fact.type != "number":
        return None, f"a number for a fact of type {fact.type}"
    try:
        coerce(fact, value)
    except ValueError as exc:
        return None, str(exc)
    return value, None


def _shown(answer: dict) -> str:
    value = next((answer[k] for k in _VALUE_KEYS if k in answer), None)
    if isinstance(value, dict):
        return str(value.get("display") or value.get("code"))
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
