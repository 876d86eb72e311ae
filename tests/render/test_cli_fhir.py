"""The CLI with a FHIR R4 record: evaluate and render read a Bundle, each fact says where it came
from, stale or conflicting results are warnings, anything unmapped is listed; bad FHIR is one
line and exit status 2; `check` runs the FHIR map's checks; `export --format fhir` writes a
Bundle the FHIR library validates.

Expected verdicts come from the recommendations named; the record gives the same facts as the
example patient file it mirrors (examples/fhir/hbv-carrier.json and examples/patients/).
"""

import copy
import json
from pathlib import Path

import pytest

from render.cli import main

ROOT = Path(__file__).resolve().parents[2]
RECORD = ROOT / "examples" / "fhir" / "hbv-carrier.json"
FACTS = ROOT / "examples" / "patients" / "hbv-carrier.yaml"
DAY = "2025-08-20"  # the record's results are from July 2025
LOINC = "http://loinc.org"


def run(capsys, *argv):
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exit_:  # argparse's own usage errors
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


def record_doc() -> dict:
    return json.loads(RECORD.read_text(encoding="utf-8"))


def write(tmp_path, doc, name="record.json") -> Path:
    path = tmp_path / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
    return path


def observation(oid, code, day, interpretation) -> dict:
    return {"resource": {
        "resourceType": "Observation", "id": oid, "status": "final",
        "subject": {"reference": "Patient/demo-hbv-carrier"},
        "code": {"coding": [{"system": LOINC, "code": code}]}, "effectiveDateTime": day,
        "interpretation": [{"coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation",
            "code": interpretation}]}]}}


def test_rec6_a_bundle_gives_the_same_evaluation_as_the_patient_file(capsys):
    """Inactive carrier (HBsAg -, anti-HBc +, HBV-DNA -): rec 6, proceed under antiviral cover;
    the record's JSON is the patient file's plus a `record` member."""
    code, from_record, err = run(capsys, "evaluate", RECORD, "--date", DAY, "--format", "json")
    assert code == 0 and err == ""
    _, from_file, _ = run(capsys, "evaluate", FACTS, "--format", "json")
    record, plain = json.loads(from_record), json.loads(from_file)
    assert list(record)[-1] == "record"
    assert {k: v for k, v in record.items() if k != "record"} == plain
    hbv = next(f for f in record["flows"] if f["flow"] == "hbv")
    assert (hbv["verdict"], hbv["outcome"]) == ("proceed_with_precautions", "hbv.carrier_prophylaxis")


def test_each_fact_in_the_json_says_where_it_came_from(capsys):
    _, out, _ = run(capsys, "evaluate", RECORD, "--date", DAY, "--format", "json", "--flow", "hbv")
    record = json.loads(out)["record"]
    assert (record["standard"], record["as_of"]) == ("FHIR R4", DAY)
    assert record["facts"]["anti_hbc"] == {
        "value": "positive", "resource": "Observation/anti-hbc", "code": f"{LOINC}|13952-7",
        "date": "2025-07-23", "text": "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation|POS"}
    assert record["facts"]["serum_igg_mg_dl"]["value"] == 980  # 9.8 g/L in the fact's mg/dL
    assert record["facts"]["acute_attack"]["resource"] == "QuestionnaireResponse/bedside"
    assert record["facts"]["first_infusion_date"]["value"] == "2025-08-31"
    assert record["unmapped"] == []


def test_each_fact_in_the_text_says_where_it_came_from(capsys):
    code, out, _ = run(capsys, "evaluate", RECORD, "--date", DAY, "--flow", "hbv")
    assert code == 0
    assert "Facts from the record (FHIR R4, as of 2025-08-20):" in out
    assert "  - anti_hbc = positive: Observation/anti-hbc, LOINC 13952-7, 2025-07-23 (POS)" in out
    assert "  - serum_igg_mg_dl = 980 mg/dL: Observation/igg, LOINC 2465-3, 2025-07-15 (9.8 g/L)" in out
    assert "  - acute_attack = no: QuestionnaireResponse/bedside, 2025-08-19" in out
    _, zh, _ = run(capsys, "evaluate", RECORD, "--date", DAY, "--flow", "hbv", "--lang", "zh")
    assert "来自病历的事实(FHIR R4，截至2025-08-20):" in zh and "acute_attack = 否" in zh


