"""The one evaluation door, ``flows.guideline().evaluate`` and ``flows.evaluation.to_json``, as a
notebook or a server calls it. Expected verdicts come from the source's Fig 1 (rec 6).

(It belongs in tests/flows/; it sits here until that folder is free to change.)
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flows import guideline
from flows.evaluation import __version__, to_json
from graph import Evaluation, PatientFileError, UsageError, read_patient
from render.cli import main

G = guideline()
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "patients" / "hbv-carrier.yaml"
CARRIER = {"hbsag": "阴性", "anti_hbc": "阳性", "hbv_dna": "negative"}  # lab-report words


def test_rec6_raw_facts_of_an_inactive_carrier_proceed_under_antiviral_cover():
    ev = G.evaluate(CARRIER, flows="hbv")
    assert isinstance(ev, Evaluation)
    assert ev.overall.verdict == "proceed_with_precautions" and ev.overall.complete
    (hbv,) = ev.flows
    assert hbv.outcome == "hbv.carrier_prophylaxis" and hbv.recommendations == (6,)
    assert hbv.path == ("hbv.start", "hbv.hbsag", "hbv.anti_hbc", "hbv.hbv_dna_core",
                        "hbv.carrier_prophylaxis")


def test_rec6_a_missing_fact_stops_the_trace_and_is_named():
    (hbv,) = G.evaluate({"hbsag": "negative"}, flows=["hbv"]).flows
    assert hbv.status == "incomplete" and hbv.missing[0] == "anti_hbc"
    assert hbv.verdict is None


def test_a_patient_and_its_raw_facts_give_the_same_evaluation():
    from graph.yamlio import read_yaml

    patient = read_patient(EXAMPLE, G.facts, G.aliases)
    raw = read_yaml(str(EXAMPLE), EXAMPLE.read_text(encoding="utf-8"))["facts"]
    assert G.evaluate(patient) == G.evaluate(raw)


def test_raw_facts_are_typed_as_a_patient_file_is():
    """A quantity with a unit is converted: 4.8 g/L of IgG is 480 mg/dL."""
    assert G.evaluate({"serum_igg_mg_dl": "4.8 g/L"}, "immunoglobulin") == G.evaluate(
        {"serum_igg_mg_dl": 480}, "immunoglobulin")


def test_flows_and_bundles_are_chosen_as_the_cli_chooses_them():
    every = G.evaluate(CARRIER)
    assert [r.flow for r in every.flows] == list(G.flows)
    start = G.evaluate(CARRIER, bundle="start", flows=["hbv"])
    assert [r.flow for r in start.flows] == list(G.bundles["start"].flows)
    assert G.select_flows("tb", "start") == list(G.bundles["start"].flows)


@pytest.mark.parametrize("call,error,message", [
    (lambda: G.evaluate({"hbsagg": "negative"}), PatientFileError, "did you mean 'hbsag'"),
    (lambda: G.evaluate({"hbsag": "posative"}), PatientFileError, "is not one of"),
    (lambda: G.evaluate({}, flows="hbx"), UsageError, "unknown flow 'hbx'"),
    (lambda: G.evaluate({}, bundle="begin"), UsageError, "unknown bundle 'begin'"),
], ids=["unknown-fact", "bad-value", "unknown-flow", "unknown-bundle"])
def test_mistakes_raise_the_library_errors(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_the_json_form_is_what_evaluate_format_json_prints(capsys):
    assert main(["evaluate", str(EXAMPLE), "--format", "json", "--bundle", "start"]) == 0
    printed = json.loads(capsys.readouterr().out)
    patient = read_patient(EXAMPLE, G.facts, G.aliases)
    assert to_json(G, patient.id, G.evaluate(patient, bundle="start")) == printed
    assert printed["guideline"]["tool_version"] == __version__


def test_the_tool_version_is_the_packaged_one():
    import tomllib

    pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
    assert tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"] == __version__
