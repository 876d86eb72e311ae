"""One JSON line per patient of a cohort, equal to `evaluate --format json`, built from memos."""

from __future__ import annotations

import json
from operator import itemgetter

from flows.evaluation import flow_json, overall_json, to_json
from graph import (Evaluation, Guideline, Overall, PatientFileError, patient_from, patient_id,
                   type_facts)
from graph.compiled import compiled
from graph.evaluate import combine, flow_result, warnings_for
from graph.signature import Signatures
from graph.values import coerce

FLOW_LIMIT = 8_192  # remembered results per flow
OVERALL_LIMIT = 20_000  # remembered overall verdicts
VALUE_LIMIT = 50_000  # remembered typed values
TOP_KEYS = ("id", "note")
_NESTED_KEYS = {"id", "note", "facts"}
_MARK = "\x00{}\x00"
INF = float("inf")
NOT_DONE = 1 << 30  # above every verdict's rank
_DONE, _PENDING, _TOP = itemgetter(3), itemgetter(4), itemgetter(5)
_NO_OVERALL = Overall(None, True, ())


def dumps(value) -> str:
    """JSON as ``evaluate --format json`` writes it, on one line."""
    return _ENCODER.encode(value)


_ENCODER = json.JSONEncoder(ensure_ascii=False)  # what json.dumps(..., ensure_ascii=False) makes