def test_rec6_a_newer_conflicting_hbsag_is_used_and_the_text_warns(capsys, tmp_path):
    """Fig 1: HBsAg positive (the newest result) asks for HBV-DNA; the older negative is not
    used, and the conflict is a warning shown with the others."""
    doc = record_doc()
    doc["entry"].append(observation("hbsag-new", "5195-3", "2025-08-18", "POS"))
    path = write(tmp_path, doc)
    code, out, _ = run(capsys, "evaluate", path, "--date", DAY, "--flow", "hbv")
    assert code == 0
    assert "Obtain next: HBV-DNA (hbv_dna)" not in out  # DNA is known: negative
    assert "  - hbsag = positive: Observation/hbsag-new" in out
    warnings = out[out.index("Warnings:"):]
    assert "  ! hbsag: results disagree" in warnings and "the newest is used: positive" in warnings
    _, js, _ = run(capsys, "evaluate", path, "--date", DAY, "--flow", "hbv", "--format", "json")
    data = json.loads(js)
    assert any(w.startswith("hbsag: results disagree") for w in data["warnings"])
    # Fig 1: HBsAg positive and HBV-DNA negative: antiviral prophylaxis, then treat.
    hbv = data["flows"][0]
    assert hbv["path"][:2] == ["hbv.start", "hbv.hbsag"] and hbv["status"] == "complete"


