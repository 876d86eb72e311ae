"""Flowcharts: DOT content, path highlighting, Chinese labels, files written, CLI errors.

Expected paths come from the source's Fig 1 (rec 6) and Fig 2 (rec 7). Regenerate the golden
DOT files with: UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/render/chart/test_flowchart.py
"""

from __future__ import annotations

import doctest
import html
import os
import re
import struct
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import render.chart.style
from flows import guideline
from graph import Condition, UsageError, patient_from, traverse
from render.chart import chart_parts, flow_dot, flow_svg, palette, render_file, svg_size
from render.chart import style as cs
from render.chart.draw import _edge_text
from render.cli import main

GOLDEN = Path(__file__).parent / "golden"

# rec 6, Fig 1: HBsAg (-), HBcAb (+), HBV DNA (-) -> antiviral prophylaxis, then treatment.
HBV_CORE_CARRIER = {"hbsag": "negative", "anti_hbc": "positive", "hbv_dna": "negative"}
HBV_CORE_PATH = ["start", "hbsag", "anti_hbc", "hbv_dna_core", "carrier_prophylaxis"]
# rec 6: anti-HBc positive and no HBV-DNA yet: both DNA outcomes remain possible.
HBV_AWAITING_DNA = {"hbsag": "negative", "anti_hbc": "positive"}
# rec 7, Fig 2: screen positive, chest CT, latent infection, preventive treatment started.
TB_LATENT = {"tb_screen": "positive", "tb_active": False,
             "latent_tb_prophylaxis": "planned_or_started"}
TB_LATENT_PATH = ["start", "tb_screen", "chest_ct", "tb_active", "latent_prophylaxis",
                  "latent_on_prophylaxis"]


@pytest.fixture(scope="module")
def g():
    return guideline()


def trace_of(g, flow_id: str, facts: dict):
    known = patient_from("test", {"facts": facts}, g.facts, g.aliases).facts
    return traverse(g.flows[flow_id], g.facts, known)


# -- reading the DOT source -------------------------------------------------------------------

_NAME = r'"(?:[^"\\]|\\.)*"'
_STATEMENT = re.compile(rf"^\s*({_NAME})(?:\s*->\s*({_NAME}))?\s*\[(.*)\]$")


def attributes(text: str) -> dict[str, str]:
    """``key=value`` pairs of one DOT attribute list; values quoted, bare or <HTML>."""
    attrs, i = {}, 0
    while i < len(text):
        key = re.compile(r"\s*([\w-]+)=").match(text, i)
        i = key.end()
        if text[i] == "<":
            depth, j = 0, i
            while True:
                depth += {"<": 1, ">": -1}.get(text[j], 0)
                j += 1
                if depth == 0:
                    break
            attrs[key.group(1)], i = text[i:j], j
        elif text[i] == '"':
            m = re.compile(_NAME).match(text, i)
            attrs[key.group(1)], i = m.group(0)[1:-1], m.end()
        else:
            m = re.compile(r"[^\s\]]+").match(text, i)
            attrs[key.group(1)], i = m.group(0), m.end()
    return attrs


def statements(dot) -> tuple[dict[str, dict], dict[tuple[str, str], dict]]:
    """The node and edge statements of a DOT source, with their attributes."""
    nodes, edges = {}, {}
    for line in dot.source.splitlines():
        m = _STATEMENT.match(line)
        if m:
            u, v, attrs = m.group(1)[1:-1], m.group(2), attributes(m.group(3))
            if v is None:
                nodes[u] = attrs
            else:
                edges[(u, v[1:-1])] = attrs
    return nodes, edges


def shown_text(label: str) -> str:
    """The visible text of an HTML-like label, without tags and spaces."""
    if label.startswith("<") and label.endswith(">"):
        label = label[1:-1]
    return re.sub(r"\s+", "", html.unescape(re.sub(r"<[^>]+>", "", label)))


def classes(attrs: dict) -> set[str]:
    return set(attrs.get("class", "").split())


