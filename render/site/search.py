"""The site's offline search: one document per recommendation, flow, fact and named thing,
indexed by words in English and by characters and their bigrams in Chinese."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..output import write_in_build
from .model import SiteModel, entry_path, key_of, text_of
from .pages import glossary_nodes
from .phrases import tidy

# CJK ideographs (with extension A and compatibility ideographs); Chinese has no spaces, so
# it is indexed by single characters and the bigrams of each run of them.
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"[{_CJK}]+|[0-9a-z]+")
TITLE_WEIGHT = 3
# Pages a reader most often wants rank above glossary entries that share their words.
BOOST = {"flow": 2, "rec": 2, "question": 2, "drug": 2}
SEARCHED_KINDS = ("question", "rec", "flow", "fact", "drug", "test", "trial")


@dataclass(frozen=True)
class Doc:
    """One searchable page (or part of a page) in one language."""

    kind: str  # rec, flow, fact, drug, test, trial, question
    title: str
    text: str
    url: str  # relative to the language's root


def tokens(text: str) -> list[str]:
    """Index terms of ``text``: lower-case words, and Chinese characters plus their bigrams.

    >>> tokens("Rituximab 利妥昔单抗")
    ['rituximab', '利', '妥', '昔', '单', '抗', '利妥', '妥昔', '昔单', '单抗']
    """
    out: list[str] = []
    for run in _RUN.findall(text.lower()):
        if re.match(f"[{_CJK}]", run):
            out += list(run) + [run[i:i + 2] for i in range(len(run) - 1)]
        else:
            out.append(run)
    return out


def build_index(docs: list[Doc]) -> dict:
    """``{"docs": [[kind, title, url]...], "terms": {term: [[doc, weight]...]}}``, sorted.

    A term in the title weighs ``TITLE_WEIGHT``, elsewhere 1, times the kind's ``BOOST``;
    each term counts once per doc.
    """
    terms: dict[str, dict[int, int]] = {}
    for i, doc in enumerate(docs):
        title = set(tokens(doc.title))
        boost = BOOST.get(doc.kind, 1)
        for term in title | set(tokens(doc.text)):
            terms.setdefault(term, {})[i] = (TITLE_WEIGHT if term in title else 1) * boost
    return {"docs": [[d.kind, d.title, d.url] for d in docs],
            "terms": {t: sorted(hits.items()) for t, hits in sorted(terms.items())}}


def index_json(index: dict) -> str:
    """The index as compact, deterministic JSON text."""
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def index_script(index: dict, name: str = "NMOSD_SEARCH") -> str:
    """The index as a script (``file://`` pages cannot fetch JSON, but can load scripts)."""
    return f"window.{name} = {index_json(index)};\n"


def search_docs(m: SiteModel, lang: str) -> list[Doc]:
    """The searchable entries in ``lang``, in the order the search page lists them."""
    docs = []
    for kind in SEARCHED_KINDS:
        nodes = glossary_nodes(m) if kind == "fact" else m.of_kind(kind)
        docs += [Doc(kind, tidy(_title(m, n, lang), lang), tidy(_body(m, n, lang), lang),
                     entry_path(n)) for n in nodes]
    return docs


def _title(m: SiteModel, node: str, lang: str) -> str:
    if node.startswith("fact:"):
        return m.g.facts[key_of(node)].label.get(lang)
    return m.label(node).get(lang)


def _body(m: SiteModel, node: str, lang: str) -> str:
    """The words a document is found by, besides its title."""
    kind = node.split(":", 1)[0]
    if kind == "fact":
        return _fact_body(m, key_of(node), lang)
    data = m.data(node)
    parts = [text_of(data[k]).get(lang) for k in ("summary", "note", "class", "disease",
                                                   "design") if data.get(k)]
    parts += [str(data[k]) for k in ("aliases", "phase") if data.get(k)]
    if kind == "rec":
        parts += [m.label(n).get(lang) for k in m.entity_kinds() for n in m.after(node, k)]
    if kind == "flow":
        parts += _flow_words(m, node, lang)
    if kind == "question":
        parts += [m.label(r).get(lang) for r in m.after(node, "rec")]
    if kind != "trial":
        parts.append(key_of(node).replace("_", " "))
    return " ".join(p for p in parts if p)


def _flow_words(m: SiteModel, node: str, lang: str) -> list[str]:
    flow = m.flow(node)
    parts = [flow.summary.get(lang), flow.id.replace("_", " ")]
    parts += [d["label"].get(lang) for _, d in flow.graph.nodes(data=True)]
    parts += [a.text.get(lang) for _, d in flow.graph.nodes(data=True)
              for a in d.get("actions", ())]
    return parts


def _fact_body(m: SiteModel, name: str, lang: str) -> str:
    fact = m.g.facts[name]
    parts = [fact.description.get(lang), name.replace("_", " "), fact.unit or ""]
    parts += [v.label.get(lang) for v in fact.values]
    return " ".join(p for p in parts if p)


def snippet(doc: Doc, limit: int = 140) -> str:
    """The start of a document's text, cut at a word (or character, in Chinese) boundary."""
    text = " ".join(doc.text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    if " " in cut[limit // 2:]:
        cut = cut[:cut.rindex(" ")]
    return cut.rstrip(",.;:，。；：") + "…"


def write_search_indexes(docs: dict[str, list[Doc]], out: Path) -> None:
    """``<lang>/search-index.json`` (the index) and ``.js`` (the same, loadable from file://)."""
    for lang, lang_docs in sorted(docs.items()):
        index = build_index(lang_docs)
        folder = out / lang
        write_in_build(folder / "search-index.json", index_json(index) + "\n")
        write_in_build(folder / "search-index.js", index_script(index))
