"""Site details a clinician sees (issue 12): the patient-data page in clinicians' words and
Chinese lists in pinyin order, the references page and the source cited on every page."""

from __future__ import annotations

import re
from html import unescape

import pytest
from pypinyin import Style, lazy_pinyin

from flows import guideline

NAV = {"en": "Patient data", "zh": "患者资料"}
# The source's header (/work/shared/source): the panel, the titles in both languages, the year.
CITE = {"en": ("Delphi Expert Panel for the Appropriate Use of Inebilizumab",
               "Expert Recommendations for the Appropriate Use of Inebilizumab in Neuromyelitis Optica Spectrum Disorder"  # noqa: E501
               " (2024)"),
        "zh": ("伊奈利珠单抗临床实践DELPHI专家组",
               "伊奈利珠单抗治疗视神经脊髓炎谱系疾病临床实践专家建议(2024)")}


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def read(site, lang, rel):
    return (site / lang / rel).read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_navigation_names_patient_data_for_clinicians(site, lang):
    nav = read(site, lang, "index.html")
    nav = nav[nav.index('class="site-nav"'):]
    nav = text_of(nav[:nav.index("</nav>")])
    assert NAV[lang] in nav and "Facts" not in nav and "词汇表" not in nav


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_patient_data_shows_labels_not_internal_names(site, lang):
    """Internal names (tb_active) and true/false appear only folded away, in the part that
    tells how a patient file for the command line spells them."""
    html = read(site, lang, "facts/index.html")
    shown = re.sub(r"<details.*?</details>", "", html, flags=re.S)
    main = text_of(shown[shown.index("<main"):shown.index("</main>")])
    for name in guideline().facts:
        if "_" in name:
            assert name not in main, name
    assert not re.search(r"\b(true|false)\b", main)
    assert html.count("<details") == len(guideline().facts)


def _dt_labels(html: str) -> list[str]:
    return [text_of(t) for t in re.findall(r'<dt id="[a-z]+-[^"]+">(.*?)</dt>', html, re.S)]


@pytest.mark.parametrize("rel", ["facts/index.html", "drugs/index.html", "tests/index.html"])
def test_chinese_lists_are_in_pinyin_order(site, rel):
    labels = _dt_labels(read(site, "zh", rel))
    keys = [[s.casefold() for s in lazy_pinyin(x, style=Style.TONE3,
                                               neutral_tone_with_five=True)] for x in labels]
    assert len(labels) > 5 and keys == sorted(keys), labels
    english = _dt_labels(read(site, "en", rel))
    assert [x.casefold() for x in english] == sorted(x.casefold() for x in english)


@pytest.mark.parametrize("lang, says", [("en", "original article"), ("zh", "原文")])
def test_references_page_says_the_numbers_are_the_original_articles(site, lang, says):
    page = text_of(read(site, lang, "references/index.html"))
    assert says in page and CITE[lang][1] in page


def test_every_page_footer_cites_the_source_in_both_languages(site):
    missing = []
    for lang in ("en", "zh"):
        for path in (site / lang).rglob("*.html"):
            html = path.read_text(encoding="utf-8")
            footer = text_of(html[html.index('<footer class="site-footer">'):])
            if not all(part in footer for c in CITE.values() for part in c):
                missing.append(str(path.relative_to(site)))
    assert not missing, missing[:10]