class Cohort:
    """What one process needs to turn records into result lines, with its memos.

    Results that can differ only in the numbers shown at steps (``graph.signature``) share
    one JSON fragment, made once by ``flows.evaluation.to_json``; so do the overall verdicts of
    patients whose flows contribute alike, and the typed values of repeated raw values.
    """

    def __init__(self, g: Guideline, flow_ids: list[str], lang: str):
        self.g, self.lang = g, lang
        self.flows = {f: g.flows[f] for f in flow_ids}
        # The other flows with a trigger: evaluated too, joining when they apply (design §3).
        self.others = {f: flow for f, flow in g.flows.items() if f not in self.flows and flow.trigger}
        self.every = {**self.flows, **self.others}
        self.selected = len(self.flows)
        self.compiled = [compiled(flow, g.facts) for flow in self.every.values()]
        self.results: list[dict] = [{} for _ in self.every]  # signature -> entry
        self.shapes: list[dict] = [{} for _ in self.every]  # trace shape -> JSON and verdict
        self.rank = {v: i for i, v in enumerate(g.verdict_order())}
        self.signatures = Signatures([c.flow for c in self.compiled], g.facts, checks=True)
        self.names = {**{n: (n, f) for n, f in g.facts.items()},
                      **{a: (n, g.facts[n]) for a, n in g.aliases.items() if n in g.facts}}
        self.values: dict = {}  # (name, raw value, its type) -> (fact, typed value)
        self.overalls: dict = {}
        self.order = g.verdict_order()
        self.standing = set(g.standing_verdicts)
        self.parts = _template(g, lang)

    def line(self, label: str, data, default_id: str) -> bytes:
        """The result line for one parsed record; PatientFileError names what is wrong."""
        patient_id, known = self.patient(label, data, default_id)
        return self._line(label, patient_id, known)

    def record_line(self, label: str, pid: str, found: list, day) -> bytes:
        """The result line for one patient's FHIR resources ``[(line number, resource)...]``,
        read as of ``day``: what ``evaluate --format json`` prints for that patient's Bundle,
        its ``record`` member included. A resource that fails validation refuses the patient
        (PatientFileError naming its line)."""
        from flows.fhir import facts_from_fhir
        from flows.fhir.ndjson import check_resource

        for number, resource in found:
            try:
                check_resource(resource)
            except ValueError as exc:
                raise PatientFileError(f"{label}:{number}: {exc}; Patient/{pid} is not evaluated "
                                       f"(a verdict never rests on part of a record)") from None
        bundle = {"resourceType": "Bundle", "type": "collection",
                  "entry": [{"resource": r} for _, r in found]}
        where = f"{label}: Patient/{pid}"
        record = facts_from_fhir(bundle, self.g, day, label=where, validated=True)
        known = self.typed(where, record.raw)
        tail = b', "record": ' + dumps(record.to_json(known)).encode()
        return self._line(where, record.patient_id or pid, known, record.warnings, tail)

    def _line(self, label: str, patient_id: str, known: dict, more_warnings=(), tail=b"") -> bytes:
        keys = self.signatures.keys(known)
        if keys is None:
            entries = [self._entry(i, known) for i in range(len(self.compiled))]
        else:
            entries = [memo.get(key) or self._remember(i, key, known)
                       for i, (memo, key) in enumerate(zip(self.results, keys, strict=True))]
        n = self.selected
        entries = entries[:n] + [e for e in entries[n:] if e[0].status != "not_applicable"]
        warnings = [w for e in entries if e[2] for w in e[2]] + list(more_warnings)
        p = self.parts
        try:
            head = _ENCODER.encode(patient_id).encode()
        except UnicodeEncodeError:
            raise PatientFileError(f"{label}: holds text that is not valid Unicode") from None
        return b"".join((p[0], head, p[1], self._overall(entries, n), p[2],
                         b", ".join([e[1] for e in entries]), p[3],
                         _ENCODER.encode(warnings).encode() if warnings else b"[]",
                         tail + p[4] if tail else p[4]))

    def patient(self, label: str, data, default_id: str) -> tuple[str, dict]:
        """``(id, typed facts)`` from ``{"id", "facts": {...}}`` or a flat mapping of facts."""
        plain = data.__class__ is dict
        facts = data.get("facts") if plain else None
        if facts.__class__ is dict and data.keys() <= _NESTED_KEYS:
            return _ident(label, data, default_id), self.typed(label, facts)
        if plain and "facts" not in data:
            raw = {k: v for k, v in data.items() if k not in TOP_KEYS}
            return _ident(label, data, default_id), self.typed(label, raw)
        patient = patient_from(label, data, self.g.facts, self.g.aliases, default_id)
        return patient.id, patient.facts  # or patient_from raised the reason

    def typed(self, label: str, raw: dict) -> dict:
        """As ``graph.type_facts``, remembering the typed value of each raw value."""
        values = raw.values()
        try:
            hits = list(map(self.values.get, zip(raw, values, map(type, values), strict=True)))
        except TypeError:  # a list or a mapping among the values
            hits = [None]
        if None not in hits:
            typed = dict(hits)
            if _BAD not in typed:
                typed.pop(_SKIP, None)
                return typed
        return self._typed_one_by_one(label, raw)

    def _typed_one_by_one(self, label: str, raw: dict) -> dict:
        typed = {}
        for name, value in raw.items():
            key = (name, value, type(value))
            try:
                hit = self.values.get(key)
            except TypeError:
                key = hit = None
            if hit is None:
                hit = self._learn(label, raw, name, value, key)
            if hit[0] is _BAD:
                raise PatientFileError(f"{label}: facts.{name}: {hit[1]}")
            if hit[0] is not _SKIP:
                typed[hit[0]] = hit[1]
        return typed

    def _learn(self, label: str, raw: dict, name: str, value, key) -> tuple:
        """``(fact, typed value)``, ``(_SKIP, None)`` for a blank, or ``(_BAD, reason)``."""
        found = self.names.get(name)
        if found is None:
            type_facts(label, raw, self.g.facts, self.g.aliases)  # raises the reason
        if value is None or (isinstance(value, str) and not value.strip()):
            result = (_SKIP, None)
        else:
            try:
                result = (found[0], coerce(found[1], value))
            except ValueError as exc:
                result = (_BAD, str(exc))
        if key is not None and len(self.values) < VALUE_LIMIT:
            self.values[key] = result
        return result

    def _remember(self, i: int, key, known: dict) -> tuple:
        entry = self._entry(i, known)
        if len(self.results[i]) < FLOW_LIMIT:
            self.results[i][key] = entry
        return entry

    def _entry(self, i: int, known: dict) -> tuple:
        """``(FlowResult, JSON text, warnings, done, pending, top)`` of flow ``i``: what it
        brings to the overall verdict is the rank of its verdict (``done``, else NOT_DONE),
        or the ranks it may still reach (``pending``) and the highest of those (``top``).
        Everything but the warnings follows from the trace's path, missing facts and
        reachable outcomes, so it is made once per such shape."""
        flow, trace = self.compiled[i].flow, self.compiled[i].trace(known)
        shape = (trace.status, trace.path, trace.missing, trace.reachable, trace.override)
        made = self.shapes[i].get(shape)
        if made is None:
            made = self._shape(flow, trace, i < self.selected)
            if len(self.shapes[i]) < FLOW_LIMIT:
                self.shapes[i][shape] = made
        warnings = tuple(warnings_for(flow, known)) if trace.status != "not_applicable" else ()
        return made[0], made[1], warnings, *made[2:]

    def _shape(self, flow, trace, selected: bool) -> tuple:
        result = flow_result(flow, trace)
        text = dumps(flow_json(result, self.lang, selected)).encode()
        subject, rank = self.g.overall_subject, self.rank
        done, pending, top = NOT_DONE, frozenset(), INF
        if result.status == "complete" and result.subject == subject:
            done = rank[result.verdict]
        elif result.status == "incomplete":
            nodes = flow.graph.nodes
            ranks = {rank[v] if nodes[o]["subject"] == subject else INF
                     for o, v in result.reachable}
            if ranks - {INF}:
                pending, top = frozenset(ranks - {INF}), max(ranks)
        return result, text, done, pending, top

    def _overall(self, entries: list[tuple], n: int) -> bytes:
        """The overall JSON, remembered by what ``graph.evaluate.combine`` reads of the flows:
        the worst verdict reached, every rank still pending, the lowest of the pending flows'
        highest ranks (a verdict is possible only if no pending flow stays below it), and
        which flows not asked for joined (``entries[n:]`` are those that apply)."""
        joined = tuple(e[0].flow for e in entries[n:] if e[3] != NOT_DONE or e[4])
        counted = entries[:n] + [e for e in entries[n:] if e[0].flow in joined]
        key = (min(map(_DONE, counted), default=NOT_DONE),
               frozenset().union(*map(_PENDING, counted)), min(map(_TOP, counted), default=INF),
               joined)
        text = self.overalls.get(key)
        if text is None:
            results = tuple(e[0] for e in entries[:n])
            overall = combine(results, self.every, self.order, self.g.overall_subject,
                              self.standing, tuple(e[0] for e in entries[n:]))
            text = dumps(overall_json(overall)).encode()
            if len(self.overalls) < OVERALL_LIMIT:
                self.overalls[key] = text
        return text


