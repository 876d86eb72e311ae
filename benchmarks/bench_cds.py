"""(e) CDS Hooks: milliseconds per call, in process through the ASGI interface (no network).

The specification asks a CDS service to answer quickly (on the order of 500 ms). Measured: a
patient-view call with the whole record prefetched (read through the FHIR map, the `start`
bundle and every applicable flow evaluated, cards made), the same with the record fetched from
a FHIR server (an in-memory httpx MockTransport: what the service itself spends, not the
network's time), a signed call (RS384 JWT verified against an inline JWK Set), and discovery.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import time

import httpx
from common import ROOT, machine

sys.path.insert(0, str(ROOT / "tests" / "render" / "cdshooks"))
from cds_helpers import ISSUER, Client, bundle, make_app, prefetch_of, request, searchset  # noqa: E402 - the tests' example records and signing client

from render.cdshooks import Trust  # noqa: E402
from render.cdshooks.trust import _Issuer  # noqa: E402

CALLS = int(os.environ.get("BENCH_CDS_CALLS", "200"))
PV = "/cds-services/nmosd-inebilizumab-patient-view"
BASE = "http://cds.bench"


def fake_fhir(resources: list[dict]) -> httpx.MockTransport:
    by_type = {}
    for r in resources:
        by_type.setdefault(r["resourceType"], []).append(r)

    def handler(req: httpx.Request) -> httpx.Response:
        path = req.url.path.rsplit("/r4/", 1)[1]
        if "/" in path:
            return httpx.Response(200, json=by_type["Patient"][0])
        return httpx.Response(200, json=searchset(by_type.get(path, [])))

    return httpx.MockTransport(handler)


async def per_call(app, make_body, headers=lambda: {}, method="POST", path=PV) -> list[float]:
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 40000))
    times = []
    async with httpx.AsyncClient(transport=transport, base_url=BASE) as http:
        for _ in range(CALLS):
            body = make_body()
            start = time.perf_counter()
            r = await http.request(method, path, json=body, headers=headers())
            times.append(time.perf_counter() - start)
            assert r.status_code == 200, r.text
    return times


def main() -> None:
    doc = bundle("hbv-carrier")
    pre = prefetch_of(doc)
    signer = Client("rsa")
    trust = Trust({ISSUER: _Issuer(jwks=signer.jwks)})
    def prefetched():
        return request("patient-view", "demo-hbv-carrier", pre)

    cases = {
        "patient-view, record prefetched": (make_app(), prefetched),
        "patient-view, record fetched (mock FHIR)": (
            make_app(transport=fake_fhir([e["resource"] for e in doc["entry"]])),
            lambda: request("patient-view", "demo-hbv-carrier", {}, fhirServer="https://fhir.bench/r4",
                            fhirAuthorization={"access_token": "t", "token_type": "Bearer",
                                               "expires_in": 300, "scope": "patient/*.read",
                                               "subject": "bench"})),
    }
    print(f"# (e) CDS Hooks, {CALLS} calls each, in process (ASGI); {machine()}")
    for label, (app, make_body) in cases.items():
        times = asyncio.run(per_call(app, make_body))
        report(label, times)
    signed = asyncio.run(per_call(make_app(trust=trust), prefetched,
                                  headers=lambda: {"Authorization": "Bearer " + signer.token(BASE + PV)}))
    report("patient-view, signed JWT verified", signed)
    report("discovery", asyncio.run(per_call(make_app(), lambda: None, method="GET", path="/cds-services")))


def report(label: str, times: list[float]) -> None:
    q = statistics.quantiles(times, n=20)
    print(f"{label:<44} median {statistics.median(times) * 1000:6.1f} ms   p95 {q[18] * 1000:6.1f} ms")


if __name__ == "__main__":
    main()
