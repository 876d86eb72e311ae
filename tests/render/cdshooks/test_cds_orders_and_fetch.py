"""order-select and order-sign answer only for inebilizumab (recognised by its name: no drug
code could be verified); a record not prefetched is read from the client's FHIR server with
the request's access token, or a card says what is missing (nothing is assumed)."""

from urllib.parse import parse_qs, urlsplit

import httpx
from cds_helpers import (
    G,
    bundle,
    call,
    draft_orders,
    inebilizumab_order,
    make_app,
    other_order,
    prefetch_of,
    request,
    searchset,
)

SELECT = "/cds-services/nmosd-inebilizumab-order-select"
SIGN = "/cds-services/nmosd-inebilizumab-order-sign"
PV = "/cds-services/nmosd-inebilizumab-patient-view"
FHIR = "https://fhir.example.org/r4"
AUTH = {"access_token": "opaque-access-token", "token_type": "Bearer", "expires_in": 300,
        "scope": "patient/Patient.read patient/Observation.read patient/Condition.read "
                 "patient/MedicationRequest.read", "subject": "nmosd-flow-cds"}
PRE = prefetch_of(bundle("hbv-carrier"))


def cards(path: str, body: dict, **config) -> list[dict]:
    r = call(make_app(**config), "POST", path, body)
    assert r.status_code == 200, r.text
    return r.json()["cards"]


def without_ids(card: dict) -> dict:
    return {k: v for k, v in card.items() if k not in ("uuid", "links")}


def test_order_select_is_silent_for_other_drugs():
    ctx = {"selections": ["MedicationRequest/amox-1"], "draftOrders": draft_orders(other_order())}
    assert cards(SELECT, request("order-select", "demo-hbv-carrier", PRE, context=ctx)) == []


def test_order_select_answers_for_a_selected_inebilizumab_order_only():
    drafts = draft_orders(other_order(), inebilizumab_order())
    ctx = {"selections": ["MedicationRequest/amox-1"], "draftOrders": drafts}
    assert cards(SELECT, request("order-select", "demo-hbv-carrier", PRE, context=ctx)) == []
    ctx = {"selections": ["MedicationRequest/ineb-1"], "draftOrders": drafts}
    answer = cards(SELECT, request("order-select", "demo-hbv-carrier", PRE, context=ctx))
    assert len(answer) == 1 and "Proceed with precautions (rec 6)" in answer[0]["detail"]


def test_order_select_gives_the_same_card_as_patient_view():
    ctx = {"selections": ["MedicationRequest/ineb-1"], "draftOrders": draft_orders(inebilizumab_order())}
    select = cards(SELECT, request("order-select", "demo-hbv-carrier", PRE, context=ctx))
    view = cards(PV, request("patient-view", "demo-hbv-carrier", PRE))
    assert [without_ids(c) for c in select] == [without_ids(c) for c in view]


def test_order_sign_adds_the_checks_before_every_infusion():
    """Rec 5: active infection is checked before every infusion; the infusion bundle's
    situational flows (rec 6, 7, 15, 23, 24) are listed, not applicable without their facts."""
    order = inebilizumab_order()
    order["medicationCodeableConcept"] = {"text": "伊奈利珠单抗注射液 100 mg/10 mL"}
    answer = cards(SIGN, request("order-sign", "demo-hbv-carrier", PRE,
                                 context={"draftOrders": draft_orders(order)}))
    detail = answer[0]["detail"]
    for flow in G.bundles["infusion"].flows:
        assert f"**{G.flows[flow].title.en}**" in detail, flow
    assert f"**{G.flows['pml'].title.en}** — not applicable" in detail
    assert "(`active_infection`)" in detail
    assert cards(SIGN, request("order-sign", "demo-hbv-carrier", PRE,
                               context={"draftOrders": draft_orders(other_order())})) == []


def test_earlier_inebilizumab_orders_in_the_record_bring_the_infusion_checks():
    pre = prefetch_of(bundle("hbv-carrier"), [inebilizumab_order("given-1", "completed")])
    detail = cards(PV, request("patient-view", "demo-hbv-carrier", pre))[0]["detail"]
    assert "earlier inebilizumab orders" in detail
    assert f"**{G.flows['b_cells'].title.en}**" in detail


class FakeFhir:
    """A FHIR server holding one example record; it answers only with the right token."""

    def __init__(self, name: str, fail: dict | None = None):
        rs = [e["resource"] for e in bundle(name)["entry"]]
        self.by_type = {t: [r for r in rs if r["resourceType"] == t]
                        for t in ("Patient", "Observation", "Condition", "MedicationRequest")}
        self.fail, self.seen = fail or {}, []

    def __call__(self, req: httpx.Request) -> httpx.Response:
        self.seen.append(req)
        if req.headers.get("authorization") != "Bearer " + AUTH["access_token"]:
            return httpx.Response(401)
        path = req.url.path.removeprefix("/r4/")
        kind = path.split("/")[0]
        if kind in self.fail:
            failure = self.fail[kind]
            if isinstance(failure, Exception):
                raise failure
            return httpx.Response(failure)
        if "/" in path:
            found = [r for r in self.by_type[kind] if r["id"] == path.split("/")[1]]
            return httpx.Response(200, json=found[0]) if found else httpx.Response(404)
        return httpx.Response(200, json=searchset(self.by_type[kind]))

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)