# -- content of the chart -----------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("flow_id", sorted(guideline().flows))
def test_every_node_action_and_branch_is_drawn_with_its_label(g, flow_id, lang):
    flow = g.flows[flow_id]
    nodes, edges = statements(flow_dot(g, flow_id, lang=lang))
    for node, data in flow.graph.nodes(data=True):
        assert shown_text(data["label"].get(lang)) in shown_text(nodes[node]["label"]), node
        assert data["kind"] in classes(nodes[node])
        for action in data.get("actions", ()) if data["kind"] == "outcome" else ():
            note = nodes[f"{node}.actions"]  # one note box holds an outcome's actions
            assert shown_text(action.text.get(lang)) in shown_text(note["label"])
            if action.timing:
                assert shown_text(action.timing.get(lang)) in shown_text(note["label"])
            recs = cs.recs_text(action.recommendations, lang)
            assert shown_text(recs) in shown_text(note["label"])
    for u, v, data in flow.graph.edges(data=True):
        if data.get("label") is not None:
            assert shown_text(data["label"].get(lang)) == shown_text(edges[(u, v)]["label"])


def test_shapes_follow_the_node_kinds_and_outcomes_carry_verdict_and_rec(g):
    nodes, _ = statements(flow_dot(g, "hbv"))
    assert nodes["hbv.start"]["style"] == "rounded,filled"
    assert {nodes[n]["shape"] for n in ("hbv.hbsag", "hbv.anti_hbc")} == {"diamond"}
    outcome = nodes["hbv.active_contraindicated"]
    contraindicated = g.verdict("contraindicated")
    assert outcome["shape"] == "box"
    assert outcome["color"] == palette.line_of(contraindicated.colour)
    assert outcome["fillcolor"] == cs.tint(contraindicated.colour, 0.8)
    assert "Contraindicated" in outcome["label"] and "rec\xa06" in outcome["label"]
    note = nodes["hbv.non_carrier.actions"]
    assert note["shape"] == "note" and "rec\xa06, 14" in note["label"]  # rec 6 and rec 14


def test_action_notes_hang_below_their_outcome_on_dashed_lines(g):
    nodes, edges = statements(flow_dot(g, "hbv"))
    base = "hbv.carrier_prophylaxis"
    link = edges[(base, f"{base}.actions")]
    assert link["style"] == "dashed" and link["arrowhead"] == "none"
    note = shown_text(nodes[f"{base}.actions"]["label"])
    for action in g.flows["hbv"].graph.nodes[base]["actions"]:  # rec 6: in the order given
        assert shown_text(action.text.en) in note


def test_branch_text_falls_back_to_the_condition():
    data = {"label": None, "condition": Condition(values=frozenset({"positive"}))}
    assert _edge_text(data, "en") == "positive"


def test_legend_shows_only_the_verdicts_drawn_and_the_footer_cites_the_source(g):
    dot = flow_dot(g, "hbv")
    legend = dot.graph_attr["label"]
    for verdict in g.verdicts:
        drawn = verdict.id in {"contraindicated", "proceed_with_precautions", "proceed"}
        swatch = f'<FONT POINT-SIZE="14" COLOR="{verdict.colour}">■</FONT> {verdict.label.en}'
        assert (swatch in legend) is drawn, verdict.id
    text = shown_text(legend)
    assert shown_text(cs.short_citation(g.citation.en)) in text
    assert "rec6,Fig1" in text
    assert "Hepatitis B screening before the first infusion" in dot.source


@pytest.mark.dot
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("flow_id", sorted(guideline().flows))
def test_every_chart_prints_its_smallest_text_at_7pt_or_more(g, flow_id, lang):
    """The one splitting rule: each part prints on A4 (portrait or landscape) at a zoom that
    keeps the smallest chart text at MIN_PRINT_PT or more, with a patient's path too."""
    parts = chart_parts(g, flow_id, lang)
    assert [p.number for p in parts] == list(range(1, len(parts) + 1))
    drawn = set()
    for part in parts:
        svg = flow_svg(g, flow_id, None, lang, part=part)
        width, height = svg_size(svg)
        zoom = cs.zoom(width, height, part.landscape)
        smallest = min(float(s) for s in re.findall(r'font-size="([\d.]+)"', svg))
        assert smallest == cs.SIZE["small"]  # as drawn, not only as asked for
        assert zoom * smallest >= cs.MIN_PRINT_PT, (part.number, width, height)
        assert flow_dot(g, flow_id, None, lang, part).graph_attr["rankdir"] == "TB"
        drawn |= set(part.nodes) if part.nodes else set(g.flows[flow_id].graph)
        drawn |= {u for u, _ in part.entry}  # a question that only routes: in the entry box
    assert drawn == set(g.flows[flow_id].graph)  # every node is on some chart


