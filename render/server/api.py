"""The JSON API: ``POST /api/evaluate`` answers the object of design §6 (what `nmosd-flow
evaluate --format json` prints); ``GET /api/flows`` and ``GET /api/facts`` describe the
guideline; ``GET /api/openapi.json`` describes the API. A mistake is HTTP 422 with the CLI's
one-line message."""

from __future__ import annotations

from starlette.responses import JSONResponse

from flows.evaluation import __version__, to_json
from graph import Guideline, GuidelineError, Patient, UsageError, patient_from
from graph.patient import decode, parse_document
from graph.values import suggest

from .words import words

KEYS = ("id", "facts", "flows", "bundle", "lang")
LANGS = ("en", "zh")
BODY = "body"  # where an error is, as a patient file's name is in the CLI's messages
JSON_TYPES = ("", "application/json")
# /api/evaluate answers every method (a wrong one is its own 405, not the site's 404)
ANY_METHOD = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


def parse_request(g: Guideline, raw: bytes, default_lang: str) -> tuple[Patient, list[str], str]:
    """The patient, the flows to evaluate and the language of an evaluate request; raises a
    GuidelineError whose text is the CLI's line for the same mistake."""
    data = parse_document(BODY, decode(BODY, raw), True)
    if not isinstance(data, dict):
        raise UsageError(f"{BODY}: must be a JSON object with `facts`, not {type(data).__name__}")
    for key in data:
        if key not in KEYS:
            raise UsageError(f"{BODY}: {key}: unknown key{suggest(key, KEYS)} (allowed: "
                             f"{', '.join(KEYS)})")
    lang = _lang(data.get("lang", default_lang), f"{BODY}: lang")
    flows = data.get("flows") or []
    flows = [flows] if isinstance(flows, str) else flows
    if not isinstance(flows, list) or not all(isinstance(f, str) for f in flows):
        raise UsageError(f"{BODY}: flows: must be a flow id or a list of flow ids")
    bundle = data.get("bundle")
    if bundle is not None and not isinstance(bundle, str):
        raise UsageError(f"{BODY}: bundle: must be a bundle id such as start or infusion")
    flow_ids = g.select_flows(flows, bundle)
    patient = patient_from(BODY, {"id": data.get("id"), "facts": data.get("facts")}, g.facts,
                           g.aliases, default_id="patient")
    return patient, flow_ids, lang


def _lang(value, where: str) -> str:
    if value not in LANGS:
        raise UsageError(f"{where}: {value!r} is not one of {', '.join(LANGS)}")
    return value


def error(message: str, status: int = 422) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


async def evaluate(request) -> JSONResponse:
    """``POST /api/evaluate``: ``{facts, flows?, bundle?, lang?, id?}`` -> design §6's object."""
    if request.method != "POST":
        response = error("use POST with a JSON body {facts, flows?, bundle?, lang?}", 405)
        response.headers["allow"] = "POST"
        return response
    s = request.app.state.server
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind not in JSON_TYPES and not kind.endswith("+json"):
        return error("send the request as JSON (Content-Type: application/json)", 415)
    raw = await request.body()
    try:
        patient, flow_ids, lang = parse_request(s.g, raw, s.settings.lang)
    except GuidelineError as exc:
        return error(str(exc))
    ev = s.g.evaluate(patient, flow_ids)
    return JSONResponse(to_json(s.g, patient.id, ev, lang))


async def unknown(request) -> JSONResponse:
    """Any other address under /api/: 404 in one line (never a page of the site)."""
    return error("no such API address (see /api/openapi.json)", 404)


def _query_lang(request) -> str:
    return _lang(request.query_params.get("lang", request.app.state.server.settings.lang), "lang")


def described(describe):
    """A GET endpoint answering ``describe(g, lang)`` in the ``?lang=`` asked (422 if unknown)."""

    async def endpoint(request) -> JSONResponse:
        try:
            lang = _query_lang(request)
        except UsageError as exc:
            return error(str(exc))
        return JSONResponse(describe(request.app.state.server.g, lang))

    endpoint.__doc__ = describe.__doc__
    return endpoint


@described
def flows(g: Guideline, lang: str) -> dict:
    """``GET /api/flows``: the guideline, its flows (facts asked, when each applies), bundles."""
    return ({
        "guideline": guideline_json(g, lang),
        "flows": [{"id": f.id, "kind": f.kind, "title": f.title.get(lang),
                   "summary": f.summary.get(lang), "source": f.source,
                   "recommendations": list(f.recommendations), "facts": f.facts_asked(),
                   "applies_when": [_trigger(t) for t in f.trigger]} for f in g.flows.values()],
        "bundles": [{"id": b.id, "title": b.title.get(lang), "flows": list(b.flows)}
                    for b in g.bundles.values()]})


def _trigger(t) -> dict:
    return {"fact": t.fact, "in": sorted(t.is_in, key=str) if t.is_in else None,
            "not_in": sorted(t.not_in, key=str) if t.not_in else None}


@described
def facts(g: Guideline, lang: str) -> dict:
    """``GET /api/facts``: every fact a request may give, with its type, values, unit, range."""
    return ({"facts": [
        {"name": f.name, "type": f.type, "label": f.label.get(lang),
         "description": f.description.get(lang),
         "values": [{"id": v.id, "label": v.label.get(lang)} for v in f.values],
         "unit": f.unit, "units": [u for u, _ in f.factors], "minimum": f.minimum,
         "maximum": f.maximum, "integer": f.integer, "derived": f.derived}
        for f in g.facts.values()], "aliases": dict(g.aliases)})


def guideline_json(g: Guideline, lang: str) -> dict:
    """Which guideline answers, with its citation and the notice every result carries."""
    return {"id": g.id, "title": g.title.get(lang), "citation": g.citation.get(lang),
            "tool_version": __version__, "flows_sha256": g.sha256,
            "notice": words(lang)["notice"]}


async def openapi(request) -> JSONResponse:
    """``GET /api/openapi.json``: the OpenAPI 3.1 description of this API."""
    s = request.app.state.server
    if s.openapi is None:
        from .openapi import document

        s.openapi = document(s.g)
    return JSONResponse(s.openapi)
