"""The CLI in process: every exit status and every bad input of design §5 and §6."""

import json
from pathlib import Path

import pytest

from render.cli import build_parser, main

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "patients" / "hbv-carrier.yaml"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_evaluate_json_has_the_contract_shape(capsys):
    code, out, err = run(capsys, "evaluate", str(EXAMPLE), "--flow", "hbv", "--format", "json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert set(data) == {"patient", "guideline", "overall", "flows", "warnings"}
    assert set(data["guideline"]) == {"id", "tool_version", "flows_sha256"}
    # The example is a woman not planning a pregnancy: rec 27's contraception joins (§3).
    assert data["overall"] == {"verdict": "proceed_with_precautions", "complete": True,
                               "reachable": [], "also_from": ["pregnancy"]}
    assert [(f["flow"], f["selected"]) for f in data["flows"]] == [("hbv", True),
                                                                   ("pregnancy", False)]
    flow = data["flows"][0]
    assert set(flow) == {"flow", "selected", "status", "verdict", "subject", "override",
                         "outcome", "path", "recommendations", "actions", "missing", "reachable"}
    assert flow["path"] == ["hbv.start", "hbv.hbsag", "hbv.anti_hbc", "hbv.hbv_dna_core",
                            "hbv.carrier_prophylaxis"]
    assert set(flow["actions"][0]) == {"id", "text", "timing", "recommendations"}


def test_evaluate_text_shows_path_verdict_actions_and_citations(capsys):
    code, out, _ = run(capsys, "evaluate", str(EXAMPLE), "--flow", "hbv")
    assert code == 0
    assert "HBsAg result? -> negative" in out
    assert "Proceed with precautions" in out
    assert "at least 18 months after inebilizumab treatment ends" in out
    assert "(rec 6)" in out


def test_incomplete_flow_says_what_to_obtain_and_what_is_at_stake(capsys, tmp_path):
    patient = write(tmp_path, "p.yaml", "facts:\n  hbsag: positive\n")
    code, out, _ = run(capsys, "evaluate", patient, "--flow", "hbv")
    assert code == 0
    assert "Obtain next: HBV-DNA (hbv_dna)" in out
    assert "Contraindicated" in out and "Proceed with precautions" in out
    code, out, _ = run(capsys, "evaluate", patient, "--flow", "hbv", "--format", "json")
    data = json.loads(out)
    assert data["overall"] == {"verdict": None, "complete": False,
                               "reachable": ["contraindicated", "proceed_with_precautions"],
                               "also_from": []}
    assert data["flows"][0]["missing"] == ["hbv_dna"]


def test_chinese_output(capsys):
    code, out, _ = run(capsys, "evaluate", str(EXAMPLE), "--flow", "hbv", "--lang", "zh")
    assert code == 0 and "采取措施后用药" in out and "阴性" in out


def test_list_and_check(capsys):
    code, out, _ = run(capsys, "list")
    assert code == 0 and "hbv" in out and "Bundles:" in out and "start" in out
    code, out, _ = run(capsys, "check")
    assert code == 0 and "all verified" in out


BAD_PATIENTS = [
    ("malformed-yaml", "p.yaml", "facts: [\n", "p.yaml: malformed YAML (line"),
    ("malformed-json", "p.json", '{"facts": {', "p.json: malformed JSON (line 1"),
    ("not-a-mapping", "p.yaml", "- hbsag\n", "the document must be a mapping"),
    ("facts-not-a-mapping", "p.yaml", "facts: 3\n", "facts: must be a mapping"),
    ("unknown-key", "p.yaml", "fact: {}\n", "fact: unknown key (did you mean 'facts'?)"),
    ("unknown-fact", "p.yaml", "facts: {hbsagg: positive}\n",
     "facts.hbsagg: unknown fact (did you mean 'hbsag'?)"),
    ("bad-enum", "p.yaml", "facts: {hbsag: posative}\n",
     "facts.hbsag: 'posative' is not one of positive, negative (did you mean 'positive'?)"),
    ("negative-age", "p.yaml", "facts: {age_years: -3}\n",
     "facts.age_years: -3 year is below the smallest allowed value 0"),
    ("incompatible-unit", "p.yaml", 'facts: {serum_igg_mg_dl: "5 kg"}\n',
     "facts.serum_igg_mg_dl: '5 kg' cannot be converted to mg/dL"),
    ("wrong-type", "p.yaml", "facts: {active_infection: maybe}\n",
     "facts.active_infection: 'maybe' is not a yes/no value"),
    ("empty-file", "p.yaml", "", "the document must be a mapping"),
    ("patient-not-a-mapping", "p.yaml", "patient: Ada\nfacts: {}\n",
     "patient: must be a mapping of name, date_of_birth, record_number"),
    ("patient-unknown-key", "p.yaml", "patient: {nmae: Ada}\nfacts: {}\n",
     "patient.nmae: unknown key (did you mean 'name'?)"),
    ("patient-bad-birth-date", "p.yaml", "patient: {date_of_birth: 5 April 1983}\nfacts: {}\n",
     "patient.date_of_birth: '5 April 1983' is not a date (give YYYY-MM-DD)"),
    ("patient-future-birth-date", "p.yaml", "patient: {date_of_birth: 2999-01-01}\nfacts: {}\n",
     "patient.date_of_birth: 2999-01-01 is not a birth date"),
    ("patient-name-a-list", "p.yaml", "patient: {name: [A, B]}\nfacts: {}\n",
     "patient.name: must be text, not a list"),
]


@pytest.mark.parametrize("name,filename,text,message", BAD_PATIENTS, ids=[b[0] for b in BAD_PATIENTS])
def test_bad_patient_files_get_one_line_and_status_2(capsys, tmp_path, name, filename, text, message):
    patient = write(tmp_path, filename, text)
    code, out, err = run(capsys, "evaluate", patient)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert patient in err and message in err


def test_unreadable_and_missing_files(capsys, tmp_path):
    code, _, err = run(capsys, "evaluate", str(tmp_path / "nope.yaml"))
    assert code == 2 and "cannot read the file" in err and err.count("\n") == 1
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"\xff\xfe\x00bad")
    code, _, err = run(capsys, "evaluate", str(binary))
    assert code == 2 and str(binary) in err and err.count("\n") == 1


