"""Load a whole guideline (header, fact registry, flows) from file texts, reporting all errors."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .errors import FlowError, UsageError
from .evaluate import Evaluation, evaluate_flows
from .model import Fact, Flow, Text, Verdict
from .patient import Patient, type_facts
from .values import suggest


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

    def select_flows(self, flows: str | Iterable[str] = (), bundle: str | None = None) -> list[str]:
        """The flow ids named and those of ``bundle``, in order, once each; every flow when
        neither is given. Raises UsageError for an unknown flow or bundle."""
        flow_ids = (flows,) if isinstance(flows, str) else tuple(flows)
        chosen: list[str] = []
        if bundle is not None:
            if bundle not in self.bundles:
                raise UsageError(f"unknown bundle {bundle!r}{suggest(bundle, self.bundles)} "
                                 f"(bundles: {', '.join(self.bundles)})")
            chosen += self.bundles[bundle].flows
        for flow_id in flow_ids:
            if flow_id not in self.flows:
                raise UsageError(f"unknown flow {flow_id!r}{suggest(flow_id, self.flows)} "
                                 f"(see `nmosd-flow list`)")
            chosen.append(flow_id)
        return list(dict.fromkeys(chosen)) if (flow_ids or bundle) else list(self.flows)

    def evaluate(self, facts: Patient | Mapping, flows: str | Iterable[str] = (),
                 bundle: str | None = None) -> Evaluation:
        """The ``Evaluation`` of the chosen flows (``select_flows``) for one patient (design §3).

        ``facts`` is a ``Patient`` (its typed facts are used as they are) or a mapping of raw
        facts, typed as a patient file's are (``"阳性"``, ``"4.8 g/L"``); raises
        PatientFileError for a bad fact and UsageError for an unknown flow or bundle.
        """
        flow_ids = self.select_flows(flows, bundle)
        if isinstance(facts, Patient):
            known = facts.facts
        else:
            known = type_facts("facts", dict(facts), self.facts, self.aliases)
        chosen = {f: self.flows[f] for f in flow_ids}
        return evaluate_flows(chosen, self.facts, known, self.verdict_order(),
                              self.overall_subject, set(self.standing_verdicts), self.flows)


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
    errors += _uncovered(built)
    if errors or head is None:
        raise FlowError(errors)
    return _assemble(head, registry, fact_data, built, [header, facts, *flows])


def _uncovered(flows: dict[str, Flow]) -> list[str]:
    """Problems: a ``covered_by`` naming an action no flow has."""
    actions = [a for f in flows.values() for _, d in f.graph.nodes(data=True)
               for a in d.get("actions", ())]
    known = {a.id for a in actions}
    return [f"action {a.id!r}: covered_by: {c!r} is not an action of any flow"
            for a in actions for group in a.covered_by for c in group if c not in known]


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
