"""Facts from a FHIR R4 record give the same facts, and so the same verdicts, as the example files.

Each bundle in bundles/ writes the results of one example patient (examples/patients/) as a
laboratory and problem list would: LOINC-coded Observations read through interpretation codes,
SNOMED CT qualifiers, Chinese value strings or UCUM quantities; a problem-list Condition; the
Patient's gender and birth date. Expected facts come from the example files, never from the code.
"""

import copy
import datetime as dt
import json
from pathlib import Path

import pytest

import flows
from flows.fhir import facts_from_fhir, fhir_map
from graph import PatientFileError, read_patient, type_facts
from render.results import evaluate

G = flows.guideline()
TODAY = dt.date(2025, 8, 20)
HERE = Path(__file__).parent
ROOT = HERE.parents[2]
EXAMPLES = sorted(p.stem for p in (HERE / "bundles").glob("*.json"))
LOINC, SCT = "http://loinc.org", "http://snomed.info/sct"
INTERP = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"


def bundle(name: str) -> dict:
    return json.loads((HERE / "bundles" / f"{name}.json").read_text(encoding="utf-8"))


def example(name: str):
    return read_patient(ROOT / "examples" / "patients" / f"{name}.yaml", G.facts, G.aliases)


def suppliable(fact: str, value) -> bool:
    """Whether the map can give this fact this value (pregnancy_status: only 'pregnant')."""
    rule = fhir_map().rules.get(fact)
    if rule is None:
        return False
    if rule.readings and G.facts[fact].type == "enum":
        return value in rule.readings.values()
    return True


def verdicts(known: dict) -> dict:
    ev = evaluate(G, known, list(G.flows))
    return {r.flow: (r.status, r.verdict, r.outcome) for r in (*ev.flows, *ev.others)}


def test_every_example_patient_has_a_bundle():
    assert EXAMPLES == sorted(p.stem for p in (ROOT / "examples" / "patients").glob("*.yaml"))


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_record_gives_the_facts_the_map_covers(name):
    patient = example(name)
    record = facts_from_fhir(bundle(name), G, TODAY, label=name)
    covered = {k: v for k, v in patient.facts.items() if suppliable(k, v)}
    assert record.typed(G) == covered
    assert record.patient_id == patient.id
    assert record.warnings == () and record.unmapped == ()


@pytest.mark.parametrize("name", EXAMPLES)
def test_record_plus_manual_facts_give_the_example_verdicts(name):
    patient = example(name)
    record = facts_from_fhir(bundle(name), G, TODAY, label=name)
    manual = {k: v for k, v in patient.facts.items() if not suppliable(k, v)}
    assert verdicts({**record.typed(G), **manual}) == verdicts(patient.facts)


def test_each_fact_says_where_it_came_from():
    record = facts_from_fhir(bundle("hbv-carrier"), G, TODAY)
    anti_hbc = record.provenance["anti_hbc"]
    assert anti_hbc.resource == "Observation/anti-hbc"
    assert anti_hbc.code.startswith(LOINC + "|")
    assert anti_hbc.date == "2025-07-23"
    assert record.provenance["serum_igg_mg_dl"].text == "9.8 g/L"
    assert record.provenance["age_years"].code == "Patient.birthDate"


def _obs(oid: str, code: str, day: str, **value) -> dict:
    return {"resourceType": "Observation", "id": oid, "status": "final",
            "subject": {"reference": "Patient/demo-routine-start"},
            "code": {"coding": [{"system": LOINC, "code": code}]}, "effectiveDateTime": day, **value}


def _with(name: str, *resources, drop=()) -> dict:
    doc = copy.deepcopy(bundle(name))
    doc["entry"] = [e for e in doc["entry"] if e["resource"].get("id") not in drop]
    doc["entry"] += [{"resource": r} for r in resources]
    return doc


def _interp(code: str) -> dict:
    return {"interpretation": [{"coding": [{"system": INTERP, "code": code}]}]}


