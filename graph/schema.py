"""Strict pydantic models of the data files: unknown keys and wrong types are rejected."""

from __future__ import annotations

from typing import Literal, Union

from pydantic import BaseModel, ConfigDict, Field, model_validator

Scalar = Union[bool, int, float, str]  # noqa: UP007 - pydantic needs the runtime union
When = Union[Scalar, list[Scalar], dict[Literal["lt", "le", "gt", "ge"], float]]  # noqa: UP007


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TextSpec(Strict):
    en: str | None = None
    zh: str | None = None


class ValueSpec(Strict):
    id: str
    label: TextSpec | None = None
    aliases: list[str] = []


class TermSpec(Strict):
    fact: str
    when: When
    required_if: TermRef | None = None


class TermRef(Strict):
    fact: str
    when: When


class FactSpec(Strict):
    type: Literal["bool", "enum", "number", "date", "count"]
    label: TextSpec
    description: TextSpec | None = None
    values: list[str | ValueSpec] = []
    unit: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    integer: bool = False
    terms: list[TermSpec] = []
    aliases: list[str] = []
    common_units: list[str] = []


class FactFileSpec(Strict):
    value_labels: dict[str, ValueSpec] = {}
    facts: dict[str, FactSpec]


class ActionSpec(Strict):
    """An action; ``use`` takes a shared action of the guideline header by id instead."""

    id: str | None = None
    use: str | None = None
    text: TextSpec | None = None
    timing: TextSpec | None = None
    recommendations: list[int] = []
    # a general action that listed, more specific actions cover: one group per part, any
    # action of a group covers that part (the report lists it once, with theirs)
    covered_by: list[list[str]] = []

    @model_validator(mode="after")
    def _own_or_shared(self):
        if self.use is not None and (self.id or self.text or self.timing or self.recommendations
                                     or self.covered_by):
            raise ValueError("an action with `use` takes everything from the shared action; "
                             "give nothing else")
        if self.use is None and (self.id is None or self.text is None):
            raise ValueError("an action needs `id` and `text` (or `use` of a shared action)")
        return self


class SharedActionSpec(Strict):
    id: str
    text: TextSpec
    timing: TextSpec | None = None
    recommendations: list[int] = Field(min_length=1)


class BranchSpec(Strict):
    when: When
    to: str
    label: TextSpec | None = None


class NodeSpec(Strict):
    id: str
    kind: Literal["start", "decision", "action", "outcome"]
    label: TextSpec
    note: TextSpec | None = None
    next: str | None = None
    fact: str | None = None
    branches: list[BranchSpec] = []
    verdict: str | None = None
    subject: str | None = None
    recommendations: list[int] = []
    actions: list[ActionSpec] = []
    derived_from: str | None = None


class TriggerSpec(Strict):
    fact: str
    is_: list[Scalar] | None = Field(default=None, alias="is")
    not_: list[Scalar] | None = Field(default=None, alias="not")


class CheckSpec(Strict):
    when: dict[str, Scalar]
    message: TextSpec


class OverrideSpec(Strict):
    """A fact that decides the flow on every route: every ``when`` pair holds -> ``to``."""

    id: str
    when: dict[str, When] = Field(min_length=1)
    to: str
    label: TextSpec


class FlowSpec(Strict):
    id: str
    title: TextSpec
    summary: TextSpec | None = None
    kind: Literal["screening", "situational", "plan"]
    source: str
    recommendations: list[int]
    trigger: list[TriggerSpec] = []
    ambiguities: list[TextSpec] = []
    checks: list[CheckSpec] = []
    overrides: list[OverrideSpec] = []
    start: str = "start"
    nodes: list[NodeSpec]


class VerdictSpec(Strict):
    id: str
    label: TextSpec
    meaning: TextSpec
    colour: str
    by_subject: dict[str, TextSpec] = {}  # the label where the outcome is about another subject


class BundleSpec(Strict):
    title: TextSpec
    flows: list[str]


class GuidelineSpec(Strict):
    """The guideline header; extra sections (questions, recommendations) are read elsewhere."""

    model_config = ConfigDict(extra="allow", frozen=True)
    id: str
    title: TextSpec
    citation: TextSpec
    verdicts: list[VerdictSpec]
    bundles: dict[str, BundleSpec] = {}
    shared_actions: list[SharedActionSpec] = []


TermSpec.model_rebuild()
