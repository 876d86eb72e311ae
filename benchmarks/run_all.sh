#!/usr/bin/env bash
# Run every benchmark in turn and print its figures (not run by CI; takes a few minutes).
# Each figure is a median of several runs; run on a quiet machine, as other work slows them.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
python="${PYTHON:-$root/.venv/bin/python}"
cd "$root/benchmarks"
for bench in bench_eval.py bench_batch.py bench_cold.py bench_fhir.py bench_site.py bench_cds.py; do
    "$python" "$bench"
    echo
done
