"""The site's pages: a path, a template and what it shows, for every entry and every step."""

from __future__ import annotations

from dataclasses import dataclass, field

from graph import Text

from .model import INDEX_DIRS, PAGE_DIRS, SiteModel, entry_path, key_of
from .steps import Step, walk
from .words import WORDS

LIST_TITLES = {"questions": "questions", "recommendations": "recommendations",
               "flows": "flows", "facts": "glossary", "drugs": "drugs", "tests": "tests",
               "trials": "trials", "references": "references"}


@dataclass(frozen=True)
class Page:
    """One page in each language: ``path`` is relative to the language's root."""

    path: str
    template: str
    title: Text
    ctx: dict = field(default_factory=dict, compare=False)
    chart: tuple | None = None  # (flow_id, trace) drawn inline, or None

    @property
    def section(self) -> str:
        return self.path.split("/", 1)[0].removesuffix(".html")


def _word(key: str) -> Text:
    return Text(WORDS["en"][key], WORDS["zh"][key])


def step_path(flow_id: str, step: Step | tuple[str, ...]) -> str:
    """``flows/hbv/step/hbsag=negative/anti_hbc=positive/index.html``."""
    segments = step.segments if isinstance(step, Step) else step
    return f"flows/{flow_id}/step/" + "".join(f"{s}/" for s in segments) + "index.html"


def all_pages(m: SiteModel, docs: dict | None = None) -> list[Page]:
    """Every page, in a fixed order: home, lists, entries, flows and their steps, search."""
    pages = [Page("index.html", "home.html", Text(m.g.title.en, m.g.title.zh))]
    pages += _list_pages(m)
    pages += [Page(entry_path(q), "question.html", m.label(q), {"node": q})
              for q in m.of_kind("question")]
    pages += [Page(entry_path(r), "recommendation.html", m.label(r), {"node": r})
              for r in m.of_kind("rec")]
    for node in m.of_kind("flow"):
        pages += flow_pages(m, node)
    pages.append(Page("search.html", "search.html", _word("search"), {"docs": docs or {}}))
    return pages


def _list_pages(m: SiteModel) -> list[Page]:
    dirs = {**PAGE_DIRS, **INDEX_DIRS}
    pages = []
    for kind, folder in dirs.items():
        template = f"list_{folder}.html"
        nodes = m.of_kind(kind)
        if kind == "fact":
            nodes = glossary_nodes(m)
        pages.append(Page(f"{folder}/index.html", template, _word(LIST_TITLES[folder]),
                          {"nodes": nodes, "kind": kind}))
    return pages


def glossary_nodes(m: SiteModel) -> list[str]:
    """Every fact of the registry (asked by a flow or not), by label."""
    return sorted((f"fact:{name}" for name in m.g.facts),
                  key=lambda n: (m.g.facts[key_of(n)].label.en.casefold(), n))


def flow_pages(m: SiteModel, node: str) -> list[Page]:
    """The flow's page and one page per step of its step-through."""
    flow = m.flow(node)
    pages = [Page(entry_path(node), "flow.html", flow.title, {"node": node},
                  chart=(flow.id, None))]
    steps = walk(m.g, flow)
    by_segments = {s.segments: s for s in steps}
    for step in steps:
        trail = [by_segments[step.segments[:i]] for i in range(len(step.answers))]
        pages.append(Page(step_path(flow.id, step), "step.html", flow.title,
                          {"node": node, "step": step, "trail": trail},
                          chart=(flow.id, step.trace)))
    return pages
