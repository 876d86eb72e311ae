"""Shared helpers of the benchmarks: medians, the CLI's path, a generated cohort."""

from __future__ import annotations

import json
import os
import random
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
RUNS = int(os.environ.get("BENCH_RUNS", "5"))


def cli() -> list[str]:
    """The installed ``nmosd-flow`` beside this Python, else ``python -m render.cli``."""
    script = Path(PYTHON).with_name("nmosd-flow")
    if script.exists():
        return [str(script)]
    found = shutil.which("nmosd-flow")
    return [found] if found else [PYTHON, "-m", "render.cli"]


def median_of(measure, runs: int = RUNS) -> tuple[float, list[float]]:
    """``(median, all values)`` of ``measure()`` over ``runs`` runs."""
    values = [measure() for _ in range(runs)]
    return statistics.median(values), values


def timed(func) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def machine() -> str:
    """One line naming the machine the figures come from."""
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (f"Python {sys.version.split()[0]}, {cores} cores, load average {load:.2f} "
            f"(other work on the machine slows every figure)")


def cohort(n: int, seed: int = 2024, share: float = 0.5):
    """``n`` patients ``{"id", "facts"}``: each fact of a flow present with probability
    ``share``; enums and yes/no facts uniform; numbers on both sides of every threshold the
    flows compare them with, whole where the fact is whole."""
    from flows import guideline
    from graph.signature import flow_tests

    g = guideline()
    points: dict[str, set] = {}
    for flow in g.flows.values():
        for name, tests in flow_tests(flow, g.facts).items():
            points.setdefault(name, set()).update(tests.points)
    facts = [g.facts[n] for n in sorted(points) if g.facts[n].type in ("enum", "bool", "number")]
    rng = random.Random(seed)
    for i in range(n):
        yield {"id": f"p{i:06d}", "facts": {f.name: _value(rng, f, points[f.name])
                                            for f in facts if rng.random() < share}}


def _value(rng: random.Random, fact, points: set):
    if fact.type == "enum":
        return rng.choice(fact.value_ids())
    if fact.type == "bool":
        return rng.random() < 0.5
    lo = min(points, default=1.0) * 0.5
    hi = max(points, default=1.0) * 1.5 + 1
    lo = max(lo, fact.minimum if fact.minimum is not None else lo)
    hi = min(hi, fact.maximum if fact.maximum is not None else hi)
    x = rng.uniform(lo, hi)
    return float(round(x)) if fact.integer else round(x, 1)


def write_cohort(path: Path, n: int, kind: str = "jsonl") -> Path:
    """Write ``n`` generated patients as JSON Lines or CSV (cells as text, blanks missing)."""
    records = cohort(n)
    with path.open("w", encoding="utf-8", newline="") as out:
        if kind == "jsonl":
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            return path
        import csv

        from flows import guideline

        names = sorted({n for r in cohort(2000) for n in r["facts"]})
        names = [n for n in names if n in guideline().facts]
        writer = csv.writer(out)
        writer.writerow(["id", *names])
        for record in records:
            facts = record["facts"]
            writer.writerow([record["id"], *(_cell(facts.get(n)) for n in names)])
    return path


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return f"{value:g}" if isinstance(value, float) else str(value)
