"""The HTTP side of the CDS services: discovery, the hook calls and the check's hand-off page.
Nothing a request says about a patient is logged or stored beyond a hand-off's lifetime."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

import httpx
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from flows.fhir import facts_from_fhir, fhir_map
from graph import Guideline, Patient, PatientFileError, type_facts

from ..server import canonical
from ..wording import warning_text
from . import cards
from .gather import gather
from .handoff import Handoff, Handoffs, gone, page
from .orders import earlier_orders, orders_in_question
from .services import BY_ID, discovery, fill, prefetch_templates
from .trust import Refused, Trust, check_caller

HANDOFF_PATH = "/cds-check"
PAGE_HEADERS = {"cache-control": "no-store", "referrer-policy": "no-referrer",
                "content-security-policy": "default-src 'none'; form-action 'self'; base-uri 'none'; "
                                           "frame-ancestors 'none'"}


@dataclass
class CdsConfig:
    """How the CDS services run. ``public_url``: the base URL clients call (for `aud` and the
    links in cards; default: the request's own). ``check_url``/``site_url``: where the check
    and the guideline site are (paths are taken on this server). ``today``: the evaluation
    date. ``transport``: an httpx transport for the FHIR server (tests)."""

    trust: Trust | None = None
    check_url: str = "/check"
    site_url: str | None = "/"
    public_url: str | None = None
    lang: str = "en"
    fhir_timeout: float = 5.0
    transport: httpx.AsyncBaseTransport | None = None
    today: object = dt.date.today
    handoffs: Handoffs = field(default_factory=Handoffs)


def routes(guideline: Guideline, *, trust: Trust | None = None, check_url: str = "/check",
           config: CdsConfig | None = None) -> list[Route]:
    """The Starlette routes: GET /cds-services, POST /cds-services/{id}, GET /cds-check/{token}."""
    config = config or CdsConfig(trust=trust, check_url=check_url)
    cds = _Cds(guideline, config)
    return [Route("/cds-services", cds.discover, methods=["GET"]),
            Route("/cds-services/{service_id}", cds.call, methods=["POST"]),
            Route(HANDOFF_PATH + "/{token}", cds.handoff, methods=["GET"])]


def _refusal(exc: Refused) -> Response:
    headers = {"www-authenticate": "Bearer"} if exc.status == 401 else {}
    return PlainTextResponse(str(exc) + "\n", exc.status, headers=headers)


def _error(message: str, status: int = 400) -> Response:
    return PlainTextResponse(message + "\n", status)


class _Cds:
    def __init__(self, g: Guideline, config: CdsConfig):
        self.g, self.config, self.fmap = g, config, fhir_map()
        self.templates = prefetch_templates(self.fmap)

    def base(self, request: Request) -> str:
        return (self.config.public_url or str(request.base_url)).rstrip("/")

    def absolute(self, request: Request, url: str | None) -> str | None:
        return self.base(request) + url if url and url.startswith("/") else url

    async def caller(self, request: Request) -> None:
        """Refused unless the caller may be answered (a key set may be fetched: off the loop)."""
        host = request.client.host if request.client else None
        await run_in_threadpool(check_caller, self.config.trust, host,
                                request.headers.get("authorization"),
                                self.base(request) + request.url.path)

    async def discover(self, request: Request) -> Response:
        try:
            await self.caller(request)
        except Refused as exc:
            return _refusal(exc)
        return JSONResponse(discovery(self.fmap))

    async def call(self, request: Request) -> Response:
        name = request.path_params["service_id"]
        service = BY_ID.get(name)
        if service is None:
            return _error(f"no CDS service {name!r} (see GET /cds-services)", 404)
        try:
            await self.caller(request)
        except Refused as exc:
            return _refusal(exc)
        try:
            body = json.loads(await request.body())
        except (UnicodeDecodeError, json.JSONDecodeError):
            return _error("the request body is not JSON")
        problem = _request_problem(body, service.hook)
        if problem:
            return _error(problem)
        context = body["context"]
        if service.orders and not orders_in_question(context):
            return JSONResponse({"cards": []})
        queries = {k: fill(t, context) for k, t in self.templates.items()}
        got = await gather(body, queries, self.config.fhir_timeout, self.config.transport)
        return JSONResponse({"cards": self.answer(request, service, context, got)})

    def answer(self, request: Request, service, context: dict, got) -> list[dict]:
        g, lang, site = self.g, self.config.lang, self.absolute(request, self.config.site_url)
        out, facts, provenance, notes = [], {}, {}, {"warnings": [], "unmapped": []}
        patient_id = context.get("patientId") if isinstance(context.get("patientId"), str) else ""
        today = self.config.today()
        try:
            record = facts_from_fhir(got.record(), g, today, label="record",
                                     fmap=self.fmap)
            if patient_id and record.patient_id not in (None, patient_id):
                raise PatientFileError(f"record: it is Patient/{record.patient_id}'s, but the hook "
                                       f"context names Patient/{patient_id}; nothing in it is used")
        except PatientFileError as exc:
            out.append(cards.unreadable_card(str(exc), lang, site))
        else:
            facts, notes["warnings"] = _typed(g, record.raw,
                                              [warning_text(g, m, lang) for m in record.warnings])
            provenance, notes["unmapped"] = record.provenance, list(record.unmapped)
        prior = earlier_orders(got.resources.get("medications", ()), context)
        notes["orders"] = prior
        infusion = g.bundles["infusion"].flows if (service.with_infusion or prior) else ()
        flow_ids = g.select_flows(infusion, service.bundle)
        ev = g.evaluate(Patient(patient_id or "patient", facts, "record"), flow_ids)
        notes["warnings"] += [warning_text(g, m, lang) for m in ev.warnings]
        shown = tuple((g.facts[f].label.get(lang), cards.value_text(g, f, v, lang)) for f, v in facts.items())
        token = self.config.handoffs.put(Handoff(
            patient_id, tuple((f, canonical(v)) for f, v in facts.items()), shown,
            service.bundle, tuple(infusion)))
        link = {"label": cards.WORDS[lang]["link"], "type": "absolute",
                "url": f"{self.base(request)}{HANDOFF_PATH}/{token}"}
        main = cards.card(cards.summary(g, ev, lang), cards.indicator(ev),
                          cards.detail(g, ev, facts, provenance, notes, lang, today), lang, site, [link])
        out.insert(0, main)
        if got.missing:
            out.append(cards.missing_card(got.missing, lang, site))
        return out

    async def handoff(self, request: Request) -> Response:
        item = self.config.handoffs.get(request.path_params["token"])
        if item is None:
            return HTMLResponse(gone(self.config.lang), 404, headers=PAGE_HEADERS)
        return HTMLResponse(page(item, self.config.check_url, self.config.lang), headers=PAGE_HEADERS)


def _typed(g: Guideline, raw: dict, warnings: list[str]) -> tuple[dict, list[str]]:
    """The record's facts typed one by one: a value the tool cannot use is dropped and said."""
    facts = {}
    for name, value in raw.items():
        try:
            facts.update(type_facts("record", {name: value}, g.facts, g.aliases))
        except PatientFileError as exc:
            warnings.append(f"{exc}; not used")
    return facts, warnings


def _request_problem(body, hook: str) -> str | None:
    """One line for the first way ``body`` is not a CDS Hooks request for ``hook``."""
    if not isinstance(body, dict):
        return "the request must be a JSON object"
    if body.get("hook") != hook:
        return f"hook: this service answers {hook!r}, not {body.get('hook')!r}"
    if not isinstance(body.get("hookInstance"), str) or not body["hookInstance"]:
        return "hookInstance: required (a UUID string)"
    if not isinstance(body.get("context"), dict):
        return "context: required (an object)"
    if "prefetch" in body and not isinstance(body["prefetch"], dict):
        return "prefetch: must be an object"
    auth = body.get("fhirAuthorization")
    if auth is not None:
        if not isinstance(auth, dict) or not isinstance(auth.get("access_token"), str):
            return "fhirAuthorization: must be an object with an access_token"
        if auth.get("token_type") != "Bearer":
            return "fhirAuthorization.token_type: must be 'Bearer'"
        if "fhirServer" not in body:
            return "fhirServer: required when fhirAuthorization is given"
    return None
