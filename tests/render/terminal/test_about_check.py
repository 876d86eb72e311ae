"""`nmosd-flow graph`, `about` and the citation part of `nmosd-flow check`, in process."""

import io
import json

import networkx as nx
import pytest

import flows
from flows.content import content
from graph import load_guideline
from graph.content import Content, Question, Recommendation
from graph.knowledge import uncited
from graph.model import Text
from render.cli import main
from render.terminal.check import check_all, citation_problems


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_graph_json_to_standard_output(capsys):
    code, out, _ = run(capsys, "graph")
    data = json.loads(out)
    ids = {n["id"] for n in data["nodes"]}
    assert code == 0 and {"rec:19", "drug:rituximab", "question:7"} <= ids
    assert {"source": "rec:19", "target": "drug:rituximab", "relation": "mentions"} in data["edges"]


def test_graph_graphml_to_a_file(capsys, tmp_path):
    target = tmp_path / "kg.graphml"
    code, out, _ = run(capsys, "graph", "--format", "graphml", "-o", str(target))
    back = nx.read_graphml(io.BytesIO(target.read_bytes()))
    assert code == 0 and out == ""
    assert back.has_edge("rec:19", "drug:rituximab") and back.nodes["rec:19"]["summary_zh"]


def test_graph_to_a_missing_folder_is_a_usage_error(capsys, tmp_path):
    code, _, err = run(capsys, "graph", "-o", str(tmp_path / "no" / "kg.json"))
    assert code == 2 and len(err.strip().splitlines()) == 1 and "does not exist" in err


def listed_recommendations(out: str, heading: str) -> set[int]:
    section = out.split(f"\n{heading}:\n", 1)[1]
    numbers = set()
    for line in section.splitlines():
        if not line.startswith("  "):
            break
        numbers.add(int(line.split()[0]))
    return numbers


def test_about_rituximab_lists_recommendations_1_17_19(capsys):
    code, out, _ = run(capsys, "about", "rituximab")
    assert code == 0 and "drug:rituximab" in out
    assert {1, 17, 19} <= listed_recommendations(out, "Recommendations")


def test_about_in_chinese(capsys):
    code, out, _ = run(capsys, "about", "利妥昔", "--lang", "zh")
    assert code == 0 and "利妥昔单抗" in out
    assert {1, 17, 19} <= listed_recommendations(out, "推荐意见")


@pytest.mark.parametrize("term,hint", [("rituxmab", "did you mean 'rituximab'?"),
                                       ("zzzzqqqq", "try a drug")])
def test_about_an_unknown_term_is_one_line_and_status_2(capsys, term, hint):
    code, out, err = run(capsys, "about", term)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and hint in err and "Traceback" not in err


def test_new_commands_have_help_with_an_example(capsys):
    for command in ("graph", "about"):
        with pytest.raises(SystemExit) as info:
            main([command, "--help"])
        out, _ = capsys.readouterr()
        assert info.value.code == 0 and "Example: nmosd-flow " + command in out


# --- the honesty check: every recommendation cited or marked informational ---------------------

HEADER = """
id: mini
title: {en: Mini, zh: 小}
citation: {en: c, zh: c}
recommendation_numbers: [1, 2, 3]
verdicts:
  - {id: proceed, label: {en: P, zh: P}, meaning: {en: m, zh: m}, colour: "#000"}
"""
FACTS = "facts:\n  a: {type: bool, label: {en: A, zh: 甲}}\n"
FLOW = """
id: f
title: {en: F, zh: F}
summary: {en: F, zh: F}
kind: screening
source: test
recommendations: [1]
nodes:
  - {id: start, kind: start, label: {en: S, zh: S}, next: a}
  - id: a
    kind: decision
    fact: a
    label: {en: A?, zh: 甲？}
    branches: [{when: true, to: present}, {when: false, to: nope}]
  - {id: present, kind: outcome, verdict: proceed, subject: s, recommendations: [1],
     label: {en: Y, zh: 是}}
  - {id: nope, kind: outcome, verdict: proceed, subject: s, recommendations: [1],
     label: {en: N, zh: 否}}
"""
MINI = load_guideline(("h.yaml", HEADER), ("facts.yaml", FACTS), [("f.yaml", FLOW)])


def mini_content(guideline="mini", informational=(2,)) -> Content:
    recs = {n: Recommendation(n, 1, Text(f"R{n}", f"推{n}"), Text("S.", "概。"),
                              informational=n in informational) for n in (1, 2, 3)}
    return Content(guideline, {1: Question(1, Text("Q", "问"), (1, 2, 3))}, recs, {})


def test_uncited_and_not_informational_is_a_problem():
    problems = citation_problems(MINI, mini_content())
    assert problems == [p for p in problems if p.startswith("recommendation 3: cited by no flow")]
    assert len(problems) == 1


def test_informational_yet_cited_is_a_problem():
    problems = citation_problems(MINI, mini_content(informational=(1, 2, 3)))
    assert problems == ["recommendation 1: marked informational but cited by f; remove "
                        "`informational` in flows/data/content.yaml"]


def test_check_all_reports_uncited_recommendations(monkeypatch):
    monkeypatch.setattr("flows.content.content", lambda: mini_content())
    problems, summary = check_all(MINI)
    assert any(p.startswith("recommendation 3: cited by no flow") for p in problems)
    assert "3 recommendations" in summary and "1 problems" in summary


def test_check_all_skips_content_written_for_another_guideline(monkeypatch):
    monkeypatch.setattr("flows.content.content", lambda: mini_content(guideline="other"))
    problems, summary = check_all(MINI)
    assert problems == [] and "all verified" in summary


def test_check_of_the_packaged_guideline_names_exactly_the_uncited_recommendations():
    g = flows.guideline()
    problems, _ = check_all(g)
    named = {int(p.split()[1].rstrip(":")) for p in problems
             if p.startswith("recommendation ") and "cited by no flow" in p}
    assert named == set(uncited(g, content()))
