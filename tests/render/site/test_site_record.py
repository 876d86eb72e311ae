"""The glossary says, for each fact, how a FHIR record supplies it (the verified codes of
flows/data/fhir_map.yaml) or that it has no verifiable code and stays manual."""

import re

import pytest


def entry(site, lang: str, fact: str) -> str:
    page = (site / lang / "facts" / "index.html").read_text(encoding="utf-8")
    start = page.index(f'id="fact-{fact}"')
    end = page.find("<dt id=", start + 1)
    return re.sub(r"\s+", " ", page[start:end if end > 0 else None])


@pytest.mark.parametrize(("fact", "said"), [
    ("hbsag", "From a record</dt><dd>Read from Observation (LOINC 5195-3, LOINC 5196-1)."),
    ("age_years", "Read from Patient (Patient.birthDate)."),
    ("hcv_active", "Entered by the clinician (in a patient file, or as an answer to the facts "
                   "Questionnaire), never read from coded results. The flow leaves"),
    ("acute_attack", "never read from coded results: no code verified in a published source"),
])
def test_the_glossary_says_how_a_record_supplies_each_fact(site, fact, said):
    assert said in entry(site, "en", fact).replace("&#39;", "'")


def test_the_chinese_glossary_says_it_too(site):
    assert "来自FHIR病历</dt><dd>由医生录入" in entry(site, "zh", "acute_attack")
    assert "读取自Observation (LOINC 5195-3, LOINC 5196-1)。" in entry(site, "zh", "hbsag")


def test_a_derived_count_has_no_record_line(site):
    assert "From a record" not in entry(site, "en", "pcp_risk_factor_count")
