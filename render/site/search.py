"""The site's offline search index: one document per flow, recommendation, question, named
thing and fact, with its text in both languages, and the synonyms, stop words and weights the
ranking (``query.rank`` in Python, ``static/search.js`` in the browser) uses."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from graph import Text

from ..output import write_in_build
from .lexicon import synonym_groups
from .model import SiteModel, entry_path, key_of, text_of
from .pages import glossary_nodes
from .phrases import tidy
from .query import phrase, snippet

# Documents are listed (and ties broken) in this order: what a reader most often wants first.
SEARCHED_KINDS = ("flow", "rec", "question", "drug", "test", "trial", "fact")
# A term found in the title outweighs one in the body; whole words outweigh prefixes.
# Between them, the names of what an entry is about (the facts a flow asks and their answers,
# the drugs and tests a recommendation names).
WEIGHTS = {"title": 10, "title_prefix": 6, "about": 5, "about_prefix": 3, "body": 3,
           "body_prefix": 1}
# A document's score is multiplied by its kind's weight: flows and recommendations are what a
# query is usually about; a glossary entry sharing a word with them comes after.
KIND_WEIGHTS = {"flow": 4, "rec": 3, "question": 2, "drug": 2, "test": 2, "trial": 2, "fact": 1}
STOP_WORDS = ("a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "for",
              "from", "how", "in", "is", "it", "its", "may", "of", "on", "or", "should", "the",
              "to", "what", "when", "which", "who", "with",
              "的", "和", "与", "及", "或", "吗", "呢", "如何", "怎么", "什么", "是否", "能否", "可以")
SNIPPET = {"en": 160, "zh": 64}  # characters of page text shown under a result
SEP = " · "


@dataclass(frozen=True)
class Doc:
    """One searchable entry in one language: what it is, its title and text in this language
    (shown) and in the other (searched too), words it is also found by as if in its title
    (aliases, internal names) and the names of what it is about (both languages)."""

    kind: str  # flow, rec, question, drug, test, trial, fact
    title: str
    url: str  # relative to the language's root
    other_title: str = ""
    text: str = ""
    other_text: str = ""
    keys: str = ""
    about: str = ""

    def row(self) -> list[str]:
        return [self.kind, self.title, self.url, self.other_title, self.text, self.other_text,
                self.keys, self.about]


def search_docs(m: SiteModel, lang: str) -> list[Doc]:
    """The searchable entries in ``lang``, in the order the search page lists them."""
    other = "en" if lang == "zh" else "zh"
    docs = []
    for kind in SEARCHED_KINDS:
        nodes = glossary_nodes(m) if kind == "fact" else m.of_kind(kind)
        if kind in ("fact", "drug", "test", "trial"):
            nodes = m.listed(nodes, lang)
        for n in nodes:
            title, text = _title(m, n), _text(m, n)
            docs.append(Doc(kind, tidy(title.get(lang), lang), entry_path(n),
                            tidy(title.get(other), other), tidy(text.get(lang), lang),
                            tidy(text.get(other), other), _keys(m, n), _about(m, n)))
    return docs


def _title(m: SiteModel, node: str):
    if node.startswith("fact:"):
        return m.g.facts[key_of(node)].label
    return m.short(node)


def _join(parts, lang: str) -> str:
    return SEP.join(p.get(lang) for p in parts if p and p.get(lang))


def _text(m: SiteModel, node: str):
    """The page's words a document is found by and quoted from, besides its title."""
    kind = node.split(":", 1)[0]
    if kind == "fact":
        fact = m.g.facts[key_of(node)]
        parts = [fact.description, *(v.label for v in fact.values)]
    elif kind == "flow":
        flow = m.flow(node)
        nodes = [d for _, d in flow.graph.nodes(data=True)]
        parts = [flow.summary, *(d["label"] for d in nodes),
                 *(a.text for d in nodes for a in d.get("actions", ()))]
    else:
        data = m.data(node)
        parts = [text_of(data[k]) for k in ("summary", "class", "disease", "design", "note")
                 if data.get(k)]
    return Text(_join(parts, "en"), _join(parts, "zh"))


def _about(m: SiteModel, node: str) -> str:
    """The names of what an entry is about: a flow's facts and their answers, the drugs,
    tests and trials a recommendation names, a question's recommendations."""
    kind = node.split(":", 1)[0]
    if kind == "flow":
        facts = [m.fact(f) for f in m.after(node, "fact")]
        parts = [f.label for f in facts] + [v.label for f in facts for v in f.values]
    elif kind == "rec":
        parts = [m.label(n) for k in m.entity_kinds() for n in m.after(node, k)]
    elif kind == "question":
        parts = [m.label(r) for r in m.after(node, "rec")]
    else:
        return ""
    return " ".join(p.en + " " + p.zh for p in parts)


def _keys(m: SiteModel, node: str) -> str:
    """Words not shown under the result that still find it: aliases, internal names."""
    kind = node.split(":", 1)[0]
    if kind == "fact":
        return key_of(node).replace("_", " ")
    data = m.data(node)
    keys = [str(a) for a in data.get("aliases") or ()]
    if data.get("phase"):
        keys.append(str(data["phase"]))
    if kind in ("flow", "drug", "test"):
        keys.append(key_of(node).replace("_", " "))
    return " ".join(keys)


def plain_snippet(doc: Doc, lang: str) -> str:
    """The start of a document's text, as the search page shows it before any query."""
    return "".join(text for text, _ in snippet(doc.text, None, SNIPPET[lang]))


def build_index(docs: list[Doc], snippet: int = SNIPPET["en"]) -> dict:
    """The index search.js loads: the documents as rows (see ``Doc.row``), synonym groups
    folded as the search folds text, the phrases to look for in the order they are claimed
    (longest first), stop words, weights and the length of a snippet.
    """
    groups = [sorted(dict.fromkeys(phrase(w) for w in group if phrase(w)))
              for group in synonym_groups()]
    claims = sorted(((p, i) for i, group in enumerate(groups) for p in group),
                    key=lambda pi: (-len(pi[0]), pi[0], pi[1]))
    return {"docs": [d.row() for d in docs], "groups": groups,
            "synonyms": [[p, i] for p, i in claims],
            "stop": sorted({phrase(w) for w in STOP_WORDS}),
            "weights": WEIGHTS, "kinds": KIND_WEIGHTS, "snippet": snippet}


def index_json(index: dict) -> str:
    """The index as compact, deterministic JSON text."""
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def index_script(index: dict, name: str = "NMOSD_SEARCH") -> str:
    """The index as a script (``file://`` pages cannot fetch JSON, but can load scripts)."""
    return f"window.{name} = {index_json(index)};\n"


def write_search_indexes(docs: dict[str, list[Doc]], out: Path) -> None:
    """``<lang>/search-index.json`` (the index) and ``.js`` (the same, loadable from file://)."""
    for lang, lang_docs in sorted(docs.items()):
        index = build_index(lang_docs, SNIPPET[lang])
        folder = out / lang
        write_in_build(folder / "search-index.json", index_json(index) + "\n")
        write_in_build(folder / "search-index.js", index_script(index))
