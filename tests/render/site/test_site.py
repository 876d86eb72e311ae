"""The static site as files: every link and anchor resolves, nothing leaves the page, both
languages mirror each other, the HTML is navigable, and builds are reproducible."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from flows import guideline
from flows.content import content
from render.cli import main
from render.site import build_site

SVG = re.compile(r"<svg\b.*?</svg>", re.S)
SVG_ID = re.compile(r'\bid="([^"]*)"')
EXTERNAL = re.compile(r"https?://|(?:href|src|action)\s*=\s*[\"']?//|url\(\s*[\"']?//", re.I)


def build_without_date(out: Path):
    saved = os.environ.pop("SOURCE_DATE_EPOCH", None)
    try:
        return build_site(out)
    finally:
        if saved is not None:
            os.environ["SOURCE_DATE_EPOCH"] = saved


class Page(HTMLParser):
    """What the tests need from one HTML page: links, ids, landmarks, language."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.ids: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        # Inline charts are big and hold no links: only their ids are collected, by pattern.
        for svg in SVG.findall(text):
            self.ids += [html.unescape(i) for i in SVG_ID.findall(svg)]
        self.feed(SVG.sub("<svg></svg>", text))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if "id" in attrs:
            self.ids.append(attrs["id"])
        for name in ("href", "src", "action", "xlink:href"):
            if attrs.get(name) is not None:
                self.links.append((tag, name, attrs[name]))

    def first(self, tag: str, **match) -> dict | None:
        return next((a for t, a in self.tags if t == tag and all(a.get(k) == v
                                                                   for k, v in match.items())),
                    None)


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@pytest.fixture(scope="session")
def parsed(site) -> dict[Path, Page]:
    return {p: Page(p.read_text(encoding="utf-8")) for p in html_files(site)}


def test_every_entry_has_its_page_in_both_languages(site):
    g, c = guideline(), content()
    expected = ["index.html", "search.html", "facts/index.html", "drugs/index.html",
                "tests/index.html", "trials/index.html"]
    expected += [f"questions/{n}.html" for n in c.questions]
    expected += [f"recommendations/{n}.html" for n in c.recommendations]
    expected += [f"flows/{f}.html" for f in g.flows]
    expected += [f"flows/{f}/step/index.html" for f in g.flows]
    for lang in ("en", "zh"):
        missing = [p for p in expected if not (site / lang / p).is_file()]
        assert not missing, f"{lang}: missing {missing}"
    assert (site / "index.html").is_file()
    assert len(c.recommendations) == 30 and len(c.questions) == 10


def test_glossary_and_indexes_have_an_entry_for_everything(parsed, site):
    g, c = guideline(), content()
    for lang in ("en", "zh"):
        glossary = parsed[site / lang / "facts" / "index.html"].ids
        assert {f"fact-{name}" for name in g.facts} <= set(glossary)
        for kind, folder in (("drug", "drugs"), ("test", "tests"), ("trial", "trials")):
            ids = set(parsed[site / lang / folder / "index.html"].ids)
            assert {f"{kind}-{key}" for key in c.entities[kind]} <= ids


def test_every_internal_link_and_anchor_resolves(parsed, site):
    broken = []
    for path, page in parsed.items():
        for _tag, _attr, value in page.links:
            parts = urlsplit(value)
            if parts.scheme or parts.netloc or value.startswith("//"):
                broken.append(f"{path.relative_to(site)}: external {value}")
                continue
            target = path if not parts.path else (path.parent / unquote(parts.path)).resolve()
            if not target.is_file():
                broken.append(f"{path.relative_to(site)}: {value} (no such file)")
            elif parts.fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else []
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{path.relative_to(site)}: {value} (no such anchor)")
    assert not broken, "\n".join(broken[:20])


def test_no_page_shows_python_internals(site):
    leaks = re.compile(r"object at 0x|built-in method|Undefined|Traceback|>\s*None\s*<|=\"None\"")
    found = [f"{p.relative_to(site)}: {m.group(0)}" for p in html_files(site)
             for m in leaks.finditer(p.read_text(encoding="utf-8"))]
    assert not found, found[:10]


def test_no_request_can_leave_the_site(site):
    files = [p for p in site.rglob("*") if p.suffix in (".html", ".css", ".js", ".json")]
    assert any(p.suffix == ".css" for p in files) and any(p.suffix == ".js" for p in files)
    found = [f"{p.relative_to(site)}: {m.group(0)}" for p in files
             for m in EXTERNAL.finditer(p.read_text(encoding="utf-8"))]
    assert not found, found[:10]