def test_rec6_the_date_decides_staleness_and_a_stale_screen_is_asked_for_again(capsys):
    """As of 2026-01-01 the July 2025 screens are older than the map's 90 days: not used, each a
    warning, and the HBV flow stops at HBsAg (a missing fact never falls through)."""
    code, out, _ = run(capsys, "evaluate", RECORD, "--date", "2026-01-01", "--flow", "hbv",
                       "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["record"]["as_of"] == "2026-01-01"
    hbv = data["flows"][0]
    assert (hbv["status"], hbv["missing"][0]) == ("incomplete", "hbsag")
    assert "hbsag" not in data["record"]["facts"]
    assert any("Observation/hbsag: hbsag result of 2025-07-22 is older than 90 days" in w
               for w in data["warnings"])


def test_unmapped_resources_are_listed_in_text_and_json(capsys, tmp_path):
    doc = record_doc()
    doc["entry"].append(observation("alt", "1742-6", "2025-08-01", "N"))
    doc["entry"].append({"resource": {"resourceType": "Encounter", "id": "visit",
                                      "status": "finished", "class": {"code": "AMB"}}})
    path = write(tmp_path, doc)
    _, out, _ = run(capsys, "evaluate", path, "--date", DAY, "--flow", "hbv")
    section = out[out.index("Not read from the record (listed, never guessed):"):]
    assert "  - Observation/alt: http://loinc.org|1742-6 maps to no fact" in section
    assert "  - Encounter/visit: no fact comes from this resource type (Encounter)" in section
    _, js, _ = run(capsys, "evaluate", path, "--date", DAY, "--flow", "hbv", "--format", "json")
    assert len(json.loads(js)["record"]["unmapped"]) == 2


@pytest.mark.dot
def test_render_highlights_the_path_of_a_record(capsys, tmp_path):
    """render reads the record as of today: its results are re-dated a few days back, well
    inside the map's 90 days whenever the test runs."""
    import datetime as dt

    recent = (dt.date.today() - dt.timedelta(days=5)).isoformat()
    doc = record_doc()
    for entry in doc["entry"]:
        for key in ("effectiveDateTime", "authored"):
            if key in entry["resource"]:
                entry["resource"][key] = recent
    out = tmp_path / "hbv.svg"
    code, _, err = run(capsys, "render", "hbv", "--patient", write(tmp_path, doc), "-o", out)
    assert code == 0
    plain = tmp_path / "plain.svg"
    assert run(capsys, "render", "hbv", "--patient", FACTS, "-o", plain)[0] == 0
    parts = sorted(tmp_path.glob("hbv*.svg"))
    assert parts and len(parts) == len(list(tmp_path.glob("plain*.svg")))
    for part in parts:  # every chart of the flow shows the same path as the patient file's
        twin = tmp_path / part.name.replace("hbv", "plain", 1)
        assert part.read_text(encoding="utf-8") == twin.read_text(encoding="utf-8")


def _bad(doc):
    return lambda tmp_path: write(tmp_path, doc)


BAD = [
    pytest.param(lambda p: write(p, '{"resourceType": "Bundle", "type": "collection", "entry": ['),
                 "malformed JSON", id="malformed-bundle"),
    pytest.param(_bad({"resourceType": "Bundle", "type": "collection", "entry": [
        {"resource": {"resourceType": "Observation", "id": "o", "code": {"text": "x"}}}]}),
        "entry.0.resource.status: Value for the field 'status' is required",
        id="resource-fails-validation"),
    pytest.param(_bad({"resourceType": "Bundle", "type": "collection", "entry": [
        {"resource": {"resourceType": "Condition", "id": "c", "clinicalStatus": "active",
                      "code": {"text": "x"}}}]}),
        "clinicalStatus: not of the type FHIR R4 gives this element (is the record another FHIR "
        "version?)", id="stu3-condition"),
    pytest.param(_bad({"resourceType": "Bundle", "type": "collection", "entry": [
        {"resource": {"resourceType": "Observation", "id": "o", "status": "final",
                      "code": {"text": "x"}, "triggeredBy": [
                          {"observation": {"reference": "Observation/y"}, "type": "reflex"}]}}]}),
        "triggeredBy: not an element of this resource in FHIR R4", id="r5-element"),
    pytest.param(_bad({"resourceType": "ActorDefinition", "status": "active"}),
                 "'ActorDefinition' is not a FHIR R4 resource", id="r5-resource-type"),
    pytest.param(_bad({"resourceType": "Bundle", "type": "collection", "facts": {"hbsag": "negative"}}),
                 "holds both FHIR (resourceType) and `facts`", id="facts-and-fhir-in-one-file"),
    pytest.param(lambda p: write(p, "resourceType: Bundle\ntype: collection\n", "record.yaml"),
                 "a FHIR resource in YAML", id="fhir-as-yaml"),
    pytest.param(lambda p: write(p, json.dumps({"resourceType": "Bundle", "type": "collection",
                                                "entry": []}) + " " * (33 << 20)),
                 "larger than 32768 KiB", id="oversized"),
]


@pytest.mark.parametrize(("make", "said"), BAD)
def test_bad_fhir_is_one_line_and_exit_status_2(make, said, capsys, tmp_path):
    path = make(tmp_path)
    for command in (["evaluate", path, "--date", DAY], ["report", path, "--date", DAY]):
        code, out, err = run(capsys, *command)
        assert code == 2 and out == ""
        assert err.startswith(f"nmosd-flow: {path}") and said in err, err
        assert err.count("\n") == 1 and "Traceback" not in err


def test_a_bad_date_is_one_line(capsys):
    code, _, err = run(capsys, "evaluate", RECORD, "--date", "2025-02-30")
    assert code == 2 and err == "nmosd-flow: --date '2025-02-30': not a date in YYYY-MM-DD form\n"


def test_plain_patient_files_are_read_as_before(capsys, tmp_path):
    """A JSON patient file (facts) is not a FHIR record, whatever its name."""
    plain = write(tmp_path, {"id": "x", "facts": {"hbsag": "negative"}}, "x.txt")
    code, out, _ = run(capsys, "evaluate", plain, "--flow", "hbv", "--format", "json")
    assert code == 0 and "record" not in json.loads(out)


def test_a_record_named_without_json_suffix_is_still_read_as_fhir(capsys, tmp_path):
    path = write(tmp_path, record_doc(), "record.fhir")
    code, out, _ = run(capsys, "evaluate", path, "--date", DAY, "--flow", "hbv", "--format", "json")
    assert code == 0 and json.loads(out)["patient"] == "demo-hbv-carrier"


# --- check ---------------------------------------------------------------------------------


def test_check_runs_the_fhir_map_checks(capsys):
    code, out, _ = run(capsys, "check")
    assert code == 0 and "facts read from FHIR: all verified" in out


def test_a_broken_fhir_map_fails_check(capsys, monkeypatch):
    from flows.fhir import mapping

    broken = copy.deepcopy(mapping.fhir_map().spec.model_dump())
    broken["facts"]["hbsag_typo"] = broken["facts"].pop("hbsag")
    broken["facts"]["anti_hbc"]["codes"][0]["verified"] = " "
    fmap = mapping.load_map("flows/data/fhir_map.yaml", json.dumps(broken))
    monkeypatch.setattr(mapping, "fhir_map", lambda: fmap)
    code, out, err = run(capsys, "check")
    assert code == 1 and "problems" in out
    assert "flows/data/fhir_map.yaml: facts.hbsag_typo: unknown fact" in err
    assert "facts.anti_hbc.codes: 13952-7: no `verified` citation" in err


# --- export --------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_export_writes_a_bundle_the_fhir_library_validates(lang, capsys, tmp_path):
    from fhir.resources.R4B import get_fhir_model_class
    from fhir.resources.R4B.bundle import Bundle

    out = tmp_path / "knowledge.json"
    code, shown, err = run(capsys, "export", "--format", "fhir", "--lang", lang, "-o", out)
    assert code == 0 and shown == "" and err == ""
    doc = json.loads(out.read_text(encoding="utf-8"))
    Bundle.model_validate(doc)
    for entry in doc["entry"]:
        get_fhir_model_class(entry["resource"]["resourceType"]).model_validate(entry["resource"])
    kinds = [e["resource"]["resourceType"] for e in doc["entry"]]
    assert kinds.count("PlanDefinition") == 24 and kinds.count("Questionnaire") == 1
    _, to_stdout, _ = run(capsys, "export", "--format", "fhir", "--lang", lang)
    assert json.loads(to_stdout) == doc


def test_rec6_the_exported_hbv_plan_cites_rec_6():
    from flows import guideline
    from flows.fhir.export import export_fhir

    doc = export_fhir(guideline())
    hbv = next(e["resource"] for e in doc["entry"] if e["resource"]["id"] == "nmosd-flow-hbv")
    text = json.dumps(hbv)
    assert '"label": "rec 6"' in text and "%hbsag = 'positive'" in text


def test_export_needs_a_format_and_writes_whole_or_not_at_all(capsys, tmp_path, monkeypatch):
    import errno
    import os

    code, _, err = run(capsys, "export")
    assert code == 2 and "--format" in err
    missing = tmp_path / "no-such-folder" / "k.json"
    code, _, err = run(capsys, "export", "--format", "fhir", "-o", missing)
    assert code == 2 and "does not exist" in err and not missing.parent.exists()
    kept = tmp_path / "k.json"
    kept.write_text("old", encoding="utf-8")

    def full_disk(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("render.output.os.fsync", full_disk)
    code, _, err = run(capsys, "export", "--format", "fhir", "-o", kept)
    assert code == 2 and "No space left on device; nothing was written" in err
    assert kept.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["k.json"]  # no temporary file left


def test_rec6_record_warnings_are_in_chinese_in_zh_output_and_english_in_json(capsys, tmp_path):
    """Fig 1: a newer positive HBsAg is used over an older negative one, and a screen older than
    90 days is not used. A Chinese reader gets both warnings in Chinese (with the fact's label,
    not its name) in the text output and the report; the JSON keeps its English lines."""
    from flows import guideline

    doc = record_doc()
    doc["entry"].append(observation("hbsag-new", "5195-3", "2025-08-18", "POS"))
    path = write(tmp_path, doc)
    _, zh, _ = run(capsys, "evaluate", path, "--date", DAY, "--flow", "hbv", "--lang", "zh")
    warnings = zh[zh.index("提示:"):]
    g = guideline()
    label, positive = g.facts["hbsag"].label.zh, g.facts["hbsag"].values[0].label.zh
    assert g.facts["hbsag"].values[0].id == "positive"
    assert f"{label}：结果不一致" in warnings
    assert f"采用最新结果：Observation/hbsag-new的{positive}" in warnings
    assert "results disagree" not in warnings
    _, js, _ = run(capsys, "evaluate", path, "--date", DAY, "--flow", "hbv", "--format", "json")
    assert any(w.startswith("hbsag: results disagree") for w in json.loads(js)["warnings"])
    report = tmp_path / "r.html"
    code, _, _ = run(capsys, "report", RECORD, "--date", "2026-01-01", "--lang", "zh",
                     "-o", str(report))
    html = report.read_text(encoding="utf-8")
    section = html[html.index('<section class="warnings">'):]
    assert code == 0 and f"Observation/hbsag：{label}结果日期为2025-07-22，超过90天" in section
    assert "older than" not in section.split("</section>")[0]
