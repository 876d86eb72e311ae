"""The report of a FHIR R4 record: the same assessment and plan as the patient file it mirrors,
each fact with its source, the record's warnings and what it could not read; the report date is
the day the record's results are judged against."""

from __future__ import annotations

import json
from pathlib import Path

from render.cli import main

ROOT = Path(__file__).resolve().parents[3]
RECORD = ROOT / "examples" / "fhir" / "hbv-carrier.json"
FACTS = ROOT / "examples" / "patients" / "hbv-carrier.yaml"


def html(capsys, path, date: str) -> str:
    code = main(["report", str(path), "--date", date])
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    return out


def test_rec6_rec13_the_record_gives_the_plan_of_the_patient_file(capsys):
    """Inactive HBV carrier (rec 6) with day 1 on 2025-08-31: day 15 is 2025-09-14 (rec 13)."""
    from_record = html(capsys, RECORD, "2025-08-20")
    assert "2025-09-14" in from_record
    assert "<span>Observation/anti-hbc</span>, <span>2025-07-23</span>" in from_record
    from_file = html(capsys, FACTS, "2025-08-20")
    assert "2025-09-14" in from_file and "Observation/" not in from_file


def test_the_report_date_judges_staleness_and_lists_what_was_not_read(capsys, tmp_path):
    """On 2026-01-01 the July screens are stale: rec 6 asks for HBsAg again and no plan is made
    while the start assessment is incomplete."""
    doc = json.loads(RECORD.read_text(encoding="utf-8"))
    doc["entry"].append({"resource": {"resourceType": "Encounter", "id": "visit",
                                      "status": "finished", "class": {"code": "AMB"}}})
    path = tmp_path / "record.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    page = html(capsys, path, "2026-01-01")
    assert "hbsag result of 2025-07-22 is older than 90 days" in page
    assert "Not read from the record" in page and "Encounter/visit" in page
    assert "No dated plan yet" in page
