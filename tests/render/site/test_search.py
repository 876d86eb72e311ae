"""The site's search ranking (render/site/query.py, mirrored by static/search.js), checked on
the table of queries in search_table.py: each row's expected first result was chosen by
reading the recommendation it names. The browser half is in test_site_browser.py."""

from __future__ import annotations

import pytest

from flows import guideline
from flows.content import knowledge
from render.site import query
from render.site.lexicon import rec_headings, synonym_groups
from render.site.model import SiteModel
from render.site.search import SNIPPET, build_index, search_docs

from .search_table import QUERIES

LANGS = ("en", "zh")


@pytest.fixture(scope="module")
def indexes():
    m = SiteModel(guideline(), knowledge())
    built = {lang: build_index(search_docs(m, lang), SNIPPET[lang]) for lang in LANGS}
    return {lang: (index, query.prepare(index)) for lang, index in built.items()}


def first(indexes, lang: str, q: str) -> str | None:
    index, prepared = indexes[lang]
    found = query.rank(index, q, prepared)
    return index["docs"][found[0]][2] if found else None


def test_the_table_is_big_enough_and_uses_both_languages():
    cjk = [q for q, _, _ in QUERIES if any("\u4e00" <= ch <= "\u9fff" for ch in q)]
    assert len(QUERIES) >= 25 and len(cjk) >= 10 and len(QUERIES) - len(cjk) >= 10


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("q, expected, why", QUERIES, ids=[q for q, _, _ in QUERIES])
def test_the_entry_about_the_query_comes_first(indexes, lang, q, expected, why):
    assert first(indexes, lang, q) == expected, why


@pytest.mark.parametrize("lang", LANGS)
def test_hepatitis_b_never_ranks_hepatitis_c_first(indexes, lang):
    """The issue's case: "b" matched "before" and ranked HCV screening (rec 5) above HBV
    (rec 6). The letter joins "hepatitis" as one phrase; HCV pages do not match at all."""
    index, prepared = indexes[lang]
    urls = [index["docs"][i][2] for i in query.rank(index, "hepatitis b screening", prepared)]
    assert urls[0] == "flows/hbv.html" and "flows/hcv.html" not in urls


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("q", ["b", "B", "a", "x 1"])
def test_one_letter_words_never_match_alone(indexes, lang, q):
    index, prepared = indexes[lang]
    assert query.rank(index, q, prepared) in ([], None)


@pytest.mark.parametrize("lang", LANGS)
def test_stop_words_are_left_out_but_a_query_of_only_them_still_searches(indexes, lang):
    assert first(indexes, lang, "what is the PML flow?") == "flows/pml.html"
    index, prepared = indexes[lang]
    assert query.rank(index, "", prepared) is None  # nothing to search: every entry is listed


def test_recommendations_are_titled_by_what_they_are_about(indexes):
    """Results name the recommendation and its subject, not "Recommendation 19" alone."""
    titles = {lang: {d[2]: d[1] for d in indexes[lang][0]["docs"]} for lang in LANGS}
    assert titles["en"]["recommendations/19.html"].startswith(
        "Rec 19 — switching from anti-CD20 therapy")
    assert titles["zh"]["recommendations/19.html"].startswith("推荐意见19：由抗CD20治疗")
    assert sorted(rec_headings()) == list(range(1, 31))  # one heading per recommendation
    for lang in LANGS:
        recs = [t for u, t in titles[lang].items() if u.startswith("recommendations/")]
        assert len(recs) == 30 and all(("—" in t) or ("：" in t) for t in recs)


@pytest.mark.parametrize("lang, q, marked", [
    ("en", "hepatitis b", {"hepatitis b", "hbv"}),
    ("en", "乙肝", {"hepatitis b", "hbv"}),   # a Chinese query marks the English it stands for
    ("zh", "HBV", {"乙型肝炎", "乙肝", "hbv"}),
    ("zh", "tuberculosis", {"结核", "结核病"}),
])
def test_snippets_quote_the_page_text_with_the_match_marked(indexes, lang, q, marked):
    index, prepared = indexes[lang]
    i = query.rank(index, q, prepared)[0]
    terms = query.parse(q, index, prepared["corpus"])
    pieces = query.snippet(index["docs"][i][4], terms, index["snippet"])
    assert "".join(s for s, _ in pieces).strip("…") in index["docs"][i][4]  # page text
    assert any(m for _, m in pieces), pieces
    assert {query.phrase(s) for s, m in pieces if m} <= marked, pieces


def test_synonym_groups_are_data_in_both_languages():
    groups = [set(g) for g in synonym_groups()]

    def group_of(word):
        return next(g for g in groups if word in g)

    assert {"hepatitis b", "hbv", "乙肝", "乙型肝炎"} <= group_of("hbv")
    assert {"tuberculosis", "tb", "结核"} <= group_of("tb")
    assert {"pml", "progressive multifocal leukoencephalopathy"} <= group_of("pml")
    assert {"pcp", "肺孢子菌"} <= group_of("pcp")
    words = [w for g in groups for w in g]
    assert len(words) == len(set(words)), "a word in two groups"