def test_rec6_conflicting_hbsag_the_newest_is_used_with_a_warning():
    doc = _with("routine-start", _obs("hbsag-new", "5195-3", "2025-08-18", **_interp("POS")))
    record = facts_from_fhir(doc, G, TODAY)
    assert record.raw["hbsag"] == "positive"
    assert record.provenance["hbsag"].resource == "Observation/hbsag-new"
    assert any(w.startswith("hbsag: results disagree") for w in record.warnings)
    # Fig 1: HBsAg positive asks HBV-DNA next (the older negative result is not used).
    result = evaluate(G, record.typed(G), ["hbv"]).flows[0]
    assert (result.status, result.missing[0]) == ("incomplete", "hbv_dna")


def test_rec6_a_stale_hbsag_is_not_used_and_the_flow_asks_for_it():
    stale = _obs("hbsag", "5196-1", "2025-04-01", **_interp("NEG"))
    record = facts_from_fhir(_with("routine-start", stale, drop={"hbsag"}), G, TODAY)
    assert "hbsag" not in record.raw
    assert any("Observation/hbsag: hbsag result of 2025-04-01 is older than 90 days" in w
               for w in record.warnings)
    result = evaluate(G, record.typed(G), ["hbv"]).flows[0]
    assert (result.status, result.missing[0]) == ("incomplete", "hbsag")


def test_same_day_disagreement_uses_neither():
    doc = _with("routine-start", _obs("hbsag-a", "5195-3", "2025-08-19", **_interp("POS")),
                _obs("hbsag-b", "5195-3", "2025-08-19", **_interp("NEG")), drop={"hbsag"})
    record = facts_from_fhir(doc, G, TODAY)
    assert "hbsag" not in record.raw
    assert any("on the same day" in w for w in record.warnings)


def test_aqp4_ever_positive_wins_over_a_later_negative():
    later = _obs("aqp4-later", "68548-7", "2025-08-01", **_interp("NEG"))
    record = facts_from_fhir(_with("routine-start", later), G, TODAY)
    assert record.raw["aqp4_igg"] == "positive"
    assert any("any positive result counts" in w for w in record.warnings)


def test_unmapped_resources_and_codes_are_listed_never_guessed():
    doc = _with("routine-start",
                {"resourceType": "Encounter", "id": "visit", "status": "finished",
                 "class": {"code": "AMB"}},
                _obs("alt", "1742-6", "2025-08-01", valueQuantity={"value": 20}),
                _obs("rna", "11259-9", "2025-08-01", **_interp("DET")),
                {"resourceType": "Condition", "id": "dm",
                 "subject": {"reference": "Patient/demo-routine-start"},
                 "code": {"coding": [{"system": SCT, "code": "44054006"}]}})
    record = facts_from_fhir(doc, G, TODAY)
    listed = "\n".join(record.unmapped)
    assert "Encounter/visit: no fact comes from this resource type" in listed
    assert "Observation/alt: http://loinc.org|1742-6 maps to no fact" in listed
    assert "Observation/rna" in listed and "hcv_active" in listed
    assert "Condition/dm" in listed
    assert "hcv_active" not in record.raw and "diabetes" not in record.raw


def test_rec27_only_pregnant_is_read_from_the_record():
    status = _obs("preg", "82810-3", "2025-08-15",
                  valueCodeableConcept={"coding": [{"system": LOINC, "code": "LA15173-0"}]})
    record = facts_from_fhir(_with("routine-start", status), G, TODAY)
    assert record.raw["pregnancy_status"] == "pregnant"
    not_pregnant = _obs("preg", "82810-3", "2025-08-15",
                        valueCodeableConcept={"coding": [{"system": LOINC, "code": "LA26683-5"}]})
    record = facts_from_fhir(_with("routine-start", not_pregnant), G, TODAY)
    assert "pregnancy_status" not in record.raw
    assert any("Observation/preg: pregnancy_status" in w for w in record.warnings)


