"""The cached guideline: equal to a fresh load, invalidated by edits, safe when broken, and light."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from flows import cache, data_files, guideline
from graph import load_guideline

HEAVY = ("pydantic", "yaml", "pint", "jinja2", "graphviz")


def _python(code: str, cache_dir, *args) -> list[str]:
    env = {**os.environ, "NMOSD_FLOW_CACHE_DIR": str(cache_dir)}
    env.pop("NMOSD_FLOW_NO_CACHE", None)
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                         env=env, check=True)
    return out.stdout.split()


LOADED = "import sys; from flows import guideline; guideline(); print(*sorted({}))"
LOADED = LOADED.format("m for m in ('pydantic', 'yaml') if m in sys.modules")


def test_a_cache_hit_skips_yaml_and_pydantic(tmp_path):
    assert _python(LOADED, tmp_path) == ["pydantic", "yaml"]  # first run builds and stores
    assert [p.name for p in tmp_path.iterdir()][0].startswith("guideline-")
    assert _python(LOADED, tmp_path) == []


def test_the_cached_guideline_equals_a_fresh_load(tmp_path, monkeypatch):
    monkeypatch.setenv("NMOSD_FLOW_CACHE_DIR", str(tmp_path))
    header, facts, flows = data_files()
    key = cache.cache_key([header, facts, *flows])
    fresh = load_guideline(header, facts, flows)
    cache.write(key, fresh)
    loaded = cache.read(key, type(fresh))
    assert loaded == fresh and loaded is not fresh
    assert {f: list(v.graph.edges(data=True)) for f, v in loaded.flows.items()} == {
        f: list(v.graph.edges(data=True)) for f, v in fresh.flows.items()}


def test_an_edit_to_any_data_file_changes_the_key():
    header, facts, flows = data_files()
    key = cache.cache_key([header, facts, *flows])
    label, body = flows[0]
    assert cache.cache_key([header, facts, (label, body + " "), *flows[1:]]) != key
    assert cache.cache_key([header, (facts[0], facts[1].replace("hbsag", "hbsAg")), *flows]) != key


@pytest.mark.parametrize("damage", ["truncated", "garbage", "other_key", "group_writable"])
def test_a_broken_or_foreign_cache_file_is_ignored(tmp_path, monkeypatch, damage):
    monkeypatch.setenv("NMOSD_FLOW_CACHE_DIR", str(tmp_path))
    header, facts, flows = data_files()
    key = cache.cache_key([header, facts, *flows])
    cache.write(key, guideline())
    path = next(tmp_path.glob("guideline-*.pickle"))
    body = path.read_bytes()
    if damage == "truncated":
        path.write_bytes(body[: len(body) // 2])
    elif damage == "garbage":
        path.write_bytes(b"not a pickle")
    elif damage == "other_key":
        os.rename(path, tmp_path / f"guideline-{'0' * 40}.pickle")
        path = tmp_path / f"guideline-{'0' * 40}.pickle"
        key = "0" * 64
    else:
        os.chmod(path, 0o664)
    assert cache.read(key, type(guideline())) is None


def test_an_unwritable_cache_folder_only_costs_speed(tmp_path):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x", encoding="utf-8")
    assert _python(LOADED, blocked / "cache") == ["pydantic", "yaml"]
    assert _python(LOADED, blocked / "cache") == ["pydantic", "yaml"]


def test_the_cache_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv("NMOSD_FLOW_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("NMOSD_FLOW_NO_CACHE", "1")
    assert cache.cache_dir() is None
    cache.write("k" * 64, guideline())
    assert list(tmp_path.iterdir()) == []


EVALUATE = """
import sys
from render.cli import main
main(["evaluate", sys.argv[1], "--format", "json", "-o", sys.argv[2]])
print(*sorted(m for m in {heavy} if m in sys.modules))
"""


def test_evaluate_of_a_json_patient_imports_nothing_heavy(tmp_path):
    """With the cache warm, evaluate loads networkx and the engine only: no YAML, pydantic,
    pint, Jinja or Graphviz."""
    patient = tmp_path / "p.json"
    patient.write_text(json.dumps({"id": "p", "facts": {"hbsag": "negative", "age_years": 40,
                                                         "serum_igg_mg_dl": "820"}}))
    code = EVALUATE.format(heavy=HEAVY)
    _python(code, tmp_path / "c", str(patient), str(tmp_path / "out.json"))  # warms the cache
    assert _python(code, tmp_path / "c", str(patient), str(tmp_path / "out.json")) == []
    assert json.loads((tmp_path / "out.json").read_text())["patient"] == "p"


def test_a_yaml_patient_adds_only_yaml(tmp_path):
    patient = tmp_path / "p.yaml"
    patient.write_text("facts:\n  hbsag: negative\n", encoding="utf-8")
    code = EVALUATE.format(heavy=HEAVY)
    _python(code, tmp_path / "c", str(patient), str(tmp_path / "out.json"))
    assert _python(code, tmp_path / "c", str(patient), str(tmp_path / "out.json")) == ["yaml"]
