"""The flows as FHIR R4 knowledge artifacts: a PlanDefinition per flow and the facts as a Questionnaire.

Conditions are FHIRPath (``text/fhirpath``) over environment variables named as the facts, which
are the Questionnaire's linkIds: ``%hbsag = 'positive'``, ``%serum_igg_mg_dl < 500``.
"""

from __future__ import annotations

from graph import Flow, Guideline

from .mapping import FhirMap, fhir_map

BASE = "https://nmosd-flow.example/fhir"
VERDICT_EXT = f"{BASE}/StructureDefinition/verdict"
SUBJECT_EXT = f"{BASE}/StructureDefinition/verdict-subject"
VERDICT_SYSTEM = f"{BASE}/CodeSystem/verdict"
TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"
ITEM_TYPES = {"bool": "boolean", "enum": "choice", "date": "date"}


def export_fhir(g: Guideline, lang: str = "en", fmap: FhirMap | None = None) -> dict:
    """A Bundle (type collection): one PlanDefinition per flow, then the facts' Questionnaire."""
    fmap = fmap or fhir_map()
    resources = [plan_definition(g, flow, lang) for flow in g.flows.values()]
    resources.append(questionnaire(g, lang, fmap))
    return {"resourceType": "Bundle", "id": "nmosd-flow-knowledge", "type": "collection",
            "entry": [{"fullUrl": r["url"], "resource": r} for r in resources]}


def _slug(flow_id: str) -> str:
    return flow_id.replace("_", "-")


def answer_system(fact: str) -> str:
    """The code system of an enum fact's answers in the facts Questionnaire."""
    return f"{BASE}/CodeSystem/{_slug(fact)}"


def _name(text: str) -> str:
    return "".join(part.capitalize() for part in text.replace("-", "_").split("_"))


def plan_definition(g: Guideline, flow: Flow, lang: str) -> dict:
    """One flow as a PlanDefinition whose nested actions mirror its decisions and outcomes."""
    slug = _slug(flow.id)
    actions = [_override(g, flow, o, lang) for o in flow.overrides]
    actions.append(_walk(g, flow, flow.start, lang))
    return {
        "resourceType": "PlanDefinition", "id": f"nmosd-flow-{slug}",
        "url": f"{BASE}/PlanDefinition/{slug}", "name": _name(f"nmosd_flow_{flow.id}"),
        "title": flow.title.get(lang), "status": "draft", "description": flow.summary.get(lang),
        "relatedArtifact": [{"type": "citation", "label": flow.source,
                             "citation": g.citation.get(lang)}],
        "action": actions,
    }


def _walk(g: Guideline, flow: Flow, node_id: str, lang: str) -> dict:
    data = flow.node(node_id)
    action: dict = {"title": data["label"].get(lang)}
    if data.get("note"):
        action["description"] = data["note"].get(lang)
    kind = data["kind"]
    subs: list[dict] = []
    if kind in ("action", "outcome"):
        subs += [_do(g, a, lang) for a in data.get("actions", ())]
        action["documentation"] = _citations(g, data.get("recommendations", ()), lang)
        if data.get("derived_from"):
            derived = f"(derived from {data['derived_from']})"
            action["description"] = f"{action.get('description', '')} {derived}".strip()
    if kind == "outcome":
        action["code"] = [{"coding": [{"system": VERDICT_SYSTEM, "code": data["verdict"],
                                       "display": g.verdict(data["verdict"]).label.get(lang)}]}]
        action["extension"] = [{"url": VERDICT_EXT, "valueCode": data["verdict"]},
                               {"url": SUBJECT_EXT, "valueCode": data["subject"]}]
    elif kind == "decision":
        action["selectionBehavior"] = "exactly-one"
        for _, target, edge in sorted(flow.graph.out_edges(node_id, data=True), key=lambda e: e[1]):
            branch = _walk(g, flow, target, lang)
            branch["condition"] = [_condition(g, data["fact"], edge, lang)]
            subs.append(branch)
    else:
        subs += [_walk(g, flow, target, lang) for target in sorted(flow.graph.successors(node_id))]
    if subs:
        action["action"] = subs
    return action


