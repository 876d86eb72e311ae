"""FHIR Bulk Data NDJSON (one resource a line) is grouped by patient into one Bundle each."""

import datetime as dt
import json
import random
from pathlib import Path

import pytest

import flows
from flows.fhir import facts_from_fhir, group_ndjson
from flows.fhir.ndjson import MAX_LINE_BYTES
from graph import PatientFileError, read_patient

G = flows.guideline()
TODAY = dt.date(2025, 8, 20)
HERE = Path(__file__).parent
ROOT = HERE.parents[2]
NAMES = sorted(p.stem for p in (HERE / "bundles").glob("*.json"))


def cohort_lines(seed: int = 7) -> list[str]:
    """Every example bundle's resources, one a line, shuffled as a Bulk export interleaves them."""
    lines = []
    for name in NAMES:
        doc = json.loads((HERE / "bundles" / f"{name}.json").read_text(encoding="utf-8"))
        lines += [json.dumps(e["resource"], ensure_ascii=False) for e in doc["entry"]]
    random.Random(seed).shuffle(lines)
    return lines


def test_a_bulk_cohort_gives_the_same_facts_as_the_bundles():
    groups = dict(group_ndjson(cohort_lines(), label="cohort.ndjson"))
    assert len(groups) == len(NAMES)
    for name in NAMES:
        patient = read_patient(ROOT / "examples" / "patients" / f"{name}.yaml", G.facts, G.aliases)
        whole = json.loads((HERE / "bundles" / f"{name}.json").read_text(encoding="utf-8"))
        from_bulk = facts_from_fhir(groups[patient.id], G, TODAY, label=name)
        from_bundle = facts_from_fhir(whole, G, TODAY, label=name)
        assert from_bulk.typed(G) == from_bundle.typed(G)
        assert from_bulk.patient_id == patient.id


def test_bad_lines_are_one_line_each_with_their_number_and_the_rest_is_grouped():
    lines = cohort_lines()[:10]
    lines.insert(2, "{not json")
    lines.insert(5, json.dumps({"resourceType": "Observation", "id": "o", "status": "final",
                                "code": {"text": "x"}}))
    lines.insert(7, "")
    errors: list[str] = []
    groups = list(group_ndjson(lines, label="bulk.ndjson", errors=errors))
    assert errors[0].startswith("bulk.ndjson:3: malformed JSON")
    assert errors[1].startswith("bulk.ndjson:6: Observation/o: no subject reference to Patient/<id>")
    assert len(errors) == 2 and all("\n" not in e for e in errors)
    assert sum(len(b["entry"]) for _, b in groups) == 10


def test_an_invalid_resource_names_its_line():
    line = json.dumps({"resourceType": "Observation", "id": "o", "code": {"text": "x"},
                       "subject": {"reference": "Patient/p"}})
    errors: list[str] = []
    assert list(group_ndjson([line], label="b", errors=errors)) == []
    assert len(errors) == 1 and errors[0].startswith("b:1: Observation: status:")


def test_without_an_error_list_the_first_bad_line_raises():
    with pytest.raises(PatientFileError, match=r"^b:1: a line must hold one FHIR resource"):
        list(group_ndjson(["[1, 2]"], label="b"))


def test_an_oversized_line_is_refused():
    errors: list[str] = []
    list(group_ndjson(["x" * (MAX_LINE_BYTES + 1)], label="b", errors=errors))
    assert errors and errors[0].startswith("b:1: line longer than")


def test_resources_of_no_patient_that_no_fact_comes_from_are_skipped():
    # A Bulk Data export also holds resources that belong to no patient (an Organization, a
    # Practitioner): no fact is read from them, so they are skipped, not errors. An Observation
    # with no patient is still an error: it may be one of a patient's results.
    from flows.fhir.ndjson import resources_by_patient

    lines = cohort_lines()[:10]
    lines.insert(3, json.dumps({"resourceType": "Organization", "id": "lab", "name": "Lab"}))
    lines.insert(4, json.dumps({"resourceType": "Practitioner", "id": "dr"}))
    errors: list[str] = []
    groups = list(group_ndjson(lines, label="bulk.ndjson", errors=errors))
    assert errors == [] and sum(len(b["entry"]) for _, b in groups) == 10
    lines.append(json.dumps({"resourceType": "Observation", "id": "o", "status": "final",
                             "code": {"text": "x"}}))
    found, bad = resources_by_patient(lines, "bulk.ndjson")
    assert [m for _, m, _ in bad] == [
        "bulk.ndjson:13: Observation/o: no subject reference to Patient/<id>"]
    assert sum(len(v) for v in found.values()) == 10
