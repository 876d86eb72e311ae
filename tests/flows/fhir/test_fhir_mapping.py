"""The FHIR map (flows/data/fhir_map.yaml) is complete, cited and consistent with facts.yaml."""

import re

import pytest

import flows
from flows import DATA
from flows.fhir import fhir_map, fhir_map_problems, load_map
from graph import FlowError

G = flows.guideline()
TEXT = (DATA / "fhir_map.yaml").read_text(encoding="utf-8")

# The facts issue 14 names as suppliable by a laboratory or problem list.
ISSUE_FACTS = ["hbsag", "anti_hbc", "hbv_dna", "hcv_screen", "hcv_active", "tb_screen",
               "serum_igg_mg_dl", "cd19_b_cells_percent", "cd20_b_cells_per_ul", "cd4_per_mm3",
               "aqp4_igg", "pregnancy_status", "age_years", "weight_kg", "sex", "diagnosis"]


def test_the_packaged_map_has_no_problems():
    assert fhir_map_problems(G) == []


@pytest.mark.parametrize("fact", ISSUE_FACTS)
def test_every_fact_of_the_issue_is_mapped_or_manual_with_a_reason(fact):
    m = fhir_map()
    assert (fact in m.rules) != (fact in m.manual)
    if fact in m.manual:
        assert m.manual[fact].reason.en.strip() and m.manual[fact].reason.zh.strip()


def test_every_code_carries_a_citation_with_a_source():
    spec = fhir_map().spec
    codes = [c for f in spec.facts.values() for c in f.codes]
    codes += [c for r in spec.readings.values() for cs in r.values() for c in cs]
    codes += [c for m in spec.manual.values() for c in m.related]
    assert codes
    for c in codes:
        assert re.search(r"https?://|[\w.-]+/[\w.-]+:", c.verified), c.code


def test_active_hcv_stays_with_the_clinician():
    # The hcv flow records that the source does not say which test defines active HCV (rec 5).
    assert "hcv_active" in fhir_map().manual


def test_only_pregnant_can_come_from_the_record():
    rule = fhir_map().rules["pregnancy_status"]
    assert set(rule.readings.values()) == {"pregnant"}


def test_screens_are_not_used_after_a_cautious_window():
    rules = fhir_map().rules
    for fact in ("hbsag", "anti_hbc", "hbv_dna", "hcv_screen", "tb_screen"):
        assert rules[fact].max_age_days == 90


def test_no_code_is_verified_by_memory():
    assert "verified: \"\"" not in TEXT and "verified: ''" not in TEXT


BROKEN = [
    pytest.param("  hbsag:\n    resource: Observation", "  hbsagg:\n    resource: Observation",
                 "facts.hbsagg: unknown fact", id="unknown-fact"),
    pytest.param("    reading: presence\n    combine: any_positive",
                 "    reading: igra\n    combine: any_positive",
                 "'indeterminate' is not a value of the fact", id="value-not-of-the-fact"),
    pytest.param("      - {code: g/dL, verified: *mcodeunits}", "      - {code: kg, verified: *mcodeunits}",
                 "cannot be converted to mg/dL", id="unit-does-not-convert"),
    pytest.param('verified: "https://ltd.aruplab.com/Tests/Pub/3016431 — ARUP component \'CD19+ Percent of '
                 'Lymphocytes\' LOINC 8117-4"', 'verified: " "', "8117-4: no `verified` citation",
                 id="code-without-citation"),
    pytest.param("      zh: 体重决定儿童剂量", "      zh: ' '\n      x: 体重决定儿童剂量", "x: Extra inputs",
                 id="unknown-key"),
]


@pytest.mark.parametrize(("old", "new", "expected"), BROKEN)
def test_the_checker_names_each_broken_entry(old, new, expected):
    assert old in TEXT
    text = TEXT.replace(old, new, 1)
    try:
        problems = fhir_map_problems(G, load_map("fhir_map.yaml", text))
    except FlowError as exc:
        problems = exc.errors
    assert any(expected in p for p in problems), problems


def test_a_missing_language_is_reported():
    text = TEXT.replace("      zh: 体重决定儿童剂量", "      zh: ''\n      x_: 体重决定儿童剂量", 1)
    text = text.replace("      x_: 体重决定儿童剂量", "      # 体重决定儿童剂量", 1)
    problems = fhir_map_problems(G, load_map("fhir_map.yaml", text))
    assert any("weight_kg.note: missing the zh text" in p for p in problems)
