"""The knowledge graph: its shape, its exports, `about` queries and the citation honesty check."""

import io
import json

import networkx as nx
import pytest

import flows
from flows.content import content, knowledge
from graph import UsageError, load_guideline
from graph.content import Content, Entity, Question, Recommendation
from graph.knowledge import (
    about,
    build_knowledge,
    citations,
    from_node_link,
    to_graphml,
    to_node_link,
    uncited,
)
from graph.model import Text

# --- a small guideline of its own, so these tests do not depend on the flows' progress -------

HEADER = """
id: mini
title: {en: Mini, zh: 小}
citation: {en: c, zh: c}
recommendation_numbers: [1, 2, 3]
verdicts:
  - {id: proceed, label: {en: P, zh: P}, meaning: {en: m, zh: m}, colour: "#000"}
"""
FACTS = """
facts:
  a: {type: bool, label: {en: Alpha sign, zh: 甲征}}
  b: {type: enum, values: [x, y], label: {en: Beta, zh: 乙}}
  n:
    type: count
    label: {en: How many, zh: 几个}
    terms: [{fact: a, when: true}, {fact: b, when: x}]
"""
FLOW = """
id: f
title: {en: Flow F, zh: 流程F}
kind: screening
source: test
recommendations: [1]
nodes:
  - {id: start, kind: start, label: {en: S, zh: S}, next: count}
  - id: count
    kind: decision
    fact: n
    label: {en: N?, zh: N？}
    branches: [{when: {ge: 1}, to: some}, {when: {lt: 1}, to: none}]
  - id: some
    kind: outcome
    verdict: proceed
    subject: s
    recommendations: [1]
    label: {en: Some, zh: 有}
    actions: [{id: act, text: {en: Do, zh: 做}, recommendations: [2]}]
  - {id: none, kind: outcome, verdict: proceed, subject: s, recommendations: [1],
     label: {en: Nothing, zh: 无}}
"""
MINI = load_guideline(("h.yaml", HEADER), ("facts.yaml", FACTS), [("f.yaml", FLOW)])


def mini_content(informational=()) -> Content:
    recs = {n: Recommendation(n, 1, Text(f"Rec {n}", f"推荐{n}"), Text(f"S{n}.", f"概{n}。"),
                              references=(n + 10,), informational=n in informational,
                              mentions={"drug": ("dr",) if n == 3 else ()})
            for n in (1, 2, 3)}
    return Content(guideline="mini", questions={1: Question(1, Text("Q", "问"), (1, 2, 3))},
                   recommendations=recs,
                   entities={"drug": {"dr": Entity("drug", "dr", Text("Dexo", "地索"))}},
                   reference_labels={n: Text(f"Ref {n}", f"文献{n}") for n in (11, 12, 13)})


def test_citations_come_from_header_outcomes_and_actions():
    assert citations(MINI) == {1: {"f": ["flow", "some", "none"]}, 2: {"f": ["some"]}}


def test_uncited_recommendations_unless_informational():
    assert uncited(MINI, mini_content()) == [3]
    assert uncited(MINI, mini_content(informational={3})) == []


def test_typed_nodes_and_edges_of_the_small_guideline():
    kg = build_knowledge(MINI, mini_content())
    assert {kg.nodes[n]["kind"] for n in kg} == {"question", "rec", "flow", "fact", "drug", "ref"}
    assert kg.edges["question:1", "rec:3"]["relation"] == "includes"
    assert kg.edges["rec:2", "flow:f"] == {"relation": "cited_by", "where": "some"}
    # the flow asks the derived count and, through it, its inputs
    assert {m for m in kg.successors("flow:f")} == {"fact:n", "fact:a", "fact:b"}
    assert kg.edges["fact:n", "fact:a"]["relation"] == "computed_from"
    assert kg.edges["rec:3", "drug:dr"]["relation"] == "mentions"
    assert kg.edges["rec:3", "ref:13"]["relation"] == "cites"
    assert kg.nodes["fact:b"]["values"] == {"en": "x, y", "zh": "x, y"}


def test_about_a_fact_finds_the_flow_that_asks_it_and_its_recommendations():
    kg = build_knowledge(MINI, mini_content())
    found = about(kg, "alpha")
    assert found.facts == ("a",) and found.flows == ("f",) and found.recommendations == (1, 2)


def test_about_an_entity_in_chinese():
    kg = build_knowledge(MINI, mini_content())
    assert about(kg, "地索").recommendations == (3,)


def test_about_nothing_raises_a_usage_error_with_a_suggestion():
    kg = build_knowledge(MINI, mini_content())
    with pytest.raises(UsageError, match="did you mean 'dexo'"):
        about(kg, "dexa")
    with pytest.raises(UsageError, match="try a drug"):
        about(kg, "qqqqqqq")


# --- the packaged guideline ---------------------------------------------------------------------

G, C = flows.guideline(), content()


def test_every_citation_in_every_flow_names_an_existing_recommendation():
    cited = citations(G)
    assert cited and set(cited) <= set(C.recommendations)


def test_every_recommendation_has_exactly_one_question():
    kg = knowledge()
    for n in C.recommendations:
        owners = [q for q in kg.predecessors(f"rec:{n}") if kg.nodes[q]["kind"] == "question"]
        assert owners == [f"question:{C.recommendations[n].question}"]


def test_node_ids_are_typed_by_kind():
    kg = knowledge()
    assert all(n.split(":", 1)[0] == d["kind"] for n, d in kg.nodes(data=True))
    assert {"rec:6", "question:3", "flow:hbv", "fact:hbsag", "drug:rituximab", "test:hbsag",
            "trial:NCT05549258", "ref:24"} <= set(kg)


def edge_set(graph):
    return {(a, b) for a, b in graph.edges()}


def test_json_export_loads_back_with_the_same_nodes_edges_and_labels():
    kg = knowledge()
    back = from_node_link(json.loads(json.dumps(to_node_link(kg), ensure_ascii=False)))
    assert set(back) == set(kg) and edge_set(back) == edge_set(kg)
    assert back.nodes["drug:rituximab"]["label"] == {"en": "rituximab", "zh": "利妥昔单抗"}


def test_graphml_export_loads_back_with_the_same_nodes_edges_and_flat_labels():
    kg = knowledge()
    back = nx.read_graphml(io.BytesIO(to_graphml(kg).encode("utf-8")))
    assert set(back) == set(kg) and edge_set(back) == edge_set(kg)
    assert back.nodes["drug:rituximab"]["label_zh"] == "利妥昔单抗"
    assert back.nodes["question:7"]["label_en"] == C.questions[7].title.en


@pytest.mark.parametrize("term", ["rituximab", "利妥昔", "RITUXIMAB"],
                         ids=["rec19-rituximab-en", "rec19-rituximab-zh", "rec19-any-case"])
def test_about_rituximab_lists_the_recommendations_that_name_it(term):
    found = about(knowledge(), term)
    assert "drug:rituximab" in found.matches
    assert {1, 17, 19} <= set(found.recommendations)


def test_about_a_test_finds_its_recommendations():
    assert set(about(knowledge(), "JCV").recommendations) >= {24}
    assert set(about(knowledge(), "T-SPOT").recommendations) >= {7}