# -- a patient's path -----------------------------------------------------------------------------

@pytest.mark.parametrize("flow_id, facts, path", [
    pytest.param("hbv", HBV_CORE_CARRIER, HBV_CORE_PATH, id="rec6-hbsag-neg-hbcab-pos-dna-neg"),
    pytest.param("tb", TB_LATENT, TB_LATENT_PATH, id="rec7-latent-preventive-treatment"),
])
def test_the_path_is_highlighted_and_the_rest_muted(g, flow_id, facts, path):
    flow = g.flows[flow_id]
    path = [f"{flow_id}.{n}" for n in path]
    trace = trace_of(g, flow_id, facts)
    assert list(trace.path) == path
    nodes, edges = statements(flow_dot(g, flow_id, trace))
    for node in flow.graph:
        on = node in path
        assert ("on" in classes(nodes[node])) is on, node
        assert ("off" in classes(nodes[node])) is not on, node
        if on:
            assert nodes[node]["color"] == cs.PATH and float(nodes[node]["penwidth"]) >= 3
        else:
            assert nodes[node]["fontcolor"] == cs.MUTED_TEXT
    for u, v in flow.graph.edges:
        on = (u, v) in set(zip(path, path[1:], strict=False))
        assert edges[(u, v)]["color"] == (cs.PATH if on else cs.MUTED_LINE), (u, v)
    assert flow.graph.nodes[path[-1]]["actions"]
    assert "on" in classes(nodes[f"{path[-1]}.actions"])


def test_incomplete_hbv_trace_stops_visibly_at_the_missing_dna_question(g):
    # rec 6: anti-HBc positive needs HBV-DNA; both DNA outcomes remain possible.
    trace = trace_of(g, "hbv", HBV_AWAITING_DNA)
    dot = flow_dot(g, "hbv", trace)
    nodes, edges = statements(dot)
    waiting = nodes["hbv.hbv_dna_core"]
    assert classes(waiting) == {"decision", "await"} and waiting["color"] == cs.AWAIT
    assert shown_text(f"? obtain: {g.facts['hbv_dna'].label.en}") in shown_text(waiting["label"])
    for outcome in ("hbv.carrier_prophylaxis", "hbv.active_contraindicated"):
        assert "still" in classes(nodes[outcome]) and "dashed" in nodes[outcome]["style"]
    assert "off" in classes(nodes["hbv.non_carrier"])
    assert "off" in classes(nodes["hbv.hbv_dna_surface"])
    assert edges[("hbv.anti_hbc", "hbv.hbv_dna_core")]["color"] == cs.PATH
    assert edges[("hbv.hbv_dna_core", "hbv.carrier_prophylaxis")]["style"] == "dashed"
    assert "Incomplete: obtain HBV-DNA" in dot.source.replace(g.facts["hbv_dna"].label.en,
                                                              "HBV-DNA")


def test_incomplete_tb_trace_waits_at_the_activity_question_in_chinese(g):
    # rec 7: a positive screen needs the assessment of active versus latent infection.
    trace = trace_of(g, "tb", {"tb_screen": "positive"})
    nodes, _ = statements(flow_dot(g, "tb", trace, "zh"))
    waiting = nodes["tb.tb_active"]
    assert "await" in classes(waiting)
    assert shown_text("？需获取：" + g.facts["tb_active"].label.zh) in shown_text(waiting["label"])
    assert "on" in classes(nodes["tb.chest_ct"])


# -- Chinese --------------------------------------------------------------------------------------

def test_chinese_chart_has_chinese_labels_and_a_cjk_font_everywhere(g):
    dot = flow_dot(g, "hbv", trace_of(g, "hbv", HBV_CORE_CARRIER), "zh")
    for attrs in (dot.graph_attr, dot.node_attr, dot.edge_attr):
        assert attrs["fontname"] == "Noto Sans CJK SC"
    source = dot.source
    assert g.flows["hbv"].title.zh in source
    assert g.verdict("proceed_with_precautions").label.zh in source
    assert "推荐意见6" in source and "图1" in source
    assert "Verdicts" not in source and "obtain" not in source


