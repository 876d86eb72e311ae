"""`evaluate --batch`: stream a cohort (JSON Lines or CSV) through the flows, one JSON line each."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from flows.inputs import record_day
from graph import Guideline, UsageError

from ..output import check_writable, is_stdout, open_output
from .lines import Cohort
from .progress import Progress
from .records import chunks, state, work
from .workers import run_in_order


def run_batch(g: Guideline, args) -> int:
    """Evaluate every record of ``args.batch``; 2 when any record was bad, else 0."""
    if args.patient:
        raise UsageError("give either a PATIENT file or --batch FILE, not both")
    flow_ids = g.select_flows(args.flow or (), args.bundle)
    jobs = _jobs(args)
    source = _open_input(args.batch)
    try:
        bad, total = _run(g, flow_ids, args, source, jobs)
    finally:
        if source is not sys.stdin.buffer:
            source.close()
    if bad:
        print(f"nmosd-flow: {bad} of {total} records could not be evaluated", file=sys.stderr)
    return 2 if bad else 0


def _run(g: Guideline, flow_ids: list[str], args, source, jobs: int) -> tuple[int, int]:
    """``(bad records, all records)``, writing result lines as their chunks complete."""
    name = "<stdin>" if args.batch == "-" else args.batch
    state.update(cohort=Cohort(g, flow_ids, args.lang), name=Path(name).name, label=name,
                 day=record_day(getattr(args, "date", None)))
    bad = total = 0
    if not is_stdout(args.output):
        check_writable(args.output)
    with open_output(args.output) as out, Progress(source) as progress:
        results = run_in_order(chunks(g, source, name), work, out, jobs)
        try:
            for errors, count in results:
                if errors:
                    progress.clear()
                    print("\n".join(errors), file=sys.stderr)
                bad, total = bad + len(errors), total + count
                progress.show(total)
        finally:
            results.close()
    return bad, total


def _open_input(path: str):
    if path == "-":
        return sys.stdin.buffer
    try:
        return open(path, "rb")  # noqa: SIM115 - run_batch closes it
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the file: {exc.strerror or exc}") from None


def _jobs(args) -> int:
    jobs = getattr(args, "jobs", None)
    if jobs is not None and jobs < 1:
        raise UsageError(f"--jobs must be at least 1, not {jobs}")
    if jobs is None:
        jobs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
            os.cpu_count() or 1)
    return jobs
