"""(d) Time to build the whole site (`nmosd-flow site`) and to render one chart to PDF."""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from common import cli, machine

RUNS = int(os.environ.get("BENCH_SITE_RUNS", "3"))


def has_command(name: str) -> bool:
    """Whether ``nmosd-flow NAME`` exists (its --help succeeds)."""
    done = subprocess.run([*cli(), name, "--help"], capture_output=True)
    return done.returncode == 0


def timed_runs(make_args) -> tuple[float, list[float]] | str:
    """Median seconds of ``RUNS`` runs, each into a fresh folder; the error text on failure."""
    values = []
    for _ in range(RUNS):
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            done = subprocess.run(make_args(Path(tmp)), capture_output=True, text=True)
            if done.returncode != 0:
                return (done.stderr.strip().splitlines() or ["failed"])[-1]
            values.append(time.perf_counter() - start)
    return statistics.median(values), values


def report(label: str, command: str, make_args) -> None:
    if not has_command(command):
        print(f"{label:<44} skipped: `nmosd-flow {command}` does not exist yet")
        return
    result = timed_runs(make_args)
    if isinstance(result, str):
        print(f"{label:<44} failed: {result}")
        return
    median, values = result
    print(f"{label:<44} {median:7.2f} s  (median of {len(values)}: "
          f"{', '.join(f'{v:.2f}' for v in values)})")


def main() -> None:
    print(f"# (d) site and chart; {machine()}")
    report("nmosd-flow site -o DIR (whole site)", "site",
           lambda tmp: [*cli(), "site", "-o", str(tmp / "site")])
    report("nmosd-flow render hbv --format pdf", "render",
           lambda tmp: [*cli(), "render", "hbv", "--format", "pdf", "-o", str(tmp / "hbv.pdf")])
    report("nmosd-flow render hbv --format pdf --lang zh", "render",
           lambda tmp: [*cli(), "render", "hbv", "--format", "pdf", "--lang", "zh",
                        "-o", str(tmp / "hbv.pdf")])


if __name__ == "__main__":
    main()