def test_wrapping_keeps_lines_short_in_both_languages():
    assert doctest.testmod(render.chart.style).failed == 0
    for text in ("Latent TB, preventive treatment completed: give inebilizumab",
                 "潜伏性结核已完成预防治疗：用药，加强监测"):
        lines = cs.wrap(text, 20)
        assert len(lines) > 1 and all(cs.columns(line) <= 20 for line in lines)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_label_text_is_escaped(g):
    assert cs.para("a < b & c > d", 40) == ["a &lt; b &amp; c &gt; d"]


# -- determinism and golden DOT -------------------------------------------------------------------

def test_dot_source_is_deterministic(g):
    trace = trace_of(g, "tb", TB_LATENT)
    assert flow_dot(g, "tb", trace, "zh").source == flow_dot(g, "tb", trace, "zh").source


@pytest.mark.parametrize("name, facts, lang", [
    pytest.param("hbv.en.dot", None, "en", id="rec6-fig1-en"),
    pytest.param("hbv.zh.awaiting-dna.dot", HBV_AWAITING_DNA, "zh", id="rec6-awaiting-dna-zh"),
])
def test_golden_dot(g, name, facts, lang):
    trace = trace_of(g, "hbv", facts) if facts is not None else None
    source = flow_dot(g, "hbv", trace, lang).source
    golden = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(source, encoding="utf-8")
    assert golden.read_text(encoding="utf-8") == source, (
        f"{golden} differs; if the change is intended, regenerate with "
        "UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/render/chart/test_flowchart.py")


# -- files ----------------------------------------------------------------------------------------

@pytest.mark.dot
def test_inline_svg_has_titles_ids_and_classes_and_no_prolog(g):
    svg = flow_svg(g, "hbv", trace_of(g, "hbv", HBV_CORE_CARRIER))
    assert svg.startswith("<svg") and "<?xml" not in svg and "<!DOCTYPE" not in svg
    assert "Generated by" not in svg
    root = ET.fromstring(svg)
    ns = {"s": "http://www.w3.org/2000/svg"}
    groups = {el.get("id"): el for el in root.iterfind(".//s:g", ns)}
    node = groups["hbv-carrier_prophylaxis"]
    assert node.find("s:title", ns).text == "hbv.carrier_prophylaxis"
    assert set(node.get("class").split()) >= {"node", "outcome", "on"}
    assert "hbv-hbsag-to-anti_hbc" in groups
    assert flow_svg(g, "hbv", standalone=True).startswith("<?xml")


@pytest.mark.dot
def test_svg_is_deterministic(g):
    assert flow_svg(g, "tb", lang="zh") == flow_svg(g, "tb", lang="zh")


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.mark.dot
@pytest.mark.parametrize("fmt, magic", [("svg", b"<?xml"), ("pdf", b"%PDF"),
                                        ("png", b"\x89PNG")])
def test_files_are_written(g, tmp_path, fmt, magic):
    out = tmp_path / f"hbv.{fmt}"
    render_file(g, "hbv", trace_of(g, "hbv", HBV_AWAITING_DNA), fmt, "en", out)
    data = out.read_bytes()
    assert len(data) > 1000 and data.startswith(magic)


@pytest.mark.dot
def test_png_is_readable_and_fits_a4_at_150_dpi(g, tmp_path):
    out = tmp_path / "tb.png"
    render_file(g, "tb", None, "png", "en", out)
    width, height = png_size(out.read_bytes())
    assert 500 <= width <= 7.8 * 150 and height <= 11.2 * 150


@pytest.mark.dot
@pytest.mark.poppler
def test_pdf_is_one_a4_page_per_chart_with_chinese_in_its_text_layer(g, tmp_path):
    out = tmp_path / "hbv-zh.pdf"
    render_file(g, "hbv", trace_of(g, "hbv", HBV_CORE_CARRIER), "pdf", "zh", out)
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True)
    assert re.search(rf"Pages:\s+{len(chart_parts(g, 'hbv', 'zh'))}\b", info.stdout)
    assert re.search(r"Page size:\s+595(\.\d+)? x 842", info.stdout)
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = re.sub(r"\s+", "", text)
    assert g.flows["hbv"].title.zh in flat
    assert g.verdict("proceed_with_precautions").label.zh in flat
    assert "推荐意见6" in flat


