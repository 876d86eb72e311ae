"""Discovery and the cards of patient-view, checked field by field against CDS Hooks 2.0
(https://cds-hooks.hl7.org/2.0/: Discovery; CDS Service Response; Card, Source, Link; "JSON
elements SHALL NOT be null or empty"). Expected verdicts come from the recommendations."""

import re
import uuid
from urllib.parse import urlsplit

import pytest
from cds_helpers import BASE, REMOTE, ROOT, G, bundle, call, make_app, prefetch_of, request

from flows.fhir import fhir_map
from graph import Patient, read_patient
from render.cdshooks.cards import indicator

PV = "/cds-services/nmosd-inebilizumab-patient-view"
SERVICE_FIELDS = {"hook", "title", "description", "id", "prefetch", "usageRequirements"}
CARD_FIELDS = {"uuid", "summary", "detail", "indicator", "source", "suggestions",
               "selectionBehavior", "overrideReasons", "links"}
LINK_FIELDS = {"label", "url", "type", "appContext"}


def no_null_or_empty(value, where="response"):
    """CDS Hooks 2.0: null, "", [] and {} are prohibited unless specified (cards may be [])."""
    assert value not in (None, "", [], {}) or where == "response.cards", where
    if isinstance(value, dict):
        for k, v in value.items():
            no_null_or_empty(v, f"{where}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            no_null_or_empty(v, f"{where}[{i}]")


def absolute(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def check_card(card: dict) -> None:
    assert set(card) <= CARD_FIELDS
    assert {"summary", "indicator", "source"} <= set(card)
    assert isinstance(card["summary"], str) and 0 < len(card["summary"]) < 140
    assert card["indicator"] in ("info", "warning", "critical")
    assert set(card["source"]) <= {"label", "url", "icon", "topic"} and card["source"]["label"]
    assert "url" not in card["source"] or absolute(card["source"]["url"])
    assert isinstance(card.get("detail", ""), str)
    uuid.UUID(card["uuid"])
    assert ("suggestions" in card) == ("selectionBehavior" in card)
    for link in card.get("links", ()):
        assert set(link) <= LINK_FIELDS and {"label", "url", "type"} <= set(link)
        assert link["type"] in ("absolute", "smart") and absolute(link["url"])


def cards_of(response) -> list[dict]:
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) <= {"cards", "systemActions"} and isinstance(body["cards"], list)
    no_null_or_empty(body)
    for card in body["cards"]:
        check_card(card)
    return body["cards"]


def test_discovery_lists_the_three_services_with_prefetch_templates():
    r = call(make_app(), "GET", "/cds-services")
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {"services"}
    no_null_or_empty(body)
    hooks = {}
    for s in body["services"]:
        assert set(s) <= SERVICE_FIELDS and {"hook", "description", "id"} <= set(s)
        assert re.fullmatch(r"[A-Za-z0-9\-]+", s["id"])
        hooks[s["hook"]] = s
        for key, template in s["prefetch"].items():
            # Only the hooks' prefetch token patientId; type-level searches or an instance read.
            assert set(re.findall(r"\{\{([^}]*)\}\}", template)) == {"context.patientId"}, key
            kind, _, query = template.partition("?")
            assert re.fullmatch(r"[A-Z][A-Za-z]+(/\{\{context\.patientId\}\})?", kind), key
            # token search by equality: no modifier on a parameter name (prefetch restrictions)
            assert all(":" not in p.partition("=")[0] for p in query.split("&") if query), key
    assert set(hooks) == {"patient-view", "order-select", "order-sign"}
    assert len({s["id"] for s in body["services"]}) == 3


def test_the_prefetch_asks_for_every_code_the_fhir_map_reads():
    templates = call(make_app(), "GET", "/cds-services").json()["services"][0]["prefetch"]
    assert templates["patient"] == "Patient/{{context.patientId}}"
    observation = templates["observations"].split("&code=")[1].split(",")
    condition = templates["conditions"].split("&code=")[1].split(",")
    fmap = fhir_map()
    for fact in fmap.rules:
        for uri, code, _ in fmap.coding_of(fact):
            assert f"{uri}|{code}" in (condition if uri != "http://loinc.org" else observation), fact
    assert "http://loinc.org|5195-3" in observation  # HBsAg, LOINC long common name in the map
    assert "http://hl7.org/fhir/sid/icd-10|G36.0" in condition  # neuromyelitis optica
    assert templates["medications"] == "MedicationRequest?patient={{context.patientId}}"


def test_patient_view_answers_with_the_hbv_carriers_verdicts_and_what_to_obtain():
    """Rec 6: anti-HBc positive with HBV-DNA negative -> antiviral prophylaxis (precautions).
    The record cannot say whether an infection is active now (rec 5), so no overall verdict:
    the card warns, names what to obtain and links to the check."""
    body = request("patient-view", "demo-hbv-carrier", prefetch_of(bundle("hbv-carrier")))
    cards = cards_of(call(make_app(), "POST", PV, body))
    assert len(cards) == 1
    card = cards[0]
    assert card["indicator"] == "warning"
    assert card["summary"].startswith("Inebilizumab: no verdict yet")
    detail = card["detail"]
    assert "**Hepatitis B screening before the first infusion** — Proceed with precautions (rec 6)" in detail
    assert "HBV-DNA result (anti-HBc positive)? → negative" in detail
    assert "antiviral prophylaxis" in detail
    assert "#### What to obtain next" in detail and "(`active_infection`)" in detail
    assert "HBsAg: negative — Observation/hbsag, http://loinc.org|5195-3, 2025-07-22" in detail
    assert [link["url"].startswith(BASE + "/cds-check/") for link in card["links"]] == [True]


def test_an_active_hbv_infection_in_the_record_makes_the_card_critical():
    """Rec 6: anti-HBc positive with HBV-DNA positive is active HBV: inebilizumab must not be
    started; a contraindication stands while other flows are incomplete (design §3)."""
    doc = bundle("hbv-carrier")
    dna = next(e["resource"] for e in doc["entry"] if e["resource"]["id"] == "hbv-dna")
    dna["interpretation"][0]["coding"][0]["code"] = "DET"
    cards = cards_of(call(make_app(), "POST", PV, request("patient-view", "demo-hbv-carrier",
                                                               prefetch_of(doc))))
    assert cards[0]["indicator"] == "critical"
    assert cards[0]["summary"] == "Inebilizumab: Contraindicated (other flows incomplete)"
    assert "— Contraindicated (rec 6)" in cards[0]["detail"]


def test_record_warnings_and_unmapped_results_are_shown():
    doc = bundle("hbv-carrier")
    old = next(e["resource"] for e in doc["entry"] if e["resource"]["id"] == "hbsag")
    old["effectiveDateTime"] = "2024-01-02"  # older than the map's 90 days for a screen
    doc["entry"].append({"resource": {
        "resourceType": "Observation", "id": "hcv-rna", "status": "final",
        "subject": {"reference": "Patient/demo-hbv-carrier"},
        "code": {"coding": [{"system": "http://loinc.org", "code": "11259-9"}]},
        "effectiveDateTime": "2025-08-01", "valueString": "not detected"}})
    detail = cards_of(call(make_app(), "POST", PV, request("patient-view", "demo-hbv-carrier",
                                                                prefetch_of(doc))))[0]["detail"]
    assert "#### Record warnings" in detail and "older than 90" in detail
    assert "#### Not used from the record" in detail and "hcv\\_active" in detail
    assert "(`hbsag`)" in detail  # the stale result is not used: HBsAg is to be obtained


def test_a_request_that_is_not_a_cds_hooks_call_gets_one_line():
    app = make_app()
    for body, message in (({"hook": "order-sign", "hookInstance": "x", "context": {}}, "hook:"),
                          ({"hook": "patient-view", "context": {}}, "hookInstance:"),
                          ({"hook": "patient-view", "hookInstance": "x"}, "context:"),
                          ({"hook": "patient-view", "hookInstance": "x", "context": {},
                            "fhirAuthorization": {"access_token": "t", "token_type": "Bearer"}},
                           "fhirServer:")):
        r = call(app, "POST", PV, body)
        assert r.status_code == 400 and r.text.startswith(message) and r.text.count("\n") == 1
    assert call(app, "POST", "/cds-services/nope", {}).status_code == 404


@pytest.mark.parametrize("name,sex,expected", [
    ("routine-start", "male", "info"),  # every start screen routine (rec 1-11): proceed
    ("hbv-carrier", "female", "warning"),  # rec 6 prophylaxis, rec 27 contraception
    ("incomplete-data", "female", "warning"),  # no verdict yet
])
def test_the_indicator_follows_the_overall_verdict(name, sex, expected):
    p = read_patient(ROOT / "examples" / "patients" / f"{name}.yaml", G.facts, G.aliases)
    facts = {**p.facts, "sex": sex}
    if sex == "male":
        facts.pop("pregnancy_status", None)
    ev = G.evaluate(Patient(p.id, facts, "x"), bundle="start")
    assert indicator(ev) == expected


def test_non_loopback_callers_are_refused_without_a_trust_file():
    app = make_app()
    for method, path in (("GET", "/cds-services"), ("POST", PV)):
        r = call(app, method, path, request("patient-view", "p1", {}), client=REMOTE)
        assert r.status_code == 403 and r.text.count("\n") == 1
        assert "trust file" in r.text