_SKIP, _BAD = object(), object()  # keys of a blank value and of a bad one


def _template(g: Guideline, lang: str) -> list[bytes]:
    """The text of ``to_json`` around its patient, overall, flows and warnings, in order."""
    keys = ("patient", "overall", "flows", "warnings")
    skeleton = to_json(g, _MARK.format("patient"), Evaluation((), _NO_OVERALL, ()), lang)
    for key in keys[1:]:
        skeleton[key] = _MARK.format(key)
    text = dumps(skeleton)
    marks = sorted((text.index(dumps(_MARK.format(k))), k) for k in keys)
    if [k for _, k in marks] != list(keys):
        raise AssertionError(f"to_json changed its order of keys: {[k for _, k in marks]}")
    parts, start = [], 0
    for at, key in marks:
        parts.append(text[start:at])
        start = at + len(dumps(_MARK.format(key)))
    parts.append(text[start:])
    parts[2] += "["  # the flows list is joined here
    parts[3] = "]" + parts[3]
    return [part.encode() for part in parts]



def _ident(label: str, data: dict, default_id: str) -> str:
    """The record's id: plain text taken as it is, anything else checked as a patient file's."""
    given = data.get("id")
    if given.__class__ is str and 0 < len(given) <= 200:
        return given
    return patient_id(label, given, default_id)
