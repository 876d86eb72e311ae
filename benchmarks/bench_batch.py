"""(b) `evaluate --batch` over a generated cohort of 100,000 patients, all flows: rate and memory."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import RUNS, cli, machine, write_cohort

N = int(os.environ.get("BENCH_PATIENTS", "100000"))


def tree(pid: int) -> list[int]:
    """``pid`` and its descendants, from /proc (Linux)."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    ppid = int(f.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            parents.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo += parents.get(p, [])
    return found


def memory(pids: list[int]) -> tuple[int, int]:
    """``(sum of RSS, sum of PSS)`` in kB; PSS shares pages between forked processes fairly."""
    rss = pss = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/smaps_rollup", encoding="ascii") as f:
                for line in f:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1])
        except OSError:
            continue
    return rss, pss


def run(args: list[str], sample: bool) -> tuple[float, int, int]:
    """``(seconds, peak RSS sum, peak PSS sum)`` of one run; memory is sampled every 0.1 s
    only when ``sample`` (sampling /proc costs CPU that the timed runs should not lose)."""
    start = time.perf_counter()
    child = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak_rss = peak_pss = 0
    while sample and child.poll() is None:
        rss, pss = memory(tree(child.pid))
        peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
        time.sleep(0.1)
    child.wait()
    seconds = time.perf_counter() - start
    if child.returncode != 0:
        sys.exit(f"{' '.join(args)} failed ({child.returncode}): {child.stderr.read().decode()}")
    return seconds, peak_rss, peak_pss


def report(label: str, args: list[str]) -> None:
    times = [run(args, sample=False)[0] for _ in range(RUNS)]
    seconds = statistics.median(times)
    memory_note = "memory not sampled (needs Linux /proc)"
    if os.path.exists("/proc/self/smaps_rollup"):
        _, rss, pss = run(args, sample=True)
        memory_note = (f"peak memory of the process tree: PSS {pss / 1024:.0f} MB, "
                       f"RSS sum {rss / 1024:.0f} MB")
    print(f"{label:<34} {N / seconds:9,.0f} patients/s  (median {seconds:.2f} s of "
          f"{len(times)}: {', '.join(f'{t:.2f}' for t in times)}; {memory_note})")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        jsonl = write_cohort(Path(tmp) / "cohort.jsonl", N)
        csv = write_cohort(Path(tmp) / "cohort.csv", N, "csv")
        print(f"# (b) evaluate --batch, {N:,} generated patients, all flows, output to "
              f"/dev/null ({jsonl.stat().st_size / 1e6:.0f} MB JSON Lines, "
              f"{csv.stat().st_size / 1e6:.0f} MB CSV); {machine()}")
        base = [*cli(), "evaluate", "--batch"]
        report("JSON Lines, workers on every core", [*base, str(jsonl)])
        report("CSV, workers on every core", [*base, str(csv)])
        report("JSON Lines, one process (--jobs 1)", [*base, str(jsonl), "--jobs", "1"])


if __name__ == "__main__":
    main()
