"""Any bytes where a FHIR record is expected — a Bundle given as the patient file, a line of a
Bulk Data NDJSON cohort — end with exit status 0 (evaluated) or 2 (one line), never 1 (an
internal error) nor a traceback. Examples come from a fixed seed, so every run tries the same."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given

from render.cli import main

from .test_any_bytes import PROPERTY, mutated

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = (ROOT / "examples" / "fhir" / "hbv-carrier.json").read_bytes()
RESOURCES = [json.dumps(e["resource"], ensure_ascii=False).encode()
             for e in json.loads(BUNDLE)["entry"]]
SPECIAL = [b"\x00", b"\xef\xbb\xbf", b"\n", b'"', b",", b"{", b"}", b"[", b"]", b"null", b"1e999",
           b'"resourceType": "Bundle"', b'"status": "final"', b'"valueQuantity": {"value": -1}',
           b'"effectiveDateTime": "2025-02-30"', b'"subject": {"reference": "Patient/x"}',
           b'"code": {"coding": [{"system": "http://loinc.org", "code": "5195-3"}]}',
           b'"answer": [{"valueBoolean": 1}]', b'"linkId": "hbsag"', b"\\u0000", b"NaN"]
DAY = "2025-08-20"


def _ends_well(code: int, err: str) -> None:
    assert code in (0, 2), err
    assert "internal error" not in err and "Traceback" not in err
    if code == 2:
        assert err.startswith("nmosd-flow: ") or ": " in err.splitlines()[0]


@PROPERTY
@given(data=mutated([BUNDLE], SPECIAL))
def test_any_bytes_as_a_fhir_bundle_exit_0_or_2(tmp_path, capsys, data):
    path = tmp_path / "record.json"
    path.write_bytes(data)
    code = main(["evaluate", str(path), "--date", DAY, "--format", "json",
                 "-o", str(tmp_path / "out.json")])
    _ends_well(code, capsys.readouterr().err)


@PROPERTY
@given(line=mutated(RESOURCES, SPECIAL))
def test_any_bytes_as_a_bulk_ndjson_line_exit_0_or_2(tmp_path, capsys, line):
    path = tmp_path / "export.ndjson"
    other = [r.replace(b"demo-hbv-carrier", b"someone-else") for r in RESOURCES]
    path.write_bytes(b"\n".join([RESOURCES[0], line, *RESOURCES[1:], *other]) + b"\n")
    out = tmp_path / "out.jsonl"
    code = main(["evaluate", "--batch", str(path), "--date", DAY, "--jobs", "1", "-o", str(out)])
    _ends_well(code, capsys.readouterr().err)
    assert b'"patient": "someone-else"' in out.read_bytes()  # the other patient is evaluated
