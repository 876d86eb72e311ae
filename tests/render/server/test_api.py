"""The JSON API of `nmosd-flow serve` over real HTTP: POST /api/evaluate answers what
`nmosd-flow evaluate --format json` prints (design §6); every bad input is a 422 with the CLI's
own line for the same mistake; GET /api/flows and the OpenAPI description."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.render.server.conftest import ROOT

ROUTINE_MAN = {"age_years": 40, "sex": "male", "diagnosis": "nmosd", "aqp4_igg": "positive",
               "acute_attack": False, "hbsag": "negative", "anti_hbc": "negative",
               "tb_screen": "negative", "hcv_screen": "negative", "active_infection": False,
               "serum_igg_mg_dl": 1000, "vaccinations_up_to_date": True,
               "high_infection_risk": False, "aids": False, "diabetes": False,
               "immunosuppressant_count": 0, "steroid_mg_per_day": 0, "plasma_exchange": "none"}


def evaluate(client, body, status=200) -> dict:
    r = client.post("/api/evaluate", json=body)
    assert r.status_code == status, r.text
    return r.json()


def flow(answer: dict, flow_id: str) -> dict:
    return next(f for f in answer["flows"] if f["flow"] == flow_id)


def cli_json(tmp_path, facts: dict, *args: str) -> dict:
    path = tmp_path / "patient.json"
    path.write_text(json.dumps({"id": "patient", "facts": facts}))
    out = subprocess.run([sys.executable, "-m", "render.cli", "evaluate", str(path),
                          "--format", "json", *args], cwd=ROOT, capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout)


# rec 6 (Fig 1): each HBV outcome
HBV = [({"hbsag": "positive", "hbv_dna": "positive"}, "contraindicated"),
       ({"hbsag": "positive", "hbv_dna": "negative"}, "proceed_with_precautions"),
       ({"hbsag": "negative", "anti_hbc": "positive", "hbv_dna": "positive"}, "contraindicated"),
       ({"hbsag": "negative", "anti_hbc": "positive", "hbv_dna": "negative"},
        "proceed_with_precautions"),
       ({"hbsag": "negative", "anti_hbc": "negative"}, "proceed")]
# rec 7: each TB outcome (latent TB is treatable only under preventive treatment)
TB = [({"tb_screen": "negative"}, "proceed"),
      ({"tb_screen": "indeterminate"}, "consider"),
      ({"tb_screen": "positive", "tb_active": True}, "contraindicated"),
      ({"tb_screen": "positive", "tb_active": False, "latent_tb_prophylaxis": "not_planned"},
       "contraindicated"),
      ({"tb_screen": "positive", "tb_active": False,
        "latent_tb_prophylaxis": "planned_or_started"}, "proceed_with_precautions"),
      ({"tb_screen": "positive", "tb_active": False, "latent_tb_prophylaxis": "completed"},
       "proceed_with_precautions")]


@pytest.mark.parametrize("facts, verdict", HBV + TB)
def test_each_hbv_and_tb_outcome(client, facts, verdict):
    flow_id = "hbv" if any(k.startswith(("hb", "anti")) for k in facts) else "tb"
    answer = evaluate(client, {"facts": facts, "flows": [flow_id]})
    assert flow(answer, flow_id)["status"] == "complete"
    assert flow(answer, flow_id)["verdict"] == verdict
    assert answer["overall"]["verdict"] == verdict


def test_the_answer_is_the_cli_json(client, tmp_path):
    """Design §6: the same object as `evaluate --format json`, whole patient included."""
    facts = {**ROUTINE_MAN, "hbsag": "positive", "hbv_dna": "negative"}
    answer = evaluate(client, {"facts": facts, "bundle": "start", "lang": "zh"})
    assert answer == cli_json(tmp_path, facts, "--bundle", "start", "--lang", "zh")
    assert answer["overall"] == {"verdict": "proceed_with_precautions", "complete": True,
                                 "reachable": [], "also_from": []}


def test_an_incomplete_patient_says_what_to_obtain(client):
    """A missing fact never falls through: the HBV flow waits for HBV-DNA (rec 6)."""
    answer = evaluate(client, {"facts": {"hbsag": "positive"}, "flows": "hbv"})
    hbv = flow(answer, "hbv")
    assert hbv["status"] == "incomplete" and hbv["missing"][0] == "hbv_dna"
    assert answer["overall"]["verdict"] is None and not answer["overall"]["complete"]
    assert set(answer["overall"]["reachable"]) == {"contraindicated", "proceed_with_precautions"}


def test_a_pregnant_patient_is_not_told_to_proceed(client):
    """Rec 27: every start flow proceeds, but she is pregnant: the pregnancy flow, not asked
    for, joins the verdict and holds it back; without her status the verdict waits for it."""
    woman = {**ROUTINE_MAN, "sex": "female"}
    answer = evaluate(client, {"facts": {**woman, "pregnancy_status": "pregnant"},
                               "bundle": "start"})
    assert {f["verdict"] for f in answer["flows"] if f["selected"]} == {"proceed"}
    assert answer["overall"]["verdict"] == "not_recommended"
    assert answer["overall"]["also_from"] == ["pregnancy"]
    waiting = evaluate(client, {"facts": woman, "bundle": "start"})["overall"]
    assert waiting["verdict"] is None and "proceed" in waiting["reachable"]


def test_flows_and_openapi(client):
    flows = client.get("/api/flows").json()
    assert {f["id"] for f in flows["flows"]} >= {"hbv", "tb", "pregnancy"}
    assert {b["id"] for b in flows["bundles"]} == {"start", "infusion"}
    assert "clinical judgement" in flows["guideline"]["notice"]
    assert flows["guideline"]["citation"]
    zh = client.get("/api/flows", params={"lang": "zh"}).json()
    assert zh["flows"][0]["title"] != flows["flows"][0]["title"]
    spec = client.get("/api/openapi.json").json()
    assert spec["openapi"].startswith("3.1")
    assert {"/api/evaluate", "/api/flows"} <= set(spec["paths"])


def test_answers_conform_to_the_openapi_schema(client):
    """The published schema is the answer's real shape (pydantic validates a live answer)."""
    from render.server.openapi import Evaluation

    answer = evaluate(client, {"facts": ROUTINE_MAN, "bundle": "start"})
    Evaluation.model_validate(answer)


