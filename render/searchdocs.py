"""What the site's search finds: one document per recommendation, flow, fact and named thing."""

from __future__ import annotations

from pathlib import Path

from .search import Doc, build_index, index_json, index_script
from .sitemodel import SiteModel, entry_path, key_of, text_of
from .sitetext import tidy

SEARCHED_KINDS = ("question", "rec", "flow", "fact", "drug", "test", "trial")


def search_docs(m: SiteModel, lang: str) -> list[Doc]:
    """The searchable entries in ``lang``, in the order the search page lists them."""
    docs = []
    for kind in SEARCHED_KINDS:
        nodes = _fact_nodes(m) if kind == "fact" else m.of_kind(kind)
        docs += [Doc(kind, tidy(_title(m, n, lang), lang), tidy(_body(m, n, lang), lang),
                     entry_path(n)) for n in nodes]
    return docs


def _fact_nodes(m: SiteModel) -> list[str]:
    from .sitepages import glossary_nodes

    return glossary_nodes(m)


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
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "search-index.json").write_text(index_json(index) + "\n", encoding="utf-8")
        (folder / "search-index.js").write_text(index_script(index), encoding="utf-8")
