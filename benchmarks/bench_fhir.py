"""(e) FHIR input: `evaluate` of a FHIR R4 Bundle beside the same patient's facts file, and
`evaluate --batch` of a Bulk Data NDJSON cohort beside the same patients as JSON Lines facts."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, cli, machine, median_of

PATIENTS = int(os.environ.get("BENCH_FHIR_PATIENTS", "3000"))
DAY = "2025-08-20"


def seconds(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def cohorts(tmp: Path, n: int) -> tuple[Path, Path]:
    """``n`` copies of the HBV carrier: her record as NDJSON (one resource a line, patients one
    after another) and her facts as JSON Lines, each copy under its own patient id."""
    sys.path.insert(0, str(ROOT))
    from flows import guideline
    from flows.fhir import facts_from_fhir

    record = json.loads((ROOT / "examples" / "fhir" / "hbv-carrier.json").read_text("utf-8"))
    resources = [json.dumps(e["resource"], ensure_ascii=False) for e in record["entry"]]
    g = guideline()
    raw = facts_from_fhir(record, g, dt.date.fromisoformat(DAY)).raw
    ndjson, jsonl = tmp / "cohort.ndjson", tmp / "cohort.jsonl"
    with ndjson.open("w", encoding="utf-8") as bulk, jsonl.open("w", encoding="utf-8") as plain:
        for i in range(n):
            pid = f"p{i:06d}"
            for line in resources:
                bulk.write(line.replace("demo-hbv-carrier", pid) + "\n")
            plain.write(json.dumps({"id": pid, "facts": raw}, ensure_ascii=False, default=str) + "\n")
    return ndjson, jsonl


def main() -> None:
    print(machine())
    evaluate = [*cli(), "evaluate"]
    record = ROOT / "examples" / "fhir" / "hbv-carrier.json"
    facts = ROOT / "examples" / "patients" / "hbv-carrier.yaml"
    for args in ([*evaluate, str(record), "--date", DAY], [*evaluate, str(facts)]):
        seconds(args)  # warm the caches
    one, _ = median_of(lambda: seconds([*evaluate, str(record), "--date", DAY]))
    plain, _ = median_of(lambda: seconds([*evaluate, str(facts)]))
    print(f"evaluate hbv-carrier.json (FHIR Bundle, 23 resources): {one * 1000:.0f} ms; "
          f"the same facts as YAML: {plain * 1000:.0f} ms")
    with tempfile.TemporaryDirectory() as tmp:
        ndjson, jsonl = cohorts(Path(tmp), PATIENTS)
        for name, path in (("Bulk NDJSON", ndjson), ("JSON Lines facts", jsonl)):
            args = [*evaluate, "--batch", str(path), "--date", DAY, "-o", os.devnull]
            took, _ = median_of(lambda args=args: seconds(args), runs=3)
            print(f"--batch {name}, {PATIENTS} patients: {took:.1f} s, {PATIENTS / took:,.0f} "
                  f"patients/s")


if __name__ == "__main__":
    main()
