"""Helpers for the CDS Hooks tests (imported by name: conftest.py puts this folder on the
path): the example patients' FHIR bundles split into prefetch data, a minimal Starlette app
around the routes, ASGI calls, and a CDS client's signing key."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import time
import uuid
from pathlib import Path

import httpx
import jwt
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from starlette.applications import Starlette

import flows
from render.cdshooks import CdsConfig, routes

G = flows.guideline()
TODAY = dt.date(2025, 8, 20)  # the date the example bundles' results are current on
ROOT = Path(__file__).resolve().parents[3]
BUNDLES = ROOT / "tests" / "flows" / "fhir" / "bundles"
BASE = "http://cds.test"
LOOPBACK, REMOTE = ("127.0.0.1", 50000), ("203.0.113.7", 50000)  # 203.0.113.0/24: TEST-NET-3
ISSUER = "https://ehr.example.org/"


def bundle(name: str) -> dict:
    return json.loads((BUNDLES / f"{name}.json").read_text(encoding="utf-8"))


def searchset(resources: list[dict]) -> dict:
    return {"resourceType": "Bundle", "type": "searchset",
            "entry": [{"resource": r} for r in resources]}


def prefetch_of(doc: dict, medications: list[dict] = ()) -> dict:
    """The example bundle as a CDS client answers the discovery's four prefetch templates."""
    rs = [e["resource"] for e in doc["entry"]]
    patient = next(r for r in rs if r["resourceType"] == "Patient")
    return {"patient": patient,
            "observations": searchset([r for r in rs if r["resourceType"] == "Observation"]),
            "conditions": searchset([r for r in rs if r["resourceType"] == "Condition"]),
            "medications": searchset(list(medications))}


def request(hook: str, patient_id: str, prefetch: dict | None = None, **more) -> dict:
    body = {"hook": hook, "hookInstance": str(uuid.uuid4()),
            "context": {"userId": "Practitioner/example", "patientId": patient_id, **more.pop("context", {})}}
    if prefetch is not None:
        body["prefetch"] = prefetch
    body.update(more)
    return body


def inebilizumab_order(order_id: str = "ineb-1", status: str = "draft") -> dict:
    return {"resourceType": "MedicationRequest", "id": order_id, "status": status, "intent": "order",
            "medicationCodeableConcept": {"text": "Inebilizumab 300 mg IV infusion"},
            "subject": {"reference": "Patient/demo-hbv-carrier"}}


def other_order(order_id: str = "amox-1") -> dict:
    return {"resourceType": "MedicationRequest", "id": order_id, "status": "draft", "intent": "order",
            "medicationCodeableConcept": {"text": "Amoxicillin 500 mg capsule"},
            "subject": {"reference": "Patient/demo-hbv-carrier"}}


def draft_orders(*orders: dict) -> dict:
    return {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": o} for o in orders]}


def make_app(**config) -> Starlette:
    config.setdefault("today", lambda: TODAY)
    return Starlette(routes=routes(G, config=CdsConfig(**config)))


def call(app, method: str, path: str, body=None, headers=None, client=LOOPBACK) -> httpx.Response:
    async def go():
        transport = httpx.ASGITransport(app=app, client=client)
        async with httpx.AsyncClient(transport=transport, base_url=BASE) as http:
            return await http.request(method, path, json=body, headers=headers)

    return asyncio.run(go())


class Client:
    """A CDS client's key pair (RSA or EC) and the JWTs it signs (CDS Hooks 2.0 security)."""

    def __init__(self, kind: str = "rsa", kid: str = "ehr-key-1"):
        if kind == "rsa":
            self.private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            self.alg, algo = "RS384", jwt.algorithms.RSAAlgorithm
        else:
            self.private = ec.generate_private_key(ec.SECP384R1())
            self.alg, algo = "ES384", jwt.algorithms.ECAlgorithm
        self.kid = kid
        public = json.loads(algo.to_jwk(self.private.public_key()))
        self.jwks = {"keys": [{**public, "kid": kid, "use": "sig", "alg": self.alg}]}

    def token(self, aud: str, **claims) -> str:
        now = int(time.time())
        payload = {"iss": ISSUER, "aud": aud, "exp": now + 300, "iat": now,
                   "jti": str(uuid.uuid4()), **claims}
        payload = {k: v for k, v in payload.items() if v is not None}
        return jwt.encode(payload, self.private, algorithm=self.alg,
                          headers={"kid": self.kid, "typ": "JWT"})


def trust_file(tmp_path, *clients: Client, issuer: str = ISSUER) -> Path:
    path = tmp_path / "trust.json"
    keys = [k for c in clients for k in c.jwks["keys"]]
    path.write_text(json.dumps({"issuers": {issuer: {"jwks": {"keys": keys}}}}), encoding="utf-8")
    return path
