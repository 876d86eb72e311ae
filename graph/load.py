"""Load a whole guideline (header, fact registry, flows) from file texts, reporting all errors."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from .errors import FlowError
from .model import Fact, Flow, Text, Verdict


@dataclass(frozen=True)
class Bundle:
    id: str
    title: Text
    flows: tuple[str, ...]


@dataclass(frozen=True)
class Guideline:
    id: str
    title: Text
    citation: Text
    verdicts: tuple[Verdict, ...]
    facts: dict[str, Fact]
    aliases: dict[str, str]
    flows: dict[str, Flow]
    bundles: dict[str, Bundle]
    sha256: str
    overall_subject: str
    standing_verdicts: frozenset[str]
    recommendation_numbers: frozenset[int]
    extra: dict = field(default_factory=dict, compare=False)

    def verdict_order(self) -> list[str]:
        return [v.id for v in self.verdicts]

    def verdict(self, verdict_id: str) -> Verdict:
        return next(v for v in self.verdicts if v.id == verdict_id)


def load_guideline(header: tuple[str, str], facts: tuple[str, str],
                   flows: list[tuple[str, str]]) -> Guideline:
    """Each argument is ``(label, text)``; raises FlowError listing every problem found."""
    from . import schema as s  # pydantic and YAML load only when data files are read
    from .build import build_facts, build_flow, read_yaml, shared_actions, validate

    errors: list[str] = []
    head = _collect(errors, lambda: validate(header[0], s.GuidelineSpec,
                                             read_yaml(*header)))
    fact_data = _collect(errors, lambda: read_yaml(*facts))
    registry = _collect(errors, lambda: build_facts(facts[0], fact_data)) or {}
    order = [v.id for v in head.verdicts] if head is not None else None
    shared = shared_actions(head.shared_actions) if head is not None else {}
    built: dict[str, Flow] = {}
    for label, body in flows:
        flow = _collect(errors, lambda label=label, body=body:
                        build_flow(label, read_yaml(label, body), registry, order, shared))
        if flow is not None:
            if flow.id in built:
                errors.append(f"{label}: id: flow {flow.id!r} is defined twice")
            built[flow.id] = flow
    if errors or head is None:
        raise FlowError(errors)
    return _assemble(head, registry, fact_data, built, [header, facts, *flows])


def _collect(errors: list[str], make):
    try:
        return make()
    except FlowError as exc:
        errors.extend(exc.errors)
        return None


def _assemble(head, registry, fact_data, built, files) -> Guideline:
    from .build import aliases, text

    extra = dict(head.model_extra or {})
    digest = hashlib.sha256()
    for label, body in sorted(files):
        digest.update(label.encode() + b"\0" + body.encode() + b"\0")
    bundles = {k: Bundle(k, text(b.title), tuple(b.flows)) for k, b in head.bundles.items()}
    numbers = extra.get("recommendation_numbers") or [r["number"] for r in
                                                      extra.get("recommendations", [])]
    return Guideline(
        id=head.id, title=text(head.title), citation=text(head.citation),
        verdicts=tuple(Verdict(v.id, text(v.label), text(v.meaning), v.colour,
                               tuple((k, text(t)) for k, t in v.by_subject.items()))
                       for v in head.verdicts),
        facts=registry, aliases=aliases(fact_data), flows=built, bundles=bundles,
        sha256=digest.hexdigest(), overall_subject=extra.get("overall_subject", ""),
        standing_verdicts=frozenset(extra.get("standing_verdicts", [])),
        recommendation_numbers=frozenset(int(n) for n in numbers), extra=extra)
