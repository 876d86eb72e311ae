"""Charts carry what a nurse or doctor needs at the bedside: Tab 1 drugs, doses, routes and
times on the dosing chart (rec 12, 23), and overrides (design §3) drawn and highlighted."""

import re

import flows
from graph import traverse, type_facts
from render.chart import flow_dot

G = flows.guideline()


def trace(flow_id, raw):
    return traverse(G.flows[flow_id], G.facts, type_facts("t", raw, G.facts, G.aliases))


def words(source: str) -> str:
    """The chart's text with label markup and line breaks taken out."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", source)).replace("&#45;", "-")


def test_rec12_tab1_premedication_is_drawn_with_drug_dose_route_and_time():
    source = words(flow_dot(G, "dosing").source)
    for text in ("methylprednisolone 80-125 mg IV", "30 min before every infusion",
                 "diphenhydramine 25-50 mg by mouth", "acetaminophen 500-650 mg by mouth",
                 "30-60 min before every infusion", "at least 1 hour after it ends"):
        assert text in source, text


def test_rec30_children_are_told_tab1_has_adult_doses_only():
    assert "the source gives none for children" in words(flow_dot(G, "dosing").source)


def test_rec7_override_is_drawn_and_marked_when_it_decides():
    plain = flow_dot(G, "tb").source
    assert "Active TB established, whatever the screen" in plain
    assert 'class="override plain"' in plain
    fired = flow_dot(G, "tb", trace("tb", {"tb_screen": "negative", "tb_active": True})).source
    assert 'class="override on"' in fired and 'class="override-link on"' in fired
    calm = flow_dot(G, "tb", trace("tb", {"tb_screen": "negative"})).source
    assert 'class="override off"' in calm


def test_overrides_are_drawn_in_chinese_too():
    assert "已确定为活动性结核(不论筛查结果)" in flow_dot(G, "tb", lang="zh").source