PATIENT_EDITS = [
    pytest.param("gender", "unknown", "sex", "gender 'unknown'", id="gender-outside-the-fact-listed"),
    pytest.param("birthDate", "1990", "age_years", "birthDate '1990'", id="birth-year-gives-no-age"),
]


@pytest.mark.parametrize(("element", "value", "fact", "said"), PATIENT_EDITS)
def test_a_patient_element_the_fact_cannot_take_is_said_not_used(element, value, fact, said):
    doc = copy.deepcopy(bundle("routine-start"))
    doc["entry"][0]["resource"][element] = value
    record = facts_from_fhir(doc, G, TODAY)
    assert fact not in record.raw
    assert any(said in line for line in (*record.unmapped, *record.warnings))


def test_a_number_alone_is_not_read_as_a_viral_load_result():
    load = _obs("dna", "29615-2", "2025-08-01", valueQuantity={"value": 150})
    record = facts_from_fhir(_with("routine-start", load), G, TODAY)
    assert "hbv_dna" not in record.raw
    assert any("a number alone is not read" in w for w in record.warnings)


def test_a_unit_outside_the_map_is_not_used():
    igg = _obs("igg", "2465-3", "2025-08-01",
               valueQuantity={"value": 9, "unit": "umol/L", "system": "http://unitsofmeasure.org",
                              "code": "umol/L"})
    record = facts_from_fhir(_with("routine-start", igg, drop={"igg"}), G, TODAY)
    assert "serum_igg_mg_dl" not in record.raw
    assert any("'umol/L'" in w for w in record.warnings)


def test_a_preliminary_result_is_not_used():
    prelim = dict(_obs("hbsag", "5196-1", "2025-08-10", **_interp("NEG")), status="preliminary")
    record = facts_from_fhir(_with("routine-start", prelim, drop={"hbsag"}), G, TODAY)
    assert "hbsag" not in record.raw
    assert any("status 'preliminary'" in w for w in record.warnings)


INVALID = [
    pytest.param([], "a FHIR document must be a JSON object", id="not-an-object"),
    pytest.param({"resourceType": "Bundel", "type": "collection"}, "is not a FHIR R4 resource",
                 id="unknown-resource-type"),
    pytest.param({"resourceType": "Bundle", "type": "document-ish"}, "type: 'document-ish'",
                 id="bad-bundle-type"),
    pytest.param({"resourceType": "Bundle", "type": "collection",
                  "entry": [{"resource": {"resourceType": "Observation", "code": {"text": "x"}}}]},
                 "entry.0.resource.status", id="observation-without-status"),
    pytest.param({"resourceType": "Observation", "status": "final", "code": {"text": "x"},
                  "effectiveDateTime": "2025-13-45"}, "effectiveDateTime", id="impossible-date"),
]


@pytest.mark.parametrize(("doc", "expected"), INVALID)
def test_invalid_fhir_is_one_clear_line(doc, expected):
    with pytest.raises(PatientFileError) as info:
        facts_from_fhir(doc, G, TODAY, label="record.json")
    message = str(info.value)
    assert message.startswith("record.json: ") and expected in message
    assert "\n" not in message


def test_a_record_of_two_patients_is_refused():
    other = dict(_obs("x", "5195-3", "2025-08-01", **_interp("NEG")),
                 subject={"reference": "Patient/someone-else"})
    with pytest.raises(PatientFileError, match="more than one patient"):
        facts_from_fhir(_with("routine-start", other), G, TODAY, label="r")


def test_typed_facts_from_a_record_equal_the_plain_facts_of_the_patient_file():
    plain = type_facts("x", {"hbsag": "阴性", "serum_igg_mg_dl": "10.5 g/L"}, G.facts, G.aliases)
    record = facts_from_fhir(bundle("routine-start"), G, TODAY)
    assert record.typed(G)["hbsag"] == plain["hbsag"]
    assert record.typed(G)["serum_igg_mg_dl"] == plain["serum_igg_mg_dl"]
