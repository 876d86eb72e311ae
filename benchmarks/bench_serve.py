"""(e) `nmosd-flow serve` under load: 20 clients at once on 127.0.0.1, each sending POST
/api/evaluate for a whole patient of the `start` bundle over its own kept-alive connection,
as fast as answers come: latency percentiles and requests per second; then a report PDF from
the warm Chromium; beside the CLI's cold `evaluate` of the same patient.

The clients are plain asyncio streams in one process (an HTTP client library would spend more
of the machine's two cores than the server does); each answer is checked to be a 200 with the
expected overall verdict."""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from common import ROOT, cli, machine

CLIENTS = int(os.environ.get("BENCH_CLIENTS", "20"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))
PDF_RUNS = int(os.environ.get("BENCH_PDF_RUNS", "7"))
PATIENT = {"age_years": 40, "sex": "male", "diagnosis": "nmosd", "aqp4_igg": "positive",
           "acute_attack": False, "hbsag": "negative", "anti_hbc": "positive",
           "hbv_dna": "negative", "tb_screen": "negative", "hcv_screen": "negative",
           "active_infection": False, "serum_igg_mg_dl": "9.8 g/L",
           "vaccinations_up_to_date": True, "high_infection_risk": False, "aids": False,
           "diabetes": False, "immunosuppressant_count": 0, "steroid_mg_per_day": 0,
           "plasma_exchange": "none"}
EXPECTED = "proceed_with_precautions"  # rec 6: an inactive HBV carrier, under antiviral cover


def start_server() -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen([*cli(), "serve", "--port", "0"], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, cwd=ROOT)
    first = process.stdout.readline().decode()
    return process, first.split(" at ", 1)[1].split()[0].rstrip("/")


async def client(host: str, port: int, request: bytes, stop: float, latencies: list) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while time.perf_counter() < stop:
            began = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            length = int(next(line.split(b":", 1)[1] for line in head.split(b"\r\n")
                              if line.lower().startswith(b"content-length:")))
            body = await reader.readexactly(length)
            latencies.append(time.perf_counter() - began)
            if not head.startswith(b"HTTP/1.1 200") or \
                    json.loads(body)["overall"]["verdict"] != EXPECTED:
                raise SystemExit(f"unexpected answer: {head[:40]!r} {body[:200]!r}")
    finally:
        writer.close()


async def load(url: str, seconds: float) -> tuple[list[float], float]:
    where = urlsplit(url)
    body = json.dumps({"facts": PATIENT, "bundle": "start"}).encode()
    request = (f"POST /api/evaluate HTTP/1.1\r\nHost: {where.netloc}\r\n"
               f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
               ).encode() + body
    latencies: list[float] = []
    began = time.perf_counter()
    await asyncio.gather(*(client(where.hostname, where.port, request, began + seconds,
                                  latencies) for _ in range(CLIENTS)))
    return latencies, time.perf_counter() - began


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def pdf_times(url: str) -> list[float]:
    import httpx

    with httpx.Client(base_url=url, timeout=120) as c:
        while c.get("/healthz").json()["pdf"] == "starting":
            time.sleep(0.1)
        if c.get("/healthz").json()["pdf"] != "ready":
            return []
        form = urlencode([("bundle", "start"), ("format", "pdf"),
                          *((f"f:{k}", str(v).lower() if isinstance(v, bool) else str(v))
                            for k, v in PATIENT.items())]).encode()
        headers = {"content-type": "application/x-www-form-urlencoded"}
        times = []
        for i in range(PDF_RUNS + 1):
            began = time.perf_counter()
            r = c.post("/check/report", content=form, headers=headers)
            assert r.status_code == 200 and r.content.startswith(b"%PDF"), r.text[:200]
            if i:  # the first one warms the report's code paths
                times.append(time.perf_counter() - began)
        return times


def cold_evaluate() -> float:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "patient.json"
        path.write_text(json.dumps({"facts": PATIENT}))
        args = [*cli(), "evaluate", str(path), "--bundle", "start", "--format", "json"]
        subprocess.run(args, stdout=subprocess.DEVNULL, check=True)  # the guideline cache
        times = []
        for _ in range(7):
            began = time.perf_counter()
            subprocess.run(args, stdout=subprocess.DEVNULL, check=True)
            times.append(time.perf_counter() - began)
        return statistics.median(times)


def main() -> None:
    process, url = start_server()
    try:
        asyncio.run(load(url, 2.0))  # warm up: imports, caches, the first connections
        latencies, took = asyncio.run(load(url, SECONDS))
        pdfs = pdf_times(url)
    finally:
        process.terminate()
        process.wait(timeout=60)
    cold = cold_evaluate()
    ms = [x * 1000 for x in latencies]
    print(f"# (e) nmosd-flow serve, {CLIENTS} clients for {SECONDS:g} s on 127.0.0.1; "
          f"{machine()}")
    print(f"POST /api/evaluate, start bundle, whole patient: {len(ms) / took:6.0f} requests/s; "
          f"latency p50 {percentile(ms, 50):.1f} ms, p90 {percentile(ms, 90):.1f} ms, "
          f"p99 {percentile(ms, 99):.1f} ms, max {max(ms):.1f} ms ({len(ms)} requests)")
    if pdfs:
        print(f"report PDF from the warm Chromium: median {statistics.median(pdfs):.2f} s, "
              f"max {max(pdfs):.2f} s ({len(pdfs)} runs, one at a time)")
    else:
        print("report PDF: Chromium unavailable on this machine")
    print(f"beside: the CLI's `evaluate --bundle start --format json` of the same patient, a new "
          f"process each time: median {cold * 1000:.0f} ms")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
