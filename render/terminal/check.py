"""`nmosd-flow check`: verify every flow and the guideline as a whole."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph import FlowError, Guideline, verify_flow

if TYPE_CHECKING:
    from graph.content import Content

CONTENT_FILE = "flows/data/content.yaml"


def check_all(g: Guideline) -> tuple[list[str], str]:
    """``(problems, summary line)`` over every flow, bundle and citation."""
    verdicts, recs = set(g.verdict_order()), set(g.recommendation_numbers)
    problems = [p for flow in g.flows.values() for p in verify_flow(flow, g.facts, verdicts, recs)]
    problems += [f"bundle {b.id}: unknown flow {f!r}" for b in g.bundles.values()
                 for f in b.flows if f not in g.flows]
    content_problems, counted = _content_check(g)
    problems += content_problems
    map_problems, mapped = _fhir_check(g)
    problems += map_problems
    nodes = sum(len(f.graph) for f in g.flows.values())
    summary = (f"{len(g.flows)} flows, {nodes} nodes, {len(g.facts)} facts{counted}{mapped}: "
               + ("all verified" if not problems else f"{len(problems)} problems"))
    return problems, summary


def _fhir_check(g: Guideline) -> tuple[list[str], str]:
    """The FHIR code map (flows/data/fhir_map.yaml) against the facts, when ``g`` is the packaged
    guideline the map is written for: ``(problems, summary)``."""
    from flows import guideline
    from flows.fhir import mapping

    try:
        if guideline().id != g.id:
            return [], ""
    except FlowError:  # the packaged flows are broken: their check says so
        return [], ""
    problems = mapping.fhir_map_problems(g)
    if problems:
        return problems, ""
    return [], f", {len(mapping.fhir_map().rules)} facts read from FHIR"


def _content_check(g: Guideline) -> tuple[list[str], str]:
    """Citation problems against the packaged content, when it describes this guideline."""
    from flows.content import content

    try:
        c = content()
    except FlowError as exc:
        return list(exc.errors), ""
    if c.guideline != g.id:
        return [], ""
    return citation_problems(g, c), f", {len(c.recommendations)} recommendations"


def citation_problems(g: Guideline, content: Content) -> list[str]:
    """Every recommendation is cited by a flow or marked informational, and nothing else is cited.

    A citation is a recommendation number in a flow's header, an outcome or an action.
    """
    from graph.knowledge import citations, uncited

    numbers, declared = set(content.recommendations), set(g.recommendation_numbers)
    problems = []
    if numbers != declared:
        problems.append(f"{CONTENT_FILE}: defines recommendations {_span(numbers)} but the "
                        f"guideline declares {_span(declared)}")
    cited = citations(g)
    problems += [f"recommendation {n}: cited by no flow and not marked informational (cite it "
                 f"on an outcome or action, or set `informational: true` in {CONTENT_FILE})"
                 for n in uncited(g, content)]
    problems += [f"recommendation {n}: marked informational but cited by "
                 f"{', '.join(sorted(cited[n]))}; remove `informational` in {CONTENT_FILE}"
                 for n, r in content.recommendations.items() if r.informational and n in cited]
    problems += [f"flow {f}: cites recommendation {n}, which {CONTENT_FILE} does not define"
                 for n in sorted(set(cited) - numbers) for f in sorted(cited[n])]
    return problems


def _span(numbers: set[int]) -> str:
    ordered = sorted(numbers)
    if ordered and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{ordered[0]}-{ordered[-1]}"
    return ", ".join(map(str, ordered)) or "none"
