"""The guideline's questions and recommendations as data, checked against the source's text."""

import re

import pytest

from flows.content import content, load_content
from graph import FlowError

C = content()

# Section 2.1-2.10 of the source: question -> the recommendations printed under it.
SECTIONS = {1: [1, 2, 3], 2: [4], 3: [5, 6, 7, 8, 9, 10, 11], 4: [12, 13], 5: [14, 15, 16],
            6: [17, 18, 19, 20], 7: [21], 8: [22], 9: [23, 24], 10: [25, 26, 27, 28, 29, 30]}


def test_ten_questions_and_thirty_recommendations():
    assert sorted(C.questions) == list(range(1, 11))
    assert sorted(C.recommendations) == list(range(1, 31))


def test_every_recommendation_belongs_to_exactly_one_question():
    owners = {}
    for q in C.questions.values():
        for n in q.recommendations:
            owners.setdefault(n, []).append(q.number)
    assert all(owners[n] == [r.question] for n, r in C.recommendations.items())
    assert {q: list(C.questions[q].recommendations) for q in C.questions} == SECTIONS


def test_question_7_is_about_monotherapy_versus_combination():
    q7, q6 = C.questions[7], C.questions[6]
    assert "combin" in q7.title.en.lower() and "alone" in q7.title.en.lower()
    assert "单药" in q7.title.zh and "联合" in q7.title.zh
    assert q7.title != q6.title
    assert q7.note is not None and "2.7" in q7.note.en and "2.7" in q7.note.zh


@pytest.mark.parametrize("number", range(1, 31), ids=lambda n: f"rec{n}-summary")
def test_summaries_are_two_languages_of_one_to_four_sentences(number):
    summary = C.recommendations[number].summary
    assert summary.en.strip() and summary.zh.strip()
    assert 1 <= summary.zh.count("。") <= 4
    assert not re.search(r"[\u4e00-\u9fff]\s+[\u4e00-\u9fff]", summary.zh)  # no folding gaps


# Bracketed citation numbers in each recommendation's statement and explanation.
REFERENCES = [
    ("rec1", 1, [1, 5, 6, 9, 10, 11, 12, 13, 14]),
    ("rec4", 4, [6, 13, 19, 20, 21, 22, 23]),
    ("rec5-none-printed", 5, []),
    ("rec6", 6, [8, 24]),
    ("rec7", 7, [8, 24]),
    ("rec11", 11, [30, 31, 32, 33, 34, 35]),
    ("rec24", 24, [51, 52]),
    ("rec28", 28, [8, 60]),
    ("rec30", 30, [63]),
]


@pytest.mark.parametrize("number,expected", [r[1:] for r in REFERENCES],
                         ids=[r[0] for r in REFERENCES])
def test_reference_numbers(number, expected):
    assert list(C.recommendations[number].references) == expected


def test_references_50_and_59_are_never_cited_and_none_exceeds_63():
    cited = {n for r in C.recommendations.values() for n in r.references}
    assert 50 not in cited and 59 not in cited
    assert max(cited) == 63 and set(C.reference_labels) == cited


TRIALS = [("NCT01585766", 3, "1"), ("NCT00946699", 3, "1"), ("NCT04524273", 3, "3"),
          ("NCT05198557", 3, "3"), ("NCT04540497", 3, "3"), ("NCT04372615", 3, "2"),
          ("NCT05549258", 30, None)]


@pytest.mark.parametrize("trial,rec,phase", TRIALS, ids=[f"rec{t[1]}-{t[0]}" for t in TRIALS])
def test_trials_named_by_their_recommendation_with_the_printed_phase(trial, rec, phase):
    assert C.mentioning("trial", trial) == [rec]
    assert C.entity("trial", trial).details.get("phase") == phase


def test_n_momentum_is_phase_2_3_without_a_printed_nct_number():
    trial = C.entity("trial", "N-MOmentum")
    assert trial.details["phase"] == "2/3" and "NCT" in trial.details["note"].en


@pytest.mark.parametrize("kind,entity,recs", [
    ("drug", "rituximab", {1, 17, 19}),
    ("drug", "ofatumumab", {19}),
    ("drug", "satralizumab", {20, 30}),
    ("drug", "eculizumab", {20}),
    ("drug", "tmp_smx", {11}),
    ("drug", "diphenhydramine", {23}),
    ("test", "cd19_b_cells", {19}),
    ("test", "cd20_b_cells", {15}),
    ("test", "csf_jcv_pcr", {24}),
    ("test", "hbv_dna", {6}),
], ids=lambda v: v if isinstance(v, str) else None)
def test_entities_named_by_the_recommendations_that_print_them(kind, entity, recs):
    assert recs <= set(C.mentioning(kind, entity))


BASE = """
guideline: g
questions:
  - {number: 1, title: {en: Q1, zh: 问1}, recommendations: [1]}
  - {number: 2, title: {en: Q2, zh: 问2}, recommendations: [2]}
recommendations:
  - {number: 1, question: 1, summary: {en: One., zh: 一。}, drugs: [a]}
  - {number: 2, question: 2, summary: {en: Two., zh: 二。}}
drugs:
  - {id: a, name: {en: A, zh: 甲}, class: {en: c, zh: 类}}
"""


def test_a_small_valid_file_loads():
    c = load_content("c.yaml", BASE)
    assert c.mentioning("drug", "a") == [1] and c.questions[2].recommendations == (2,)


@pytest.mark.parametrize("change,message", [
    (("recommendations: [2]", "recommendations: [1, 2]"),
     "recommendations.1: names question 1 but is listed under [1, 2]"),
    (("drugs: [a]", "drugs: [b]"), "recommendations.1.drugs: unknown id 'b'"),
    (("zh: 二。", "zh: ''"), "recommendations.2.summary: the zh text is missing"),
    (("question: 2,", "question: 2, extra: 1,"), "recommendations.1.extra"),
    (("drugs: [a]}", "}"), "drugs.a: named by no recommendation"),
], ids=["rec-in-two-questions", "unknown-drug", "missing-chinese", "unknown-key", "orphan-drug"])
def test_every_problem_is_reported_with_its_location(change, message):
    with pytest.raises(FlowError) as info:
        load_content("c.yaml", BASE.replace(*change))
    assert any(message in e for e in info.value.errors), info.value.errors
    assert all(e.startswith("c.yaml: ") for e in info.value.errors)
