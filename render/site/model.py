"""What the site shows, read from the knowledge graph: entries, where they live, how they link."""

from __future__ import annotations

from functools import lru_cache

import networkx as nx

from graph import Guideline, Text

from .lexicon import rec_headings

# Kinds with a page each; the others are entries on an index page, reached by an anchor.
PAGE_DIRS = {"question": "questions", "rec": "recommendations", "flow": "flows"}
INDEX_DIRS = {"fact": "facts", "drug": "drugs", "test": "tests", "trial": "trials",
              "ref": "references"}


def entry_path(node: str) -> str:
    """Where a knowledge-graph node is shown, relative to a language's root.

    >>> entry_path("rec:19"), entry_path("drug:rituximab")
    ('recommendations/19.html', 'drugs/index.html#drug-rituximab')
    """
    kind, key = node.split(":", 1)
    if kind in PAGE_DIRS:
        return f"{PAGE_DIRS[kind]}/{key}.html"
    return f"{INDEX_DIRS[kind]}/index.html#{anchor(node)}"


def anchor(node: str) -> str:
    """The HTML id of an entry on an index page: ``drug-rituximab``."""
    kind, key = node.split(":", 1)
    return f"{kind}-{key}"


def key_of(node: str) -> str:
    return node.split(":", 1)[1]


def text_of(value) -> Text:
    """A knowledge-graph label (``{"en", "zh"}``), a Text or a plain string, as a Text."""
    if isinstance(value, Text):
        return value
    if isinstance(value, dict):
        return Text(value.get("en", ""), value.get("zh", ""))
    return Text(str(value or ""), str(value or ""))


class SiteModel:
    """The guideline, its knowledge graph and the orders the site lists things in."""

    def __init__(self, g: Guideline, kg: nx.DiGraph):
        self.g, self.kg = g, kg
        self._flow_rank = {f: self._first_rec(f) for f in self.of_kind("flow", ordered=False)}

    def of_kind(self, kind: str, ordered: bool = True) -> list[str]:
        """Every node of ``kind``, in reading order."""
        nodes = [n for n, d in self.kg.nodes(data=True) if d["kind"] == kind]
        return sorted(nodes, key=self.sort_key) if ordered else nodes

    def sort_key(self, node: str):
        data = self.kg.nodes[node]
        if "number" in data:
            return (0, data["number"], "")
        if data["kind"] == "flow":
            return (1, self._flow_rank.get(node, 999), key_of(node))
        return (2, 0, text_of(data.get("label")).en.casefold() + "\0" + key_of(node))

    def _first_rec(self, flow: str) -> int:
        numbers = [self.kg.nodes[r]["number"] for r in self.kg.predecessors(flow)]
        return min(numbers, default=999)

    def after(self, node: str, kind: str) -> list[str]:
        """Nodes of ``kind`` this node points to (a question's recs, a rec's flows...)."""
        return sorted((n for n in self.kg.successors(node) if self.kind(n) == kind),
                      key=self.sort_key)

    def before(self, node: str, kind: str) -> list[str]:
        """Nodes of ``kind`` pointing to this node (a flow's recs, a drug's recs...)."""
        return sorted((n for n in self.kg.predecessors(node) if self.kind(n) == kind),
                      key=self.sort_key)

    def kind(self, node: str) -> str:
        return self.kg.nodes[node]["kind"]

    def has(self, node: str) -> bool:
        return node in self.kg

    def data(self, node: str) -> dict:
        return self.kg.nodes[node]

    def label(self, node: str) -> Text:
        """What an entry is called on the site: a recommendation with its heading
        ("Recommendation 19 — switching from anti-CD20 therapy"), a fact by its label."""
        data = self.kg.nodes[node]
        if data["kind"] == "rec" and data["number"] in rec_headings():
            n, h = data["number"], rec_headings()[data["number"]]
            return Text(f"Recommendation {n} — {h.en}", f"推荐意见{n}：{h.zh}")
        return text_of(data.get("label"))

    def short(self, node: str) -> Text:
        """A recommendation as a search result names it: "Rec 19 — switching ..."."""
        data = self.kg.nodes[node]
        if data["kind"] == "rec" and data["number"] in rec_headings():
            n, h = data["number"], rec_headings()[data["number"]]
            return Text(f"Rec {n} — {h.en}", f"推荐意见{n}：{h.zh}")
        return self.label(node)

    def listed(self, nodes: list[str], lang: str) -> list[str]:
        """Named entries (facts, drugs, tests, trials) in the order a reader of ``lang``
        looks for them: alphabetically, Chinese by pinyin (tone by tone), not by English."""
        if lang != "zh":
            return sorted(nodes, key=lambda n: (self._name(n).en.casefold(), key_of(n)))
        return sorted(nodes, key=lambda n: (pinyin_key(self._name(n).zh), key_of(n)))

    def _name(self, node: str) -> Text:
        if node.startswith("fact:"):
            return self.g.facts[key_of(node)].label
        return self.label(node)

    def text(self, node: str, key: str) -> Text | None:
        value = self.kg.nodes[node].get(key)
        return None if value in (None, "") else text_of(value)

    def edge(self, a: str, b: str) -> dict:
        return self.kg.edges[a, b]

    def flow(self, node: str):
        return self.g.flows[key_of(node)]

    def fact(self, node: str):
        return self.g.facts[key_of(node)]

    def flows_of(self, flow_kind: str) -> list[str]:
        """Flow nodes of a flow kind (screening, situational, plan), in reading order."""
        return [n for n in self.of_kind("flow") if self.flow(n).kind == flow_kind]

    def numbers(self, nodes: list[str]) -> list[int]:
        """The numbers of question or recommendation nodes."""
        return [self.kg.nodes[n]["number"] for n in nodes]

    def entity_kinds(self) -> list[str]:
        """Kinds of named things (drugs, tests, trials...) present in the graph."""
        present = {d["kind"] for _, d in self.kg.nodes(data=True)}
        return [k for k in ("drug", "test", "trial") if k in present]


@lru_cache(maxsize=4096)
def pinyin_key(text: str) -> tuple[str, ...]:
    """``text`` as pinyin syllables with tone numbers, for sorting Chinese entries the way a
    Chinese index does (Latin letters and digits stay as they are, case ignored).

    >>> pinyin_key("乙肝表面抗原(HBsAg)")
    ('yi3', 'gan1', 'biao3', 'mian4', 'kang4', 'yuan2', '(hbsag)')
    """
    from pypinyin import Style, lazy_pinyin

    return tuple(s.casefold() for s in lazy_pinyin(text, style=Style.TONE3,
                                                   neutral_tone_with_five=True))
