"""Read one FHIR resource into candidate fact values, by the map; anything it cannot read is said."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from graph.values import coerce

from .mapping import FactRule, FhirMap
from .said import Said, zh_label

# The resource types facts are read from (record.py); any other type is only listed as unmapped.
READ_TYPES = ("Patient", "Observation", "Condition", "QuestionnaireResponse")
USABLE_STATUS = ("final", "amended", "corrected")
UNUSABLE_VERIFICATION = ("unconfirmed", "provisional", "differential", "refuted", "entered-in-error")
CURRENT_CLINICAL = ("active", "recurrence", "relapse")
CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"


@dataclass(frozen=True)
class Provenance:
    """Where a fact came from: ``Observation/abc``, ``http://loinc.org|5195-3``, the date, the text."""

    fact: str
    resource: str
    code: str
    date: str | None
    text: str


@dataclass(frozen=True)
class Candidate:
    fact: str
    value: object  # the raw value, ready for graph.type_facts
    day: dt.date | None
    provenance: Provenance


@dataclass
class Reading:
    """What the resources said: candidates, warnings and what maps to nothing."""

    candidates: list[Candidate] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)


def ref(r: dict) -> str:
    return f"{r.get('resourceType')}/{r.get('id') or '(no id)'}"


def codings(concept) -> list[dict]:
    return [c for c in (concept or {}).get("coding") or () if isinstance(c, dict)]


def show(c: dict) -> str:
    display = f" ({c['display']})" if c.get("display") else ""
    return f"{c.get('system') or '(no system)'}|{c.get('code')}{display}"


def day_of(text) -> dt.date | None:
    """The calendar day of a FHIR date or dateTime; None for a partial date or no date."""
    if not isinstance(text, str) or len(text) < 10:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _effective(r: dict) -> str | None:
    period = r.get("effectivePeriod") or {}
    return r.get("effectiveDateTime") or r.get("effectiveInstant") or period.get("start") or r.get("issued")


def read_observation(r: dict, fmap: FhirMap, facts: dict, today: dt.date, out: Reading) -> None:
    cs = codings(r.get("code"))
    names = list(dict.fromkeys(f for c in cs for f in fmap.facts_for(c.get("system"), c.get("code"))
                               if "Observation" in fmap.rules[f].resources))
    if not names:
        return _unmapped(r, cs, fmap, out)
    if r.get("status") not in USABLE_STATUS:
        out.warnings.append(Said(
            f"{ref(r)}: status {r.get('status')!r}: not used (only final, amended or "
            f"corrected results are)",
            f"{ref(r)}：状态为{r.get('status')!r}，未使用(只采用最终、修订或更正的结果)"))
        return None
    stamp = _effective(r)
    day = day_of(stamp)
    if day is None or day > today:
        why = "has no full effective date" if day is None else f"is dated {day}, after {today}"
        why_zh = "没有完整的检测日期" if day is None else f"日期为{day}，晚于{today}"
        out.warnings.append(Said(
            f"{ref(r)}: {', '.join(names)}: {why}; not used (its age cannot be checked)",
            f"{ref(r)}：{'、'.join(zh_label(facts, n) for n in names)}：{why_zh}，"
            f"无法判断结果是否过期，未使用"))
        return None
    code = next(show(c) for c in cs if fmap.facts_for(c.get("system"), c.get("code")))
    for name in names:
        _observation_fact(r, fmap.rules[name], facts[name], day, today, code.split(" (")[0], out)
    return None


def _observation_fact(r, rule: FactRule, fact, day, today, code, out: Reading) -> None:
    if rule.max_age_days is not None and (today - day).days > rule.max_age_days:
        out.warnings.append(Said(
            f"{ref(r)}: {rule.fact} result of {day} is older than {rule.max_age_days} "
            f"days (this tool's limit; see flows/data/fhir_map.yaml): not used",
            f"{ref(r)}：{fact.label.get('zh')}结果日期为{day}，超过{rule.max_age_days}天"
            f"(本工具的时限，见flows/data/fhir_map.yaml)，未使用"))
        return
    value, text, problem = (_quantity(r, rule, fact) if rule.units else _coded(r, rule, fact))
    if problem:
        out.warnings.append(Said(f"{ref(r)}: {rule.fact}: {problem}; not used",
                                 f"{ref(r)}：{fact.label.get('zh')}：结果无法读取({problem})，未使用"))
        return
    out.candidates.append(Candidate(rule.fact, value, day,
                                    Provenance(rule.fact, ref(r), code, day.isoformat(), text)))


def _quantity(r: dict, rule: FactRule, fact):
    q = r.get("valueQuantity")
    if not isinstance(q, dict) or q.get("value") is None:
        return None, "", "no valueQuantity"
    if q.get("comparator"):
        return None, "", f"a value with a comparator ({q['comparator']}{q['value']}) is not a number"
    code, system = q.get("code"), q.get("system")
    if system != "http://unitsofmeasure.org" or code not in rule.units:
        return None, "", (f"unit {code or q.get('unit')!r} (system {system!r}) is not a UCUM unit this "
                          f"map accepts ({', '.join(rule.units)})")
    raw = f"{q['value']} {rule.units[code]}"
    try:
        coerce(fact, raw)
    except ValueError as exc:
        return None, "", str(exc)
    return raw, f"{q['value']} {q.get('unit') or code}", None