@pytest.mark.dot
@pytest.mark.poppler
@pytest.mark.parametrize("flow_id, page", [
    pytest.param("tb", "595 x 842", id="rec7-fig2-portrait"),
    pytest.param("switching", "842 x 595", id="rec17-20-wide-overview-landscape"),
])
def test_pdf_turns_to_landscape_only_for_wide_flows(g, tmp_path, flow_id, page):
    out = tmp_path / f"{flow_id}.pdf"
    render_file(g, flow_id, None, "pdf", "en", out)
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True)
    assert re.search(rf"Page size:\s+{page} pts", info.stdout), info.stdout


def test_zoom_prefers_the_orientation_that_prints_larger():
    assert cs.zoom(400, 500, landscape=False) == 1.0
    assert cs.zoom(1600, 900, landscape=True) > cs.zoom(1600, 900, landscape=False)
    assert cs.zoom(500, 1000, landscape=False) > cs.zoom(500, 1000, landscape=True)


def test_unknown_format_is_a_usage_error(g, tmp_path):
    with pytest.raises(UsageError, match="unknown format 'gif'"):
        render_file(g, "hbv", None, "gif", "en", tmp_path / "x.gif")


# -- the command line -----------------------------------------------------------------------------

def run(capsys, *argv) -> tuple[int, str]:
    status = main(list(argv))
    err = capsys.readouterr().err
    return status, err


def one_line(err: str) -> str:
    assert err.endswith("\n") and err.count("\n") == 1, err
    return err


@pytest.mark.dot
def test_cli_renders_a_patient_chart_in_chinese(capsys, tmp_path):
    patient = tmp_path / "p.yaml"
    patient.write_text("facts: {hbsag: 阴性, anti_hbc: 阳性, hbv_dna: negative}\n",
                       encoding="utf-8")
    out = tmp_path / "hbv.png"
    status, err = run(capsys, "render", "hbv", "--patient", str(patient), "--format", "png",
                      "--lang", "zh", "-o", str(out))
    assert (status, err) == (0, "")
    png_size(out.read_bytes())


def test_cli_unknown_flow_suggests_the_nearest(capsys, tmp_path):
    status, err = run(capsys, "render", "tbb", "-o", str(tmp_path / "x.svg"))
    assert status == 2
    assert "unknown flow 'tbb'" in one_line(err) and "did you mean 'tb'" in err


@pytest.mark.parametrize("where, message", [
    pytest.param("missing/x.svg", "does not exist", id="no-folder"),
    pytest.param(".", "is a directory", id="a-directory"),
])
def test_cli_unwritable_output(capsys, tmp_path, where, message):
    status, err = run(capsys, "render", "hbv", "-o", str(tmp_path / where))
    assert status == 2 and message in one_line(err)


@pytest.mark.parametrize("body, message", [
    pytest.param("facts: {hbsag: maybe}\n", "hbsag", id="bad-value"),
    pytest.param("facts: [hbsag]\n", "facts", id="not-a-mapping"),
    pytest.param("facts: {hbsag: negative\n", "p.yaml", id="malformed-yaml"),
])
def test_cli_bad_patient_file(capsys, tmp_path, body, message):
    patient = tmp_path / "p.yaml"
    patient.write_text(body, encoding="utf-8")
    status, err = run(capsys, "render", "hbv", "--patient", str(patient),
                      "-o", str(tmp_path / "x.svg"))
    assert status == 2 and message in one_line(err)
    assert not (tmp_path / "x.svg").exists()


def test_cli_missing_patient_file(capsys, tmp_path):
    status, err = run(capsys, "render", "hbv", "--patient", str(tmp_path / "none.yaml"),
                      "-o", str(tmp_path / "x.svg"))
    assert status == 2 and "none.yaml" in one_line(err)


def test_cli_without_graphviz_says_to_install_it(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no `dot` here
    status, err = run(capsys, "render", "hbv", "-o", str(tmp_path / "x.svg"))
    assert status == 2 and "install Graphviz" in one_line(err)
    assert not (tmp_path / "x.svg").exists()
