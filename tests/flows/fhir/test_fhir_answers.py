"""Answers to the exported facts Questionnaire (a QuestionnaireResponse) carry the facts a record
cannot supply; the exported Questionnaire's own answer codes read back as the facts they name.

Expected facts and verdicts come from the example patient files and the recommendations named.
"""

import copy
import datetime as dt
import json
from pathlib import Path

import pytest

import flows
from flows.fhir import facts_from_fhir
from flows.fhir.answers import FORM
from flows.fhir.export import answer_system, export_fhir
from graph import read_patient
from render.results import evaluate

G = flows.guideline()
TODAY = dt.date(2025, 8, 20)
HERE = Path(__file__).parent
ROOT = HERE.parents[2]
PID = "demo-routine-start"


def bundle(name: str) -> dict:
    return json.loads((HERE / "bundles" / f"{name}.json").read_text(encoding="utf-8"))


def answers(*items, authored="2025-08-19", status="completed", form=FORM, rid="qr") -> dict:
    return {"resourceType": "QuestionnaireResponse", "id": rid, "questionnaire": form,
            "status": status, "subject": {"reference": f"Patient/{PID}"}, "authored": authored,
            "item": list(items)}


def item(link: str, **answer) -> dict:
    return {"linkId": link, "answer": [answer]}


def coded(link: str, code: str) -> dict:
    return item(link, valueCoding={"system": answer_system(link), "code": code})


def record_with(*resources):
    doc = copy.deepcopy(bundle("routine-start"))
    doc["entry"] += [{"resource": r} for r in resources]
    return facts_from_fhir(doc, G, TODAY)


def test_answers_give_facts_of_each_type_with_their_source():
    record = record_with(answers(item("acute_attack", valueBoolean=False),
                                 coded("plasma_exchange", "none"),
                                 item("immunosuppressant_count", valueInteger=1),
                                 item("steroid_mg_per_day", valueDecimal=5),
                                 item("first_infusion_date", valueDate="2025-08-31")))
    typed = record.typed(G)
    assert typed["acute_attack"] is False and typed["plasma_exchange"] == "none"
    assert typed["immunosuppressant_count"] == 1 and typed["steroid_mg_per_day"] == 5
    assert typed["first_infusion_date"] == dt.date(2025, 8, 31)
    source = record.provenance["acute_attack"]
    assert (source.resource, source.date) == ("QuestionnaireResponse/qr", "2025-08-19")
    assert record.warnings == () and record.unmapped == ()


def test_every_exported_answer_code_reads_back_as_its_value():
    """The Questionnaire of `export --format fhir` and the reader agree on every enum value."""
    form = next(e["resource"] for e in export_fhir(G)["entry"]
                if e["resource"]["resourceType"] == "Questionnaire")
    assert form["url"] == FORM
    for question in form["item"]:
        for option in question.get("answerOption", ()):
            coding = option["valueCoding"]
            record = facts_from_fhir(answers(item(question["linkId"], valueCoding=coding)), G, TODAY)
            assert record.typed(G)[question["linkId"]] == coding["code"], (question["linkId"], coding)


def test_the_example_patient_is_whole_from_record_and_answers():
    """Bundle + answers for what the record cannot say = the example file's facts and verdicts
    (routine start: rec 1-13 screening all clear)."""
    patient = read_patient(ROOT / "examples" / "patients" / "routine-start.yaml", G.facts, G.aliases)
    record = facts_from_fhir(bundle("routine-start"), G, TODAY)
    rest = {k: v for k, v in patient.facts.items() if k not in record.raw}
    items = []
    for name, value in rest.items():
        fact = G.facts[name]
        if fact.type == "enum":
            items.append(coded(name, value))
        elif fact.type == "bool":
            items.append(item(name, valueBoolean=value))
        elif fact.type == "date":
            items.append(item(name, valueDate=value.isoformat()))
        else:
            items.append(item(name, valueDecimal=value))
    whole = record_with(answers(*items))
    assert whole.typed(G) == patient.facts
    ev = evaluate(G, whole.typed(G), list(G.bundles["start"].flows))
    assert ev.overall == evaluate(G, patient.facts, list(G.bundles["start"].flows)).overall


NOT_USED = [
    pytest.param(answers(item("acute_attack", valueBoolean=True), status="in-progress"),
                 "status 'in-progress'", id="unfinished-form"),
    pytest.param(answers(item("acute_attack", valueBoolean=True), authored="2025-09-01"),
                 "authored 2025-09-01, after 2025-08-20", id="answered-after-the-date"),
    pytest.param(answers({"linkId": "acute_attack", "answer": [{"valueBoolean": True},
                                                               {"valueBoolean": False}]}),
                 "2 answers to a one-answer item", id="two-answers"),
    pytest.param(answers(item("acute_attack", valueString="maybe")), "'maybe' is not a yes/no",
                 id="not-a-yes-no"),
    pytest.param(answers(item("plasma_exchange", valueCoding={"system": "http://snomed.info/sct",
                                                              "code": "260385009"})),
                 "is not one of the Questionnaire's answers", id="foreign-coding"),
    pytest.param(answers(item("acute_attack", valueDecimal=1)), "a number for a fact of type bool",
                 id="number-for-a-yes-no"),
]


@pytest.mark.parametrize(("qr", "said"), NOT_USED)
def test_an_answer_that_cannot_be_used_is_a_warning_not_a_guess(qr, said):
    record = record_with(qr)
    assert "acute_attack" not in record.raw and "plasma_exchange" not in record.raw
    assert any(said in w for w in record.warnings), record.warnings


def test_rec6_a_screen_answered_more_than_90_days_ago_is_stale_like_a_result():
    record = record_with(answers(item("hbsag", valueString="positive"), authored="2025-04-01",
                                 rid="old"))
    assert record.provenance["hbsag"].resource == "Observation/hbsag"  # the lab result stands
    assert any("QuestionnaireResponse/old: hbsag: answered 2025-04-01, older than 90 days" in w
               for w in record.warnings)


def test_rec6_a_newer_answer_against_a_lab_result_the_newest_is_used_with_a_warning():
    record = record_with(answers(item("hbsag", valueString="阳性"), rid="new"))
    assert record.raw["hbsag"] == "阳性" and record.typed(G)["hbsag"] == "positive"
    assert any(w.startswith("hbsag: results disagree") for w in record.warnings)
    # Fig 1: HBsAg positive asks for HBV-DNA next.
    result = evaluate(G, record.typed(G), ["hbv"]).flows[0]
    assert (result.status, result.missing[0]) == ("incomplete", "hbv_dna")


def test_answers_to_another_form_and_items_that_are_not_facts_are_listed():
    record = record_with(answers(item("acute_attack", valueBoolean=True), form="http://x.org/Q/phq9",
                                 rid="other"),
                         answers(item("mood", valueString="fine"),
                                 item("pcp_risk_factor_count", valueInteger=3), rid="ours"))
    listed = "\n".join(record.unmapped)
    assert "QuestionnaireResponse/other: answers to http://x.org/Q/phq9" in listed
    assert "QuestionnaireResponse/ours: item 'mood' is not a fact" in listed
    assert "item 'pcp_risk_factor_count' is not a fact" in listed  # a count is derived, not given
    assert "acute_attack" not in record.raw and "mood" not in record.raw
