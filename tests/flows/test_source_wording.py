"""Wording the audit checked against the source: each test names the recommendation."""

import re
from importlib.resources import files

import flows
from flows.content import knowledge

G = flows.guideline()
DATA = files("flows") / "data"


def test_rec12_names_the_tab1_drugs():
    drugs = set(knowledge().successors("rec:12"))
    assert {"drug:methylprednisolone", "drug:diphenhydramine", "drug:acetaminophen"} <= drugs


def test_ivmp_is_a_regimen_not_a_name_of_the_drug():
    """Rec 4: IVMP is intravenous methylprednisolone given as a pulse, a regimen."""
    kg = knowledge()
    ivmp = kg.nodes["drug:ivmp"]
    assert ivmp["category"] == "procedure" and "IVMP" in ivmp["aliases"]
    assert "IVMP" not in kg.nodes["drug:methylprednisolone"].get("aliases", ())


def test_rec19_the_source_does_not_name_the_cd19_denominator():
    fact = G.facts["cd19_b_cells_percent"]
    assert "原文未说明" in fact.description.zh and "does not name" in fact.description.en


def test_b_cell_depleting_is_haojie_in_chinese():
    """The source says B细胞耗竭剂 (rec 4, 15, 19, 24, 27): never 清除 for B-cell depletion."""
    texts = [p.read_text(encoding="utf-8") for p in (DATA / "flows").iterdir()]
    texts.append((DATA / "content.yaml").read_text(encoding="utf-8"))
    for text in texts:
        assert not re.search(r"B细胞清除|清除B细胞|清除性|清除药物", text)


def test_pregnancy_status_is_called_status_in_both_languages():
    label = G.facts["pregnancy_status"].label
    assert (label.en, label.zh) == ("Pregnancy status", "妊娠状态")


def test_rec7_asks_whether_tb_is_active_so_that_yes_and_no_read_right():
    node = G.flows["tb"].node("tb.tb_active")
    assert node["label"].en == "Active TB on assessment?"


def test_rec8_replacement_is_a_specialists_option():
    """Rec 8: patients with IgG below 500 mg/dL may need replacement; a specialist advises."""
    result = G.evaluate({"serum_igg_mg_dl": "4 g/L", "high_infection_risk": True},
                        "immunoglobulin").flows[0]
    replacement = next(a for a in result.actions if a.id == "igg_replacement")
    assert "specialist" in replacement.text.en.lower()
    assert "may be needed" in G.flows["immunoglobulin"].node(result.outcome)["label"].en


def test_rec27_pregnancy_keeps_not_recommended_in_softer_words():
    node = G.flows["pregnancy"].node("pregnancy.limit_in_pregnancy")
    assert node["verdict"] == "not_recommended"
    assert "to be limited" in node["label"].en and "do not give" not in node["label"].en


def test_verdicts_are_worded_for_what_they_concern():
    """A vaccine that may be given is not 'routine medication' (常规用药)."""
    proceed = G.verdict("proceed")
    assert proceed.label_for("vaccine").zh == "可以接种"
    assert proceed.label_for("inebilizumab").zh == "常规用药"
    assert G.verdict("defer").label_for("conception").en == "Defer conception"
