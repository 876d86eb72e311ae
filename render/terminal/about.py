"""`nmosd-flow about TERM`: what the knowledge graph knows about a word, as terminal text."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the knowledge graph loads only when `about` runs
    import networkx as nx

    from graph.knowledge import About

HEADINGS = {
    "en": ("Matches", "Recommendations", "Flows", "Facts", "none", "rec"),
    "zh": ("匹配", "推荐意见", "流程", "事实", "无", "推荐意见"),
}


def about_text(kg: nx.DiGraph, result: About, lang: str = "en") -> str:
    """Matched nodes, then the recommendations, flows and facts concerning the term."""
    from graph.knowledge import node_id

    matches, recs, flows, facts, none, rec = HEADINGS[lang]
    lines = [f"{matches} {result.term!r}:"]
    lines += [f"  {n}  {_label(kg, n, lang)}" for n in result.matches]
    lines.append(f"{recs}:")
    for n in result.recommendations:
        data = kg.nodes[node_id("rec", n)]
        lines.append(f"  {n:>2}  (Q{data['question']}) {data['summary'][lang]}")
    lines.append(f"{flows}:")
    for f in result.flows:
        cited = sorted(kg.nodes[r]["number"] for r in kg.predecessors(node_id("flow", f))
                       if kg.nodes[r]["kind"] == "rec")
        numbers = ", ".join(str(n) for n in cited if n in result.recommendations)
        lines.append(f"  {f}  {_label(kg, node_id('flow', f), lang)}"
                     + (f"  ({rec} {numbers})" if numbers else ""))
    lines.append(f"{facts}:")
    lines += [f"  {f}  {_label(kg, node_id('fact', f), lang)}" for f in result.facts]
    return _mark_empty(lines, (recs, flows, facts), none)


def _label(kg: nx.DiGraph, node: str, lang: str) -> str:
    return (kg.nodes[node].get("label") or {}).get(lang, "")


def _mark_empty(lines: list[str], headings, none: str) -> str:
    """Write ``(none)`` under a heading with nothing listed."""
    out = []
    for i, line in enumerate(lines):
        out.append(line)
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if line.rstrip(":") in headings and not nxt.startswith("  "):
            out.append(f"  ({none})")
    return "\n".join(out) + "\n"