@pytest.mark.parametrize("argv,message", [
    (["evaluate", str(EXAMPLE), "--flow", "hvb"], "unknown flow 'hvb' (did you mean 'hbv'?)"),
    (["evaluate", str(EXAMPLE), "--bundle", "strat"], "unknown bundle 'strat' (did you mean 'start'?)"),
    (["evaluate", str(EXAMPLE), "-o", "/nonexistent-dir/out.json"],
     "the folder /nonexistent-dir does not exist"),
    (["evaluate"], "give a PATIENT file, or --batch FILE"),
    (["evaluate", str(EXAMPLE), "--format", "xml"], "invalid choice: 'xml'"),
    (["frobnicate"], "invalid choice: 'frobnicate'"),
])
def test_usage_mistakes_get_one_line_and_status_2(capsys, argv, message):
    try:
        code = main(argv)
    except SystemExit as exit_:  # argparse's own usage errors
        code = exit_.code
    _, err = capsys.readouterr()
    assert code == 2
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_output_file_is_written(capsys, tmp_path):
    out = tmp_path / "r.json"
    code, stdout, _ = run(capsys, "evaluate", str(EXAMPLE), "--format", "json", "-o", str(out))
    assert code == 0 and stdout == "" and json.loads(out.read_text())["patient"] == "demo-hbv-carrier"


def test_internal_errors_exit_1_without_traceback(capsys, monkeypatch):
    import graph

    def boom(*a, **k):
        raise RuntimeError("kaput")

    monkeypatch.setattr(graph.Guideline, "evaluate", boom)
    code, _, err = run(capsys, "evaluate", str(EXAMPLE))
    assert code == 1 and "internal error: RuntimeError: kaput" in err and "Traceback" not in err


def test_every_command_has_help_with_an_example_and_is_in_the_readme():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices
    for name, sub in commands.items():
        assert "Example: nmosd-flow " + name in sub.description, name
        assert f"nmosd-flow {name}" in readme, name


def test_an_impossible_date_is_one_line_not_a_crash(capsys, tmp_path):
    patient = write(tmp_path, "p.yaml", "facts:\n  first_infusion_date: 2025-02-30\n")
    code, _, err = run(capsys, "evaluate", patient)
    assert code == 2 and "p.yaml: invalid value in YAML" in err and err.count("\n") == 1


def test_rec6_a_flow_warning_is_in_chinese_in_zh_text(capsys, tmp_path):
    # Rec 6: HBV-DNA positive with HBsAg and anti-HBc negative: contraindicated, and the flow
    # warns the results disagree, in Chinese in the zh text output (English in the JSON).
    path = write(tmp_path, "p.yaml", "facts: {hbsag: negative, anti_hbc: negative, hbv_dna: positive}\n")
    code, out, _ = run(capsys, "evaluate", str(path), "--flow", "hbv", "--lang", "zh")
    assert code == 0 and "hbv: HBsAg与抗HBc均阴性而HBV-DNA阳性" in out and "Review" not in out
    code, out, _ = run(capsys, "evaluate", str(path), "--flow", "hbv", "--format", "json")
    assert json.loads(out)["warnings"][0].startswith("hbv: HBV-DNA is positive although")
