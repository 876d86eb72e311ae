"""A guideline's prose side, generically: questions, recommendations and the things they name."""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Text


@dataclass(frozen=True)
class Entity:
    """Something recommendations name (a drug, a test, a trial...); ``kind`` comes from the data.

    ``details`` holds extra attributes, each a plain value or a ``Text``.
    """

    kind: str
    id: str
    label: Text
    details: dict = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Question:
    number: int
    title: Text
    recommendations: tuple[int, ...]
    note: Text | None = None


@dataclass(frozen=True)
class Recommendation:
    """One recommendation; ``mentions`` maps an entity kind to the ids of that kind it names."""

    number: int
    question: int
    label: Text
    summary: Text
    references: tuple[int, ...] = ()
    mentions: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)
    informational: bool = False


@dataclass(frozen=True)
class Content:
    """Questions and recommendations by number; entities by kind, then id.

    ``reference_labels`` names each cited reference number in both languages.
    """

    guideline: str
    questions: dict[int, Question]
    recommendations: dict[int, Recommendation]
    entities: dict[str, dict[str, Entity]]
    reference_labels: dict[int, Text] = field(default_factory=dict, compare=False)

    def entity(self, kind: str, entity_id: str) -> Entity:
        return self.entities[kind][entity_id]

    def mentioning(self, kind: str, entity_id: str) -> list[int]:
        """Numbers of the recommendations that name entity ``kind:entity_id``."""
        return [r.number for r in self.recommendations.values()
                if entity_id in r.mentions.get(kind, ())]