def test_missing_prefetch_is_fetched_from_the_fhir_server_with_the_access_token():
    fake = FakeFhir("hbv-carrier")
    body = request("patient-view", "demo-hbv-carrier", {"patient": PRE["patient"]},
                   fhirServer=FHIR, fhirAuthorization=AUTH)
    fetched = cards(PV, body, transport=fake.transport())
    prefetched = cards(PV, request("patient-view", "demo-hbv-carrier", PRE))
    assert [without_ids(c) for c in fetched] == [without_ids(c) for c in prefetched]
    assert sorted(r.url.path for r in fake.seen) == ["/r4/Condition", "/r4/MedicationRequest",
                                                     "/r4/Observation"]
    observation = next(r for r in fake.seen if r.url.path == "/r4/Observation")
    query = parse_qs(urlsplit(str(observation.url)).query)
    assert query["patient"] == ["demo-hbv-carrier"]
    assert "http://loinc.org|13952-7" in query["code"][0].split(",")  # anti-HBc


def test_a_fhir_server_that_fails_gives_a_card_saying_what_is_missing():
    fake = FakeFhir("hbv-carrier", fail={"Observation": 500,
                                         "Condition": httpx.ReadTimeout("slow")})
    body = request("patient-view", "demo-hbv-carrier", {}, fhirServer=FHIR, fhirAuthorization=AUTH)
    answer = cards(PV, body, transport=fake.transport())
    assert len(answer) == 2
    missing = answer[1]
    assert missing["indicator"] == "warning"
    assert missing["summary"] == "Part of the record could not be read"
    assert "- observations: the FHIR server answered HTTP 500" in missing["detail"]
    assert "- conditions: the FHIR server did not answer in time" in missing["detail"]
    assert "(`hbsag`)" in answer[0]["detail"]  # never assumed: HBsAg is to be obtained


def test_no_prefetch_and_no_fhir_server_gives_a_card_saying_what_is_missing():
    answer = cards(PV, request("patient-view", "demo-hbv-carrier"))
    assert answer[0]["summary"].startswith("Inebilizumab: no verdict yet")
    lines = [line for line in answer[1]["detail"].splitlines() if line.startswith("- ")]
    assert lines == [f"- {key}: no prefetch and no fhirServer given"
                     for key in ("patient", "observations", "conditions", "medications")]


def test_a_null_prefetch_means_no_data_not_missing():
    """CDS Hooks 2.0: a key whose query found nothing is sent as null."""
    pre = {**PRE, "conditions": None}
    answer = cards(PV, request("patient-view", "demo-hbv-carrier", pre))
    assert len(answer) == 1 and "(`diagnosis`)" in answer[0]["detail"]


def test_a_plain_http_fhir_server_elsewhere_is_not_called():
    fake = FakeFhir("hbv-carrier")
    body = request("patient-view", "demo-hbv-carrier", {}, fhirServer="http://fhir.example.org/r4",
                   fhirAuthorization=AUTH)
    answer = cards(PV, body, transport=fake.transport())
    assert fake.seen == [] and "must be an https URL" in answer[1]["detail"]


def test_the_access_token_goes_to_no_other_server():
    """A `next` link to another host is not followed (the token stays with the FHIR server)."""
    def handler(req):
        seen.append(str(req.url))
        page = searchset([])
        page["link"] = [{"relation": "next", "url": "https://elsewhere.example/page2"}]
        return httpx.Response(200, json=page)

    seen = []
    body = request("patient-view", "demo-hbv-carrier", {"patient": PRE["patient"]},
                   fhirServer=FHIR, fhirAuthorization=AUTH)
    cards(PV, body, transport=httpx.MockTransport(handler))
    assert seen and not any("elsewhere" in url for url in seen)


def test_a_record_of_another_patient_is_not_used():
    answer = cards(PV, request("patient-view", "someone-else", PRE))
    assert answer[0]["summary"].startswith("Inebilizumab: no verdict yet")
    assert "From the record" not in answer[0]["detail"]
    assert answer[1]["summary"] == "The record could not be read"
    assert "Patient/demo-hbv-carrier" in answer[1]["detail"] and "someone-else" in answer[1]["detail"]


def test_a_context_without_a_usable_patient_id_fetches_nothing():
    fake = FakeFhir("hbv-carrier")
    body = request("patient-view", "../Patient?x", {}, fhirServer=FHIR, fhirAuthorization=AUTH)
    answer = cards(PV, body, transport=fake.transport())
    assert fake.seen == []
    assert "- patient: the hook context gives no usable patientId" in answer[-1]["detail"]


def test_the_cards_can_be_in_chinese():
    answer = cards(PV, request("patient-view", "demo-hbv-carrier", PRE), lang="zh")
    assert answer[0]["summary"].startswith("伊奈利珠单抗：尚无结论；需获取")
    assert f"**{G.flows['hbv'].title.zh}**" in answer[0]["detail"]
