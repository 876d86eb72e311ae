"""Trusting CDS clients (CDS Hooks 2.0 security): a JWT signed by a key of a trusted issuer's
JWK Set, with iss, aud = the endpoint called, exp, iat and jti, used once; without a trust
file only callers on this machine are answered. Nothing about the patient reaches a log."""

import json
import logging
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import pytest
from cds_helpers import (
    BASE,
    ISSUER,
    LOOPBACK,
    REMOTE,
    Client,
    bundle,
    call,
    make_app,
    prefetch_of,
    request,
    trust_file,
)

from graph import UsageError
from render.cdshooks import load_trust

PV = "/cds-services/nmosd-inebilizumab-patient-view"
AUD = BASE + PV
BODY = request("patient-view", "demo-hbv-carrier", prefetch_of(bundle("hbv-carrier")))


@pytest.fixture
def app(tmp_path, rsa_client, ec_client):
    return make_app(trust=load_trust(trust_file(tmp_path, rsa_client, ec_client)))


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def refused(r, status: int, words: str) -> None:
    assert r.status_code == status, r.text
    assert r.text.count("\n") == 1 and words in r.text
    if status == 401:
        assert r.headers["www-authenticate"] == "Bearer"


def test_an_unsigned_request_from_another_machine_is_refused(app):
    refused(call(app, "POST", PV, BODY, client=REMOTE), 401, "signed JWT is required")


def test_without_a_trust_file_another_machine_is_refused_and_this_one_answered():
    app = make_app()
    refused(call(app, "POST", PV, BODY, client=REMOTE), 403, "only callers on this machine")
    assert call(app, "POST", PV, BODY, client=LOOPBACK).status_code == 200
    assert call(app, "POST", PV, BODY, client=("::1", 5000)).status_code == 200


def test_a_trust_file_requires_a_token_even_on_this_machine(app):
    refused(call(app, "GET", "/cds-services", client=LOOPBACK), 401, "signed JWT")


def test_a_valid_rsa_signed_request_is_answered(app, rsa_client):
    r = call(app, "POST", PV, BODY, bearer(rsa_client.token(AUD)), client=REMOTE)
    assert r.status_code == 200 and r.json()["cards"]


def test_a_valid_ec_signed_discovery_call_is_answered_with_aud_as_a_list(app, ec_client):
    token = ec_client.token([BASE + "/cds-services"])
    r = call(app, "GET", "/cds-services", headers=bearer(token), client=REMOTE)
    assert r.status_code == 200 and len(r.json()["services"]) == 3


def test_an_expired_token_is_refused(app, rsa_client):
    now = int(time.time())
    token = rsa_client.token(AUD, exp=now - 3600, iat=now - 3900)
    refused(call(app, "POST", PV, BODY, bearer(token), client=REMOTE), 401, "expired")


def test_a_token_for_another_endpoint_is_refused(app, rsa_client):
    token = rsa_client.token(BASE + "/cds-services/nmosd-inebilizumab-order-sign")
    refused(call(app, "POST", PV, BODY, bearer(token), client=REMOTE), 401, "aud")


def test_a_token_is_used_once(app, rsa_client):
    token = rsa_client.token(AUD)
    assert call(app, "POST", PV, BODY, bearer(token), client=REMOTE).status_code == 200
    refused(call(app, "POST", PV, BODY, bearer(token), client=REMOTE), 401, "jti")


@pytest.mark.parametrize("claim", ["iss", "exp", "iat", "jti"])
def test_every_required_claim_is_required(app, rsa_client, claim):
    token = rsa_client.token(AUD, **{claim: None})
    r = call(app, "POST", PV, BODY, bearer(token), client=REMOTE)
    assert r.status_code == 401


def test_an_issuer_outside_the_trust_file_is_refused(app, rsa_client):
    token = rsa_client.token(AUD, iss="https://intruder.example/")
    refused(call(app, "POST", PV, BODY, bearer(token), client=REMOTE), 401, "not in the trust file")


def test_a_key_outside_the_trusted_set_is_refused(app):
    stranger = Client("rsa")  # same kid, another key: the signature does not verify
    refused(call(app, "POST", PV, BODY, bearer(stranger.token(AUD)), client=REMOTE), 401, "not valid")


@pytest.mark.parametrize("alg,key", [("HS256", "a-shared-secret-of-enough-length-32b"), ("none", None)])
def test_shared_secret_and_unsigned_tokens_are_refused(app, alg, key):
    now = int(time.time())
    payload = {"iss": ISSUER, "aud": AUD, "exp": now + 300, "iat": now, "jti": str(uuid.uuid4())}
    token = jwt.encode(payload, key, algorithm=alg, headers={"kid": "ehr-key-1"})
    refused(call(app, "POST", PV, BODY, bearer(token), client=REMOTE), 401, "not accepted")


def test_a_token_without_kid_is_refused(app, rsa_client):
    now = int(time.time())
    payload = {"iss": ISSUER, "aud": AUD, "exp": now + 300, "iat": now, "jti": str(uuid.uuid4())}
    token = jwt.encode(payload, rsa_client.private, algorithm="RS384")
    refused(call(app, "POST", PV, BODY, bearer(token), client=REMOTE), 401, "kid")


def test_a_bad_trust_file_is_one_line(tmp_path):
    cases = {"nojson.json": "{", "noissuers.json": "{}",
             "both.json": json.dumps({"issuers": {ISSUER: {"jwks_url": "https://x/j",
                                                           "jwks": {"keys": []}}}}),
             "badkeys.json": json.dumps({"issuers": {ISSUER: {"jwks": {"keys": [{"kty": "nope"}]}}}})}
    for name, text in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        with pytest.raises(UsageError) as exc:
            load_trust(tmp_path / name)
        assert str(exc.value).startswith(str(tmp_path / name)) and "\n" not in str(exc.value)
    with pytest.raises(UsageError, match="cannot read"):
        load_trust(tmp_path / "absent.json")


def test_nothing_about_the_patient_is_logged(caplog, app, rsa_client):
    caplog.set_level(logging.DEBUG)
    r = call(app, "POST", PV, BODY, bearer(rsa_client.token(AUD)), client=REMOTE)
    assert r.status_code == 200
    for secret in ("demo-hbv-carrier", "G36.0", "1983-01-15", "13952-7"):
        assert secret not in caplog.text


@pytest.fixture
def jwks_server(rsa_client):
    """The CDS client's JWK Set served over HTTP on this machine (PyJWKClient reads http(s))."""
    body = json.dumps(rsa_client.jwks).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the http.server interface
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/jwks.json"
    server.shutdown()
    server.server_close()
    thread.join()


def test_a_key_set_named_by_url_is_fetched(tmp_path, rsa_client, jwks_server):
    """An issuer's JWK Set may be given by URL; a jku header naming another set is refused."""
    (tmp_path / "trust.json").write_text(
        json.dumps({"issuers": {ISSUER: {"jwks_url": jwks_server}}}), encoding="utf-8")
    app = make_app(trust=load_trust(tmp_path / "trust.json"))
    assert call(app, "POST", PV, BODY, bearer(rsa_client.token(AUD)), client=REMOTE).status_code == 200
    now = int(time.time())
    payload = {"iss": ISSUER, "aud": AUD, "exp": now + 300, "iat": now, "jti": str(uuid.uuid4())}
    token = jwt.encode(payload, rsa_client.private, algorithm="RS384",
                       headers={"kid": rsa_client.kid, "jku": "https://attacker.example/jwks"})
    refused(call(app, "POST", PV, BODY, bearer(token), client=REMOTE), 401, "jku")