CLI_MISTAKES = [  # facts, CLI options: the API must say what the CLI says
    ({"nosuch": 1}, []),
    ({"hbsag": 5}, []),
    ({"hbsag": "maybe"}, []),
    ({"serum_igg_mg_dl": "10 kg"}, []),
    ({"age_years": -3}, []),
    ({"age_years": 300}, []),
    ({"first_infusion_date": "2025-02-30"}, []),
    ({}, ["--flow", "nosuch"]),
    ({}, ["--bundle", "nosuch"]),
]


@pytest.mark.parametrize("facts, options", CLI_MISTAKES)
def test_a_mistake_is_the_cli_line(client, tmp_path, facts, options):
    body = tmp_path / "body"  # the API names the request `body`, as the CLI names its file
    body.write_text(json.dumps({"facts": facts}))
    cli = subprocess.run([sys.executable, "-m", "render.cli", "evaluate", "body", *options],
                         cwd=tmp_path, capture_output=True, text=True,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert cli.returncode == 2
    request = {"facts": facts}
    if options:
        request[{"--flow": "flows", "--bundle": "bundle"}[options[0]]] = options[1]
    answer = evaluate(client, request, 422)
    assert f"nmosd-flow: {answer['error']}" == cli.stderr.strip()


@pytest.mark.parametrize("raw, says", [
    (b"{not json", "body"),
    (b"[1, 2]", "must be a JSON object"),
    (b'{"facts": {}, "color": 1}', "color: unknown key"),
    (b'{"facts": {}, "lang": "fr"}', "'fr' is not one of en, zh"),
    (b'{"facts": {}, "flows": [1]}', "flows: must be a flow id"),
    (b'{"facts": {}, "bundle": 3}', "bundle: must be a bundle id"),
    (b'{"facts": [1]}', "body"),
    (b'{"facts": {"hbsag": "positive", "hbsag": "negative"}}', "body"),
    (b"\xff\xfe", "body"),
])
def test_bad_requests_are_422_in_one_line(client, raw, says):
    r = client.post("/api/evaluate", content=raw, headers={"content-type": "application/json"})
    assert r.status_code == 422, r.text
    error = r.json()["error"]
    assert says in error and "\n" not in error and "Traceback" not in error


def test_wrong_type_size_and_method(client):
    r = client.post("/api/evaluate", content=b"facts=1",
                    headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 415 and "JSON" in r.json()["error"]
    r = client.get("/api/evaluate")
    assert r.status_code == 405 and set(r.json()) == {"error"}
    assert client.get("/api/nosuch").status_code == 404
    r = client.get("/api/flows", params={"lang": "fr"})
    assert r.status_code == 422


def test_a_body_over_the_limit_is_refused_before_it_is_read(served):
    """A declared 2 MiB body: 413 at once (the headers alone; the body is never sent)."""
    import socket
    from urllib.parse import urlsplit

    where = urlsplit(served.url)
    with socket.create_connection((where.hostname, where.port), timeout=60) as sock:
        sock.sendall(b"POST /api/evaluate HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     b"Content-Type: application/json\r\nContent-Length: 2097152\r\n\r\n")
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413")
    assert b"larger than 1024 KiB" in body


def test_headers_keep_it_local_and_private(client):
    r = client.post("/api/evaluate", json={"facts": {}, "bundle": "start"})
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "http" not in csp
    assert r.headers["cache-control"] == "no-store"
    page = client.get("/check", params={"bundle": "start"})
    assert "http" not in page.headers["content-security-policy"]
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert client.get("/healthz", headers={"host": "evil.example"}).status_code == 400
