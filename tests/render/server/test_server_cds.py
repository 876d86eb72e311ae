"""`serve` is also the CDS Hooks service (issue 14): discovery, a patient-view call answered
with a card whose link opens this server's check with the record's facts (no fact in a URL)."""

from __future__ import annotations

import json
import re

from .conftest import ROOT

CALL = json.loads((ROOT / "examples" / "cds-hooks" / "patient-view.json").read_text("utf-8"))


def test_discovery_lists_the_three_hooks(client):
    services = client.get("/cds-services").json()["services"]
    assert {s["hook"] for s in services} == {"patient-view", "order-select", "order-sign"}
    assert all(s["prefetch"] for s in services)


def test_a_patient_view_card_opens_the_check_prefilled(client, served):
    answer = client.post("/cds-services/nmosd-inebilizumab-patient-view", json=CALL)
    assert answer.status_code == 200
    (card,) = answer.json()["cards"]
    # the example record lacks the screening results (its HBsAg is stale): no verdict yet,
    # which the spec's indicators map to a warning, never to info (rec 6, 7: screen first)
    assert card["indicator"] == "warning" and card["summary"].startswith("Inebilizumab")
    link = card["links"][0]["url"]
    assert link.startswith(served.url + "/cds-check/")
    page = client.get(link.removeprefix(served.url)).text
    assert '<form method="post" action="/check">' in page
    fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', page))
    assert fields["f:aqp4_igg"] == "positive" and fields["f:diagnosis"] == "nmosd"
    check = client.post("/check", data=fields)
    assert check.status_code == 200 and "Whole-patient check" in check.text


def test_a_call_to_an_unknown_service_is_one_line(client):
    answer = client.post("/cds-services/nope", json=CALL)
    assert answer.status_code == 404 and "\n" not in answer.text.strip()


def test_a_call_with_a_long_record_is_read_and_other_posts_keep_the_file_limit(client):
    # A prefetch may carry a long record: a call past a patient file's 1 MiB (here ~1.5 MiB of
    # results with long notes) is still answered, up to a FHIR Bundle's 32 MiB. A form post of
    # the same size is refused at the patient file limit (413, one line).
    import copy

    call = copy.deepcopy(CALL)
    entries = call["prefetch"]["observations"]["entry"]
    for i in range(15):
        entries.append({"resource": {
            "resourceType": "Observation", "id": f"note{i}", "status": "final",
            "subject": {"reference": "Patient/demo-cds"},
            "code": {"coding": [{"system": "http://loinc.org", "code": "8302-2"}]},
            "effectiveDateTime": "2025-08-01", "note": [{"text": "x" * 100_000}]}})
    body = json.dumps(call).encode()
    assert len(body) > 1_400_000
    answer = client.post("/cds-services/nmosd-inebilizumab-patient-view", content=body,
                         headers={"content-type": "application/json"})
    assert answer.status_code == 200 and answer.json()["cards"]
    refused = client.post("/check", content=body,
                          headers={"content-type": "application/x-www-form-urlencoded"})
    assert refused.status_code == 413 and "\n" not in refused.text.strip()