def _coded(r: dict, rule: FactRule, fact):
    found: dict = {}
    for c in codings(r.get("valueCodeableConcept")) + [c for i in r.get("interpretation") or ()
                                                         for c in codings(i)]:
        value = rule.readings.get((c.get("system"), c.get("code")))
        if value is not None:
            found.setdefault(value, show(c))
    if isinstance(r.get("valueString"), str):
        try:
            found.setdefault(coerce(fact, r["valueString"]), repr(r["valueString"]))
        except ValueError as exc:
            return None, "", f"valueString: {exc}"
    if len(found) > 1:
        return None, "", f"its value and interpretation disagree ({', '.join(found.values())})"
    if not found:
        return None, "", _nothing_read(r)
    (value, text), = found.items()
    return value, text, None


def _nothing_read(r: dict) -> str:
    coded = [show(c) for c in codings(r.get("valueCodeableConcept"))]
    if coded:
        return f"the coded result {', '.join(coded)} has no reading for this fact"
    if "valueQuantity" in r:
        return "a number alone is not read as a result (give the laboratory's interpretation)"
    return "no result this map can read"


def _unmapped(r: dict, cs: list[dict], fmap: FhirMap, out: Reading) -> None:
    for c in cs:
        manual = fmap.manual_for(c.get("system"), c.get("code"))
        if manual:
            out.unmapped.append(f"{ref(r)}: {show(c)} concerns {manual}, which the clinician enters "
                                f"(not read from the record)")
            return
    what = ", ".join(show(c) for c in cs) or repr((r.get("code") or {}).get("text", "no code"))
    out.unmapped.append(f"{ref(r)}: {what} maps to no fact")


def read_condition(r: dict, fmap: FhirMap, out: Reading, facts: dict | None = None) -> None:
    cs = codings(r.get("code"))
    hits = [(f, c) for c in cs for f in fmap.facts_for(c.get("system"), c.get("code"))
            if "Condition" in fmap.rules[f].resources]
    if not hits:
        return _unmapped(r, cs, fmap, out)
    verification = [c.get("code") for c in codings(r.get("verificationStatus"))]
    bad = [v for v in verification if v in UNUSABLE_VERIFICATION]
    if bad:
        out.warnings.append(Said(f"{ref(r)}: verification status {bad[0]!r}: not used",
                                 f"{ref(r)}：核实状态为{bad[0]!r}，未使用"))
        return None
    clinical = [c.get("code") for c in codings(r.get("clinicalStatus"))]
    stamp = r.get("recordedDate") or r.get("onsetDateTime")
    for name, c in dict(hits).items():
        rule = fmap.rules[name]
        value = rule.value or rule.readings.get((c.get("system"), c.get("code")))
        if rule.value is None and not set(clinical) & set(CURRENT_CLINICAL):
            out.warnings.append(Said(
                f"{ref(r)}: {name}: clinical status {clinical or 'missing'} is not active; not used",
                f"{ref(r)}：{zh_label(facts or {}, name)}：临床状态{clinical or '缺失'}不是活动期，"
                f"未使用"))
            continue
        out.candidates.append(Candidate(name, value, day_of(stamp), Provenance(
            name, ref(r), show(c).split(" (")[0], stamp, c.get("display") or str(value))))
    return None


def read_patient(r: dict, fmap: FhirMap, today: dt.date, out: Reading) -> None:
    sex = fmap.rules.get("sex")
    gender = r.get("gender")
    if sex is not None and gender is not None:
        value = sex.readings.get(("http://hl7.org/fhir/administrative-gender", gender))
        if value is None:
            out.unmapped.append(f"{ref(r)}: gender {gender!r} is not a value of the fact sex "
                                f"(female, male): the clinician enters it")
        else:
            out.candidates.append(Candidate("sex", value, None, Provenance(
                "sex", ref(r), f"Patient.gender|{gender}", None, gender)))
    born = r.get("birthDate")
    if "age_years" in fmap.rules and isinstance(born, str):
        age = age_on(born, today)
        if age is None:
            out.warnings.append(Said(
                f"{ref(r)}: birthDate {born!r} does not give the age in completed years on "
                f"{today}; age_years not used",
                f"{ref(r)}：出生日期{born!r}无法确定{today}时的周岁年龄，未使用年龄"))
        else:
            out.candidates.append(Candidate("age_years", age, None, Provenance(
                "age_years", ref(r), "Patient.birthDate", born, f"born {born}, {age} on {today}")))


def age_on(born: str, today: dt.date) -> int | None:
    """Completed years on ``today`` for a FHIR date (YYYY, YYYY-MM or YYYY-MM-DD), when certain.

    >>> age_on("1990-06-15", dt.date(2025, 6, 14)), age_on("1990", dt.date(2025, 12, 31))
    (34, 35)
    >>> age_on("1990", dt.date(2025, 6, 1)) is None
    True
    """
    parts = [int(p) for p in born.split("-")] if born.replace("-", "").isdigit() else []
    if not parts or len(parts) > 3:
        return None
    try:
        earliest = dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
        latest = _last_day(parts)
    except ValueError:
        return None
    if latest > today:
        return None
    ages = {_years(earliest, today), _years(latest, today)}
    return ages.pop() if len(ages) == 1 else None


def _last_day(parts: list[int]) -> dt.date:
    if len(parts) == 3:
        return dt.date(*parts)
    month = parts[1] if len(parts) > 1 else 12
    nxt = dt.date(parts[0] + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def _years(born: dt.date, today: dt.date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
