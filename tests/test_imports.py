"""The layering of design §1, read from the source with ``ast``: imports point down
(render -> flows -> graph), no module imports another room's inner modules, and there are no
import cycles (imports inside functions count too)."""

from __future__ import annotations

import ast
from itertools import islice
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("graph", "flows", "render")
MAY_IMPORT = {"graph": {"graph"}, "flows": {"flows", "graph"},
              "render": {"render", "flows", "graph"}}
FRONT = {"render.cli", "render.commands"}  # the command line: imports the rooms
LIMIT = 300  # lines per module


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


MODULES = _modules()


def _is_package(name: str) -> bool:
    return MODULES.get(name, Path()).name == "__init__.py"


def _imports(name: str, path: Path) -> set[str]:
    """The project modules ``name`` imports: ``from pkg import sub`` names the submodule when
    there is one, else the package (a name defined in its ``__init__``)."""
    package = name if _is_package(name) else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([node.module] if node.module else []))
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base
                       for a in node.names]
        else:
            continue
        for target in targets:
            while target and target not in MODULES:  # `import a.b.c` of an attribute path
                target = target.rpartition(".")[0]
            if target and target.split(".")[0] in PACKAGES:
                found.add(target)
    return found


GRAPH = nx.DiGraph()
GRAPH.add_nodes_from(MODULES)
GRAPH.add_edges_from((m, t) for m, path in MODULES.items() for t in _imports(m, path) if t != m)


def _room(name: str) -> str | None:
    """``render.site`` for every module of the site room; None outside the rooms."""
    parts = name.split(".")
    if parts[0] != "render" or len(parts) < 2 or not _is_package(".".join(parts[:2])):
        return None
    return ".".join(parts[:2])


def test_the_scan_sees_the_known_imports():
    """The rule tests below mean something only if the scanner finds real imports."""
    assert ("render.cli", "render.commands") in GRAPH.edges
    assert ("render.site.charts", "render.chart") in GRAPH.edges  # from ..chart import flow_dot
    assert ("render.site.search", "render.site.pages") in GRAPH.edges
    assert ("flows.evaluation", "graph") in GRAPH.edges
    assert ("render.commands", "render.cohort") in GRAPH.edges  # inside a function


def test_no_import_cycles():
    cycles = list(islice(nx.simple_cycles(GRAPH), 3))
    assert not cycles, "import cycles, e.g. " + "; ".join(" -> ".join(c + c[:1]) for c in cycles)


def test_imports_point_down():
    """graph imports neither flows nor render; flows does not import render."""
    wrong = [f"{m} imports {t}" for m, t in GRAPH.edges
             if t.split(".")[0] not in MAY_IMPORT[m.split(".")[0]]]
    assert not wrong


def test_rooms_meet_only_through_their_front_doors():
    """A module may import another room only as ``render.<room>`` (its ``__init__``); rooms
    and the plumbing beneath them never import the command line, and the plumbing imports
    no room."""
    wrong = []
    for m, t in GRAPH.edges:
        here, there = _room(m), _room(t)
        if t in FRONT and m not in FRONT:
            wrong.append(f"{m} imports the command line ({t})")
        elif there and there != here and t != there:
            wrong.append(f"{m} imports {t}, inside the room {there}; import {there} instead")
        elif there and here is None and m not in FRONT:
            wrong.append(f"{m} is beneath the rooms but imports {t}")
    assert not wrong


@pytest.mark.parametrize("name", sorted(n for n in MODULES if _is_package(n)))
def test_every_package_says_what_it_makes(name):
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    assert ast.get_docstring(tree), f"{name}/__init__.py needs a docstring"


def test_no_module_is_over_the_limit():
    long = {name: n for name, path in MODULES.items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > LIMIT}
    assert not long, f"modules over {LIMIT} lines: {long}"
