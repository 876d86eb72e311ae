"""(c) Cold start of `nmosd-flow evaluate` for one patient beside `python -c "import networkx"`."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import PYTHON, ROOT, cli, machine

RUNS = int(os.environ.get("BENCH_COLD_RUNS", "21"))
PLAIN = {"id": "plain", "facts": {"diagnosis": "nmosd", "aqp4_igg": "positive", "age_years": 42,
                                  "hbsag": "negative", "anti_hbc": "positive",
                                  "hbv_dna": "negative", "tb_screen": "negative",
                                  "serum_igg_mg_dl": 980}}


def seconds(args: list[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True,
                   env=env)
    return time.perf_counter() - start


def main() -> None:
    # Installing a wheel compiles bytecode; an editable install under PYTHONDONTWRITEBYTECODE
    # never does, so do it here once, as pip would.
    subprocess.run([PYTHON, "-m", "compileall", "-q", *(str(ROOT / p) for p in
                                                        ("graph", "flows", "render"))],
                   check=True)
    with tempfile.TemporaryDirectory() as tmp:
        plain_json = Path(tmp) / "plain.json"
        plain_json.write_text(json.dumps(PLAIN), encoding="utf-8")
        plain_yaml = Path(tmp) / "plain.yaml"
        plain_yaml.write_text("facts:\n" + "".join(f"  {k}: {v}\n" for k, v in
                                                     PLAIN["facts"].items()), encoding="utf-8")
        example = ROOT / "examples" / "patients" / "hbv-carrier.yaml"
        evaluate = [*cli(), "evaluate"]
        cases = {
            'python -c "import networkx"': [PYTHON, "-c", "import networkx"],
            "evaluate plain.json": [*evaluate, str(plain_json)],
            "evaluate plain.json --format json": [*evaluate, str(plain_json), "--format", "json"],
            "evaluate plain.yaml": [*evaluate, str(plain_yaml)],
            "evaluate hbv-carrier.yaml (a quantity, '9.8 g/L')": [*evaluate, str(example)],
        }
        for args in cases.values():
            seconds(args)  # warm the guideline cache and the page cache
        times: dict[str, list[float]] = {k: [] for k in cases}
        cold: list[float] = []
        for i in range(RUNS):
            for label, args in cases.items():
                times[label].append(seconds(args))
            if i < 5:
                env = {**os.environ, "NMOSD_FLOW_CACHE_DIR": str(Path(tmp) / f"empty{i}")}
                cold.append(seconds([*evaluate, str(plain_json)], env))
        base = statistics.median(times['python -c "import networkx"'])
        print(f"# (c) cold start, median of {RUNS} runs each (interleaved); {machine()}")
        for label, values in times.items():
            m = statistics.median(values)
            print(f"{label:<46} {m * 1000:7.0f} ms  {m / base:5.2f} x networkx")
        m = statistics.median(cold)
        print(f"{'evaluate plain.json, guideline cache empty':<46} {m * 1000:7.0f} ms  "
              f"{m / base:5.2f} x networkx (first run after an edit to the data; median of 5)")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
