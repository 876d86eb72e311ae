"""The FHIR map (flows/data/fhir_map.yaml): strict loading and the checks `nmosd-flow check` runs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict

from graph import FlowError, Guideline

MAP_LABEL = "flows/data/fhir_map.yaml"
RESOURCES = ("Observation", "Condition", "Patient")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TextSpec(_Strict):
    en: str
    zh: str


class CodeSpec(_Strict):
    system: str
    code: str
    display: str = ""
    verified: str


class UnitSpec(_Strict):
    code: str
    verified: str


class SystemSpec(_Strict):
    uri: str
    verified: str


class FactSpec(_Strict):
    resource: str | list[str]
    codes: list[CodeSpec] = []
    reading: str | None = None
    units: list[UnitSpec] = []
    value: str | None = None
    element: Literal["birthDate", "gender"] | None = None
    values: dict[str, CodeSpec] = {}
    max_age_days: int | None = None
    combine: Literal["newest", "any_positive"] = "newest"
    note: TextSpec


class ManualSpec(_Strict):
    reason: TextSpec
    related: list[CodeSpec] = []


class MapSpec(_Strict):
    version: int
    systems: dict[str, SystemSpec]
    readings: dict[str, dict[str, list[CodeSpec]]]
    shared_notes: dict[str, TextSpec] = {}
    facts: dict[str, FactSpec]
    manual: dict[str, ManualSpec] = {}


@dataclass(frozen=True)
class FactRule:
    """How one fact comes from the record; codings are ``(system uri, code)`` pairs."""

    fact: str
    resources: tuple[str, ...]
    codes: frozenset
    readings: dict = field(default_factory=dict)  # coding -> fact value
    units: dict = field(default_factory=dict)  # UCUM code -> unit text graph.units reads
    value: str | None = None  # for a problem-list entry: the value it gives
    element: str | None = None  # for Patient facts
    max_age_days: int | None = None
    combine: str = "newest"
    note: TextSpec | None = None


@dataclass(frozen=True)
class FhirMap:
    rules: dict[str, FactRule]
    manual: dict[str, ManualSpec]
    spec: MapSpec = field(compare=False)

    def facts_for(self, system: str | None, code: str | None) -> list[str]:
        """The facts a coding of a resource's ``code`` supplies."""
        return [f for f, r in self.rules.items() if (system, code) in r.codes]

    def manual_for(self, system: str | None, code: str | None) -> str | None:
        """The manual fact a coding relates to, if any (listed, never used)."""
        return next((f for f, m in self.manual.items()
                     if any((self.uri(c.system), c.code) == (system, code) for c in m.related)), None)

    def uri(self, name: str) -> str:
        system = self.spec.systems.get(name)
        return system.uri if system else name

    def coding_of(self, fact: str) -> list[tuple[str, str, str]]:
        """``(uri, code, display)`` of the codes that supply ``fact``, for exports."""
        spec = self.spec.facts.get(fact)
        return [(self.uri(c.system), c.code, c.display) for c in spec.codes] if spec else []


_EXPONENT = re.compile(r"^10\*(-?\d{1,2})(?=/|$)")


def unit_text(ucum: str) -> str:
    """A UCUM unit code spelled as graph.units reads it.

    >>> unit_text("10*3/uL"), unit_text("[lb_av]"), unit_text("mg/dL")
    ('*10**3/uL', 'lb', 'mg/dL')
    """
    text = _EXPONENT.sub(r"*10**\1", ucum)
    return text.replace("[lb_av]", "lb")


def load_map(label: str, text: str) -> FhirMap:
    """Parse and validate the map's YAML; FlowError lists every schema problem."""
    from graph.build import validate
    from graph.yamlio import read_yaml

    spec = validate(label, MapSpec, read_yaml(label, text))
    uri = {name: s.uri for name, s in spec.systems.items()}

    def key(c: CodeSpec) -> tuple[str, str]:
        return uri.get(c.system, c.system), c.code

    rules = {}
    for fact, f in spec.facts.items():
        readings = {key(c): value for value, codes in spec.readings.get(f.reading or "", {}).items()
                    for c in codes}
        readings.update({key(c): value for value, c in f.values.items()})
        rules[fact] = FactRule(
            fact=fact, resources=tuple([f.resource] if isinstance(f.resource, str) else f.resource),
            codes=frozenset(key(c) for c in f.codes), readings=readings,
            units={u.code: unit_text(u.code) for u in f.units}, value=f.value, element=f.element,
            max_age_days=f.max_age_days, combine=f.combine, note=f.note)
    return FhirMap(rules=rules, manual=dict(spec.manual), spec=spec)


