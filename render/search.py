"""The site's offline search index: words for English, character n-grams for Chinese."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

# CJK ideographs (with extension A and compatibility ideographs); Chinese has no spaces, so
# it is indexed by single characters and the bigrams of each run of them.
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"[{_CJK}]+|[0-9a-z]+")
TITLE_WEIGHT = 3
# Pages a reader most often wants rank above glossary entries that share their words.
BOOST = {"flow": 2, "rec": 2, "question": 2, "drug": 2}


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
