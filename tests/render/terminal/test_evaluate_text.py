"""The terminal text of `evaluate`: the whole patient (design §3) and Chinese throughout."""

import json

from render.cli import main


def run(capsys, tmp_path, facts: dict, *argv):
    patient = tmp_path / "p.json"
    patient.write_text(json.dumps({"id": "t", "facts": facts}), encoding="utf-8")
    assert main(["evaluate", str(patient), *argv]) == 0
    return capsys.readouterr().out


def test_rec24_a_stop_outside_the_selection_heads_the_text(capsys, tmp_path):
    out = run(capsys, tmp_path, {"hbsag": "negative", "anti_hbc": "negative",
                                 "csf_jcv_pcr": "positive"}, "--flow", "hbv")
    assert out.splitlines()[1] == "Overall (inebilizumab): Stop"
    assert "including flows not asked for: pml (Suspected PML)" in out
    assert "Also applies to these facts (not asked for):" in out
    assert "! JC virus found in the CSF (decided whatever the route)" in out


def test_rec7_the_override_is_named_on_the_path(capsys, tmp_path):
    out = run(capsys, tmp_path, {"tb_screen": "negative", "tb_active": True}, "--flow", "tb")
    assert "1. TST/IGRA result? -> negative" in out
    assert "! Active TB established, whatever the screen (decided whatever the route)" in out
    assert "=> Active TB: do not give inebilizumab" in out


def test_chinese_text_has_no_english_units_or_states(capsys, tmp_path):
    out = run(capsys, tmp_path, {"diagnosis": "nmosd", "age_years": 40, "prior_therapy": "rituximab",
                                 "cd19_b_cells_percent": 2, "years_stable": 3},
              "--flow", "eligibility", "--flow", "switching", "--flow", "discontinuation",
              "--flow", "pml", "--lang", "zh")
    assert "40岁 (≥ 18 且 < 70)" in out and "3年 (≤ 5)" in out
    assert "其一成立(先到为准)" in out  # the derived count reads as its branch, not ">= 1"
    assert "[不适用]" in out and "[未完成]" in out
    for english in ("year", "month", "1/uL", "not_applicable", "incomplete", ">="):
        assert english not in out, english


def test_a_vaccine_that_may_be_given_is_not_routine_medication(capsys, tmp_path):
    out = run(capsys, tmp_path, {"vaccine_type": "inactivated", "on_inebilizumab": False},
              "--flow", "vaccination_on_treatment", "--lang", "zh")
    assert "[可以接种]" in out and "常规用药" not in out
