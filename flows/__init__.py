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
    """The whole guideline, loaded once; raises graph.FlowError listing every problem."""
    header, facts, flows = data_files()
    return load_guideline(header, facts, flows)
