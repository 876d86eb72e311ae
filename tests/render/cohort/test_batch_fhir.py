"""`evaluate --batch` of FHIR Bulk Data NDJSON: one resource a line, grouped by patient; the
results equal the plain-facts cohort's, a bad line is one error line and the rest are evaluated.

The cohort is the example patients (examples/patients/): each one's hand-built Bundle
(tests/flows/fhir/bundles/) plus a QuestionnaireResponse answering what a record cannot say,
its resources shuffled together as a Bulk Data export interleaves them.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import random
import sys
from pathlib import Path

import pytest

from flows import guideline
from flows.fhir.answers import FORM
from flows.fhir.export import answer_system
from graph import read_patient
from graph.yamlio import read_yaml
from render.cli import main

G = guideline()
ROOT = Path(__file__).resolve().parents[3]
BUNDLES = ROOT / "tests" / "flows" / "fhir" / "bundles"
NAMES = sorted(p.stem for p in BUNDLES.glob("*.json"))
DAY = "2025-08-20"


def run(argv, capsys):
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def example(name: str):
    return read_patient(ROOT / "examples" / "patients" / f"{name}.yaml", G.facts, G.aliases)


def answers_for(pid: str, facts: dict) -> dict:
    """A QuestionnaireResponse answering ``facts`` (typed), as a bedside form would."""
    items = []
    for name, value in facts.items():
        kind = G.facts[name].type
        answer = ({"valueCoding": {"system": answer_system(name), "code": value}} if kind == "enum"
                  else {"valueBoolean": value} if kind == "bool"
                  else {"valueDate": value.isoformat()} if kind == "date"
                  else {"valueDecimal": value})
        items.append({"linkId": name, "answer": [answer]})
    return {"resourceType": "QuestionnaireResponse", "id": f"{pid}-answers", "questionnaire": FORM,
            "status": "completed", "subject": {"reference": f"Patient/{pid}"},
            "authored": "2025-08-19", "item": items}


def record_resources(name: str) -> list[dict]:
    """The example's Bundle plus answers for every fact of the example file it does not give."""
    from flows.fhir import facts_from_fhir

    doc = json.loads((BUNDLES / f"{name}.json").read_text(encoding="utf-8"))
    patient = example(name)
    given = facts_from_fhir(doc, G, dt.date.fromisoformat(DAY)).typed(G)
    assert all(patient.facts[k] == v for k, v in given.items()), name  # the record agrees
    rest = {k: v for k, v in patient.facts.items() if k not in given}
    return [e["resource"] for e in doc["entry"]] + [answers_for(patient.id, rest)]


def bulk(tmp_path: Path, seed: int = 11, extra: list[str] = ()) -> Path:
    lines = [json.dumps(r, ensure_ascii=False) for name in NAMES for r in record_resources(name)]
    random.Random(seed).shuffle(lines)
    for at, line in extra:
        lines.insert(at, line)
    path = tmp_path / "export.ndjson"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def plain(tmp_path: Path) -> Path:
    """The same patients as a JSON Lines cohort of the example files' own facts."""
    lines = []
    for name in NAMES:
        data = read_yaml(name, (ROOT / "examples" / "patients" / f"{name}.yaml").read_text("utf-8"))
        facts = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in data["facts"].items()}
        lines.append(json.dumps({"id": data["id"], "facts": facts}, ensure_ascii=False))
    path = tmp_path / "plain.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def by_patient(lines: list[str]) -> dict:
    return {row["patient"]: row for row in map(json.loads, lines)}


@pytest.mark.parametrize("options", [["--bundle", "start"], ["--flow", "hbv", "--lang", "zh"], []],
                         ids=["start-bundle", "hbv-zh", "every-flow"])
def test_a_bulk_cohort_gives_the_results_of_the_plain_facts_cohort(tmp_path, capsys, options):
    code, from_bulk, err = run(["evaluate", "--batch", bulk(tmp_path), "--date", DAY, *options], capsys)
    assert code == 0 and err == ""
    _, from_plain, _ = run(["evaluate", "--batch", plain(tmp_path), *options], capsys)
    bulk_rows, plain_rows = by_patient(from_bulk), by_patient(from_plain)
    assert sorted(bulk_rows) == sorted(plain_rows) == sorted(example(n).id for n in NAMES)
    for pid, row in bulk_rows.items():
        assert list(row)[-1] == "record" and row["record"]["as_of"] == DAY
        assert {k: v for k, v in row.items() if k != "record"} == plain_rows[pid], pid


def test_rec6_rec7_the_bulk_verdicts_are_the_examples_verdicts(tmp_path, capsys):
    """Read from the source, not from the code: the HBV carrier proceeds under antiviral cover
    (rec 6); the latent TB patient proceeds with TB prophylaxis (rec 7, Fig 2)."""
    _, lines, _ = run(["evaluate", "--batch", bulk(tmp_path), "--date", DAY, "--flow", "hbv",
                       "--flow", "tb"], capsys)
    rows = by_patient(lines)
    flows = {pid: {f["flow"]: f["verdict"] for f in row["flows"]} for pid, row in rows.items()}
    assert flows["demo-hbv-carrier"]["hbv"] == "proceed_with_precautions"
    assert flows["demo-latent-tb"]["tb"] == "proceed_with_precautions"
    assert flows["demo-routine-start"] == {"hbv": "proceed", "tb": "proceed",
                                           "pregnancy": "proceed_with_precautions"}