@lru_cache(maxsize=1)
def fhir_map() -> FhirMap:
    """The packaged map, loaded once; raises graph.FlowError listing every schema problem."""
    from flows import DATA

    return load_map(MAP_LABEL, (DATA / "fhir_map.yaml").read_text(encoding="utf-8"))


def fhir_map_problems(g: Guideline, fmap: FhirMap | None = None) -> list[str]:
    """Every problem of the map against the fact registry, each ``location: message``."""
    if fmap is None:
        try:
            fmap = fhir_map()
        except FlowError as exc:
            return list(exc.errors)
    spec, out = fmap.spec, []
    out += _system_problems(spec)
    for fact, f in spec.facts.items():
        out += _fact_problems(g, spec, fact, f)
    for fact, m in spec.manual.items():
        where = f"{MAP_LABEL}: manual.{fact}"
        if fact not in g.facts:
            out.append(f"{where}: unknown fact")
        if fact in spec.facts:
            out.append(f"{where}: is both mapped and manual")
        out += _text_problems(where + ".reason", m.reason)
        out += _code_problems(spec, where + ".related", m.related)
    for name, reading in spec.readings.items():
        for value, codes in reading.items():
            out += _code_problems(spec, f"{MAP_LABEL}: readings.{name}.{value}", codes)
    return out


def _system_problems(spec: MapSpec) -> list[str]:
    return [f"{MAP_LABEL}: systems.{n}: no `verified` citation" for n, s in spec.systems.items()
            if not s.verified.strip()]


def _fact_problems(g: Guideline, spec: MapSpec, fact: str, f: FactSpec) -> list[str]:
    where = f"{MAP_LABEL}: facts.{fact}"
    known = g.facts.get(fact)
    if known is None:
        return [f"{where}: unknown fact (see flows/data/facts.yaml)"]
    out = _text_problems(where + ".note", f.note) + _code_problems(spec, where + ".codes", f.codes)
    resources = [f.resource] if isinstance(f.resource, str) else f.resource
    out += [f"{where}.resource: {r!r} is not one of {', '.join(RESOURCES)}"
            for r in resources if r not in RESOURCES]
    if not f.codes and f.element is None:
        out.append(f"{where}: neither codes nor a Patient element")
    if f.reading is not None:
        if f.reading not in spec.readings:
            out.append(f"{where}.reading: no reading {f.reading!r} (readings: "
                       f"{', '.join(spec.readings)})")
        else:
            out += _value_problems(where + ".reading", known, spec.readings[f.reading])
    out += _value_problems(where + ".values", known, f.values)
    if f.value is not None:
        out += _value_problems(where + ".value", known, {f.value: []})
    if f.element is None:
        out += _unit_problems(where + ".units", known, f.units)
    if f.max_age_days is not None and f.max_age_days <= 0:
        out.append(f"{where}.max_age_days: must be a positive number of days")
    return out


def _value_problems(where: str, fact, values) -> list[str]:
    if fact.type == "bool":
        allowed = {"true", "false"}
        return [f"{where}: {v!r} is not a yes/no value" for v in values if str(v).lower() not in allowed]
    if fact.type != "enum":
        return [f"{where}: the fact is a {fact.type}, not an enum"] if values else []
    ids = fact.value_ids()
    return [f"{where}: {v!r} is not a value of the fact (values: {', '.join(ids)})"
            for v in values if v not in ids]


def _unit_problems(where: str, fact, units: list[UnitSpec]) -> list[str]:
    if not units:
        return [f"{where}: a number fact needs its accepted units"] if fact.type == "number" else []
    if fact.type != "number" or not fact.unit:
        return [f"{where}: the fact has no unit to convert to"]
    from graph.units import factor

    out = []
    for u in units:
        out += [] if u.verified.strip() else [f"{where}.{u.code}: no `verified` citation"]
        try:
            factor(unit_text(u.code), fact.unit)
        except ValueError as exc:
            out.append(f"{where}.{u.code}: {exc}")
    return out


def _code_problems(spec: MapSpec, where: str, codes) -> list[str]:
    out = []
    for c in codes:
        if c.system not in spec.systems:
            out.append(f"{where}: {c.code}: unknown system {c.system!r} (systems: "
                       f"{', '.join(spec.systems)})")
        if not c.verified.strip():
            out.append(f"{where}: {c.code}: no `verified` citation (a code goes in only when "
                       f"verified in a published source)")
    return out


def _text_problems(where: str, text: TextSpec) -> list[str]:
    return [f"{where}: missing the {lang} text" for lang in ("en", "zh")
            if not getattr(text, lang).strip()]
