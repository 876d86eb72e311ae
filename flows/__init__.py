"""The guideline as data: the fact registry, the flows and the guideline header, loaded by package."""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

from graph import Guideline, load_guideline

DATA = files("flows") / "data"


def data_files() -> tuple[tuple[str, str], tuple[str, str], list[tuple[str, str]]]:
    """``(header, facts, flows)`` as ``(label, text)`` pairs, flows sorted by file name."""
    def read(path) -> tuple[str, str]:
        return (f"flows/data/{_relative(path)}", path.read_text(encoding="utf-8"))

    flow_files = sorted((p for p in (DATA / "flows").iterdir() if p.name.endswith(".yaml")),
                        key=lambda p: p.name)
    return read(DATA / "guideline.yaml"), read(DATA / "facts.yaml"), [read(p) for p in flow_files]


def _relative(path) -> str:
    parts = str(path).replace("\\", "/").split("/flows/data/")
    return parts[-1]


@lru_cache(maxsize=1)
def guideline() -> Guideline:
    """The whole guideline, loaded once; raises graph.FlowError listing every problem.

    A valid load is kept in a user cache keyed by the files' sha256 (see flows/cache.py), so a
    later run skips YAML and pydantic; any edit to the data or the engine invalidates it.
    """
    from . import cache

    header, facts, flows = data_files()
    key = cache.cache_key([header, facts, *flows])
    loaded = cache.read(key, Guideline)
    if loaded is None:
        loaded = load_guideline(header, facts, flows)
        cache.write(key, loaded)
    return loaded