def test_each_bulk_line_equals_evaluate_of_that_patients_bundle(tmp_path, capsys):
    _, lines, _ = run(["evaluate", "--batch", bulk(tmp_path), "--date", DAY, "--bundle", "start"],
                      capsys)
    rows = by_patient(lines)
    for name in NAMES:
        one = tmp_path / f"{name}.json"
        one.write_text(json.dumps({"resourceType": "Bundle", "type": "collection",
                                   "entry": [{"resource": r} for r in record_resources(name)]}),
                       encoding="utf-8")
        code, out, _ = run(["evaluate", one, "--date", DAY, "--bundle", "start", "--format", "json"],
                           capsys)
        assert code == 0
        single = json.loads("\n".join(out))
        assert rows[single["patient"]] == single


def test_a_bad_line_is_one_error_line_and_the_other_patients_are_evaluated(tmp_path, capsys):
    """A line that names no patient is one error line; a patient with a resource that fails
    validation is one error line and is not evaluated (its newest HBsAg might be the bad one)."""
    invalid = json.dumps({"resourceType": "Observation", "id": "x", "code": {"text": "x"},
                          "subject": {"reference": "Patient/demo-hbv-carrier"}})
    path = bulk(tmp_path, extra=[(3, "{not json"), (7, invalid)])
    code, lines, err = run(["evaluate", "--batch", path, "--date", DAY, "--bundle", "start"], capsys)
    assert code == 2
    errors = err.splitlines()
    assert errors[0].startswith(f"{path}:4: malformed JSON")
    assert errors[1].startswith(f"{path}:8: Observation: status:")
    assert errors[1].endswith("; Patient/demo-hbv-carrier is not evaluated (a verdict never rests "
                              "on part of a record)")
    assert errors[2] == f"nmosd-flow: 2 of {len(NAMES) + 1} records could not be evaluated"
    assert len(errors) == 3 and "Traceback" not in err
    assert sorted(by_patient(lines)) == sorted(example(n).id for n in NAMES
                                               if n != "hbv-carrier")


def test_a_malformed_line_that_names_its_patient_refuses_that_patient(tmp_path, capsys):
    cut = '{"resourceType": "Observation", "subject": {"reference": "Patient/demo-latent-tb"}, "st'
    path = bulk(tmp_path, extra=[(5, cut)])
    code, lines, err = run(["evaluate", "--batch", path, "--date", DAY, "--flow", "tb"], capsys)
    assert code == 2
    assert err.splitlines()[0].startswith(f"{path}:6: malformed JSON")
    assert "Patient/demo-latent-tb is not evaluated" in err
    assert "demo-latent-tb" not in by_patient(lines) and len(lines) == len(NAMES) - 1


def test_stale_results_are_warnings_in_the_line_of_their_patient(tmp_path, capsys):
    """As of 2026-01-01, the July 2025 HBV screens are older than 90 days: rec 6 asks again."""
    _, lines, _ = run(["evaluate", "--batch", bulk(tmp_path), "--date", "2026-01-01", "--flow", "hbv"],
                      capsys)
    row = by_patient(lines)["demo-hbv-carrier"]
    assert row["flows"][0]["missing"][0] == "hbsag"
    assert any("hbsag result of 2025-07-22 is older than 90 days" in w for w in row["warnings"])


def test_a_bulk_export_on_standard_input_is_read_too(tmp_path, capsys, monkeypatch):
    data = bulk(tmp_path).read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(data))))
    code, lines, _ = run(["evaluate", "--batch", "-", "--date", DAY, "--flow", "hbv"], capsys)
    assert code == 0 and len(lines) == len(NAMES)


def test_facts_in_a_file_named_ndjson_are_still_a_facts_cohort(tmp_path, capsys):
    path = tmp_path / "facts.ndjson"
    path.write_text(json.dumps({"id": "a", "facts": {"hbsag": "negative"}}) + "\n", encoding="utf-8")
    code, lines, _ = run(["evaluate", "--batch", path, "--flow", "hbv"], capsys)
    assert code == 0 and "record" not in json.loads(lines[0])


def test_a_malformed_first_line_still_marks_the_file_as_fhir(tmp_path, capsys):
    path = bulk(tmp_path, extra=[(0, '{"resourceType": "Observation", "id": ')])
    code, lines, err = run(["evaluate", "--batch", path, "--date", DAY, "--flow", "hbv"], capsys)
    assert code == 2 and err.startswith(f"{path}:1: malformed JSON")
    assert len(lines) == len(NAMES)


def test_a_large_bulk_cohort_through_workers_equals_one_process(tmp_path, capsys):
    """Enough patients for the forked workers (more than two chunks of 256)."""
    base = [r for name in NAMES for r in record_resources(name)]
    lines = []
    for copy in range(100):
        for r in base:
            r = json.loads(json.dumps(r).replace('"Patient/demo-', f'"Patient/c{copy}-demo-'))
            if r["resourceType"] == "Patient":
                r["id"] = f"c{copy}-{r['id']}"
            lines.append(json.dumps(r, ensure_ascii=False))
    path = tmp_path / "big.ndjson"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for jobs in ("1", "2"):
        code, _, err = run(["evaluate", "--batch", path, "--date", DAY, "--jobs", jobs,
                            "--bundle", "start", "-o", tmp_path / f"out{jobs}.jsonl"], capsys)
        assert code == 0 and err == ""
    serial = (tmp_path / "out1.jsonl").read_bytes()
    assert (tmp_path / "out2.jsonl").read_bytes() == serial
    assert serial.count(b"\n") == 100 * len(NAMES)
