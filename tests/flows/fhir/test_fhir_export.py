"""The flows exported as FHIR R4 knowledge artifacts validate resource by resource."""

import json

import pytest

import flows
from flows.fhir.export import VERDICT_EXT, export_fhir

G = flows.guideline()


@pytest.fixture(scope="module", params=["en", "zh"])
def exported(request):
    return request.param, export_fhir(G, request.param)


def _models():
    from fhir.resources.R4B import get_fhir_model_class
    from fhir.resources.R4B.bundle import Bundle

    return Bundle, get_fhir_model_class


def test_the_bundle_and_every_resource_validate_as_fhir(exported):
    _, doc = exported
    bundle_model, model_of = _models()
    bundle_model.model_validate(doc)
    for entry in doc["entry"]:
        resource = entry["resource"]
        model_of(resource["resourceType"]).model_validate(resource)
        assert entry["fullUrl"] == resource["url"]


def test_one_plan_definition_per_flow_and_one_questionnaire(exported):
    _, doc = exported
    kinds = [e["resource"]["resourceType"] for e in doc["entry"]]
    assert kinds.count("PlanDefinition") == len(G.flows)
    assert kinds.count("Questionnaire") == 1
    ids = [e["resource"]["id"] for e in doc["entry"]]
    assert len(set(ids)) == len(ids)


def _actions(actions):
    for a in actions:
        yield a
        yield from _actions(a.get("action", ()))


def _plan(doc, flow_id):
    slug = flow_id.replace("_", "-")
    return next(e["resource"] for e in doc["entry"] if e["resource"]["id"] == f"nmosd-flow-{slug}")


def test_every_outcome_carries_its_verdict_and_cites_a_recommendation(exported):
    _, doc = exported
    for flow in G.flows.values():
        outcomes = [a for a in _actions(_plan(doc, flow.id)["action"]) if "extension" in a]
        verdicts = {x["valueCode"] for a in outcomes for x in a["extension"] if x["url"] == VERDICT_EXT}
        assert verdicts == {flow.node(o)["verdict"] for o in flow.outcomes()}
        assert all(a["documentation"] for a in outcomes)


def test_fig1_hbsag_branches_are_fhirpath_conditions(exported):
    _, doc = exported
    text = json.dumps(_plan(doc, "hbv"))
    # Fig 1 branches on HBsAg, and rec 6 decides on HBV-DNA positive whatever the serology.
    assert "%hbsag = 'positive'" in text and "%hbsag = 'negative'" in text
    assert "%hbv_dna = 'positive'" in text
    assert '"language": "text/fhirpath"' in text


def test_rec8_igg_threshold_is_a_numeric_condition(exported):
    _, doc = exported
    assert "%serum_igg_mg_dl" in json.dumps(_plan(doc, "immunoglobulin"))


def test_the_questionnaire_has_an_item_per_fact_with_both_languages(exported):
    lang, doc = exported
    q = next(e["resource"] for e in doc["entry"] if e["resource"]["resourceType"] == "Questionnaire")
    items = {i["linkId"]: i for i in q["item"]}
    assert set(items) == {n for n, f in G.facts.items() if not f.derived}
    other = "zh" if lang == "en" else "en"
    hbsag = items["hbsag"]
    assert hbsag["type"] == "choice"
    assert [o["valueCoding"]["code"] for o in hbsag["answerOption"]] == ["positive", "negative"]
    assert hbsag["text"] == G.facts["hbsag"].label.get(lang)
    assert G.facts["hbsag"].label.get(other) in json.dumps(hbsag["_text"], ensure_ascii=False)
    assert {"system": "http://loinc.org", "code": "5195-3"}.items() <= hbsag["code"][0].items()
    assert items["tb_active"]["type"] == "boolean"
    assert items["immunosuppressant_count"]["type"] == "integer"
    assert items["serum_igg_mg_dl"]["type"] == "decimal"
    assert items["first_infusion_date"]["type"] == "date"