def test_language_switch_keeps_the_page_and_languages_are_marked(parsed, site):
    for lang, other, attr, other_attr in (("en", "zh", "en", "zh-Hans"),
                                          ("zh", "en", "zh-Hans", "en")):
        for path in (p for p in parsed if p.is_relative_to(site / lang)):
            page = parsed[path]
            rel = path.relative_to(site / lang)
            assert page.first("html")["lang"] == attr, rel
            switch = page.first("a", **{"class": "lang-switch"})
            assert switch["hreflang"] == other_attr and switch["lang"] == other_attr, rel
            target = (path.parent / unquote(switch["href"])).resolve()
            assert target == (site / other / rel).resolve(), rel
            alternate = page.first("link", rel="alternate", hreflang=other_attr)
            assert alternate and alternate["href"] == switch["href"], rel


def test_pages_are_navigable_by_keyboard_and_landmarks(parsed, site):
    for path, page in parsed.items():
        if path == site / "index.html":
            continue
        rel = path.relative_to(site)
        tags = [t for t, _ in page.tags]
        assert tags.count("h1") == 1, rel
        assert page.first("main", id="main") is not None, rel
        skip = page.first("a", **{"class": "skip-link"})
        assert skip and skip["href"] == "#main", rel
        assert "nav" in tags and page.first("form", role="search") is not None, rel
        assert len(page.ids) == len(set(page.ids)), f"{rel}: duplicate ids"


def test_every_chart_node_has_a_readable_title(site):
    text = (site / "en" / "flows" / "hbv.html").read_text(encoding="utf-8")
    svg = text[text.index("<svg"):text.rindex("</svg>")]  # every chart of the flow
    nodes = re.findall(r'<g id="([^"]+)" class="node[^"]*">\s*<title>([^<]*)</title>', svg)
    flow = guideline().flows["hbv"]
    assert len(nodes) >= len(flow.graph)
    titles = dict(nodes)
    assert titles["hbv&#45;hbsag"] == "HBsAg result?"
    assert "xmlns" not in svg


def test_templates_escape_what_they_show(site):
    # Interval labels carry "<": they must reach the page escaped, never as markup.
    page = site / "en" / "flows" / "immunoglobulin" / "step" / "index.html"
    text = page.read_text(encoding="utf-8")
    main_part = text[text.index("<main"):text.index("<svg")]
    assert "&lt;" in main_part or "below 500" in main_part
    assert "< 500" not in main_part
    # a step page's only script is the chart-panning file; it works without it, no inline code
    assert re.findall(r"<script[^>]*>[^<]*</script>", text) == [
        '<script src="../../../../static/chart.js" defer></script>']
    search = (site / "en" / "search.html").read_text(encoding="utf-8")
    assert search.count("<script") == 2


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def test_the_same_inputs_build_a_byte_identical_site(site, tmp_path):
    # Another process with another hash seed: no set order or memory address may leak out.
    again = tmp_path / "again"
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    run = subprocess.run([sys.executable, "-m", "render.cli", "site", "-o", str(again)],
                         env={**env, "PYTHONHASHSEED": "12345"}, capture_output=True, text=True,
                         check=False)
    assert run.returncode == 0, run.stderr
    assert f"Built {len(html_files(site))} pages" in run.stdout
    assert f"Open {again / 'index.html'}" in run.stdout
    first, second = _tree(site), _tree(again)
    assert first.keys() == second.keys()
    differ = [name for name in first if first[name] != second[name]]
    assert not differ, differ[:10]


def test_source_date_epoch_sets_the_date_shown_and_nothing_else(site, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717200000")  # 2024-06-01 00:00 UTC
    out = tmp_path / "dated"
    out.mkdir()
    (out / ".nmosd-flow-site").write_text("", encoding="utf-8")  # an earlier build...
    (out / "stale.html").write_text("old", encoding="utf-8")  # ...whose files go
    dated = _tree(build_site(out).out)
    plain = _tree(site)
    assert "stale.html" not in dated
    stamp = re.compile(rb' \xc2\xb7 [^<]*<time datetime="2024-06-01">2024-06-01</time>')
    assert b'<time datetime="2024-06-01">2024-06-01</time>' in dated["en/index.html"]
    assert b"<time" not in plain["en/index.html"]
    assert dated.keys() == plain.keys()
    differ = [n for n in plain if stamp.sub(b"", dated[n]) != plain[n]]
    assert not differ, differ[:10]


def test_a_bad_source_date_epoch_is_a_usage_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    assert main(["site", "-o", str(tmp_path / "s")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "SOURCE_DATE_EPOCH" in err


def test_cli_refuses_a_folder_that_holds_something_else(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["site", "-o", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not empty" in err
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"
