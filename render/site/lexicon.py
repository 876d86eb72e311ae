"""The site's word lists, read from flows/data: recommendation headings and search synonyms."""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

from pydantic import Field, ValidationError, field_validator

from graph import FlowError, Text
from graph.schema import Strict
from graph.yamlio import read_yaml

HEADINGS = "flows/data/headings.yaml"
SYNONYMS = "flows/data/synonyms.yaml"


class _Heading(Strict):
    en: str = Field(min_length=1)
    zh: str = Field(min_length=1)


class _Headings(Strict):
    recommendations: dict[int, _Heading]


class _Synonyms(Strict):
    groups: list[list[str]]

    @field_validator("groups")
    @classmethod
    def _each_group_has_two(cls, groups: list[list[str]]) -> list[list[str]]:
        for i, group in enumerate(groups):
            if len(group) < 2 or any(not w.strip() for w in group):
                raise ValueError(f"group {i + 1} ({group}): give two or more words, none empty")
        return groups


def _load(label: str, model):
    name = label.rsplit("/", 1)[1]
    text = (files("flows") / "data" / name).read_text(encoding="utf-8")
    try:
        return model.model_validate(read_yaml(label, text))
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise FlowError(f"{label}: {problems}") from None


@lru_cache(maxsize=1)
def rec_headings() -> dict[int, Text]:
    """``{number: Text}``: what each recommendation is about, in a few words of each language."""
    spec = _load(HEADINGS, _Headings)
    return {n: Text(h.en, h.zh) for n, h in sorted(spec.recommendations.items())}


@lru_cache(maxsize=1)
def synonym_groups() -> tuple[tuple[str, ...], ...]:
    """Groups of words the search treats as one (abbreviations, both languages, lay words)."""
    return tuple(tuple(group) for group in _load(SYNONYMS, _Synonyms).groups)