def _do(g: Guideline, a, lang: str) -> dict:
    out = {"title": a.text.get(lang), "documentation": _citations(g, a.recommendations, lang)}
    if a.timing is not None and a.timing.get(lang):
        out["textEquivalent"] = a.timing.get(lang)
    return out


def _citations(g: Guideline, recs, lang: str) -> list[dict]:
    word = "推荐意见" if lang == "zh" else "recommendation"
    return [{"type": "citation", "label": f"rec {n}", "citation": f"{g.title.get(lang)}, {word} {n}"}
            for n in recs]


def _condition(g: Guideline, fact: str, edge: dict, lang: str) -> dict:
    label = edge.get("label")
    shown = f"{g.facts[fact].label.get(lang)}: {label.get(lang) if label else edge['condition'].label()}"
    return {"kind": "applicability", "expression": {
        "description": shown, "language": "text/fhirpath",
        "expression": fhirpath(fact, edge["condition"])}}


def fhirpath(fact: str, condition) -> str:
    """A branch condition as FHIRPath over the fact's environment variable.

    >>> from graph.conditions import Condition, Interval
    >>> fhirpath("hbsag", Condition(values=frozenset({"positive"})))
    "%hbsag = 'positive'"
    >>> fhirpath("serum_igg_mg_dl", Condition(interval=Interval(hi=500)))
    '%serum_igg_mg_dl < 500'
    """
    if condition.interval is not None:
        iv, parts = condition.interval, []
        if iv.lo != float("-inf"):
            parts.append(f"%{fact} {'>=' if iv.lo_closed else '>'} {_num(iv.lo)}")
        if iv.hi != float("inf"):
            parts.append(f"%{fact} {'<=' if iv.hi_closed else '<'} {_num(iv.hi)}")
        return " and ".join(parts) or f"%{fact}.exists()"
    terms = [f"%{fact} = {_literal(v)}" for v in sorted(condition.values, key=str)]
    return terms[0] if len(terms) == 1 else "(" + " or ".join(terms) + ")"


def _literal(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(x)


def _override(g: Guideline, flow: Flow, override, lang: str) -> dict:
    expression = " and ".join(fhirpath(f, c) for f, c in override.conditions)
    return {"title": override.label.get(lang),
            "condition": [{"kind": "applicability", "expression": {
                "description": override.label.get(lang), "language": "text/fhirpath",
                "expression": expression}}],
            "action": [_walk(g, flow, override.outcome, lang)]}


def questionnaire(g: Guideline, lang: str, fmap: FhirMap) -> dict:
    """Every fact a person can give (derived counts excluded) as a Questionnaire item."""
    other = "en" if lang == "zh" else "zh"
    items = [_item(name, fact, lang, other, fmap) for name, fact in g.facts.items() if not fact.derived]
    return {"resourceType": "Questionnaire", "id": "nmosd-flow-facts", "url": f"{BASE}/Questionnaire/facts",
            "name": "NmosdFlowFacts", "title": g.title.get(lang), "status": "draft", "language": lang,
            "item": items}


def _item(name: str, fact, lang: str, other: str, fmap: FhirMap) -> dict:
    kind = ITEM_TYPES.get(fact.type) or ("integer" if fact.integer else "decimal")
    item = {"linkId": name, "text": fact.label.get(lang), "_text": _translation(fact.label, other),
            "type": kind}
    codes = fmap.coding_of(name)
    if codes:
        item["code"] = [{"system": s, "code": c, "display": d} for s, c, d in codes]
    if fact.type == "enum":
        system = answer_system(name)
        item["answerOption"] = [{"valueCoding": {
            "system": system, "code": v.id, "display": v.label.get(lang),
            "_display": _translation(v.label, other)}} for v in fact.values]
    return item


def _translation(text, lang: str) -> dict:
    return {"extension": [{"url": TRANSLATION, "extension": [
        {"url": "lang", "valueCode": lang}, {"url": "content", "valueString": text.get(lang)}]}]}
