"""The OpenAPI 3.1 description of the JSON API. Its schemas are pydantic models of the objects
the API answers with (design §6 for an evaluation), so a test can hold real answers to them."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import models_json_schema

from flows.evaluation import __version__
from graph import Guideline


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class EvaluateRequest(_Strict):
    """What to evaluate: the facts as a patient file gives them (lab-report words and
    quantities with units accepted), and which flows; without flows or bundle, every flow."""

    facts: dict[str, Any] = Field(description="fact name -> value, e.g. {\"hbsag\": \"阴性\"}")
    flows: str | list[str] | None = Field(None, description="flow ids (GET /api/flows)")
    bundle: str | None = Field(None, description="a bundle: start or infusion")
    lang: Literal["en", "zh"] | None = Field(None, description="language of the texts")
    id: str | int | None = Field(None, description="the patient's id, echoed as `patient`")


class Action(_Strict):
    id: str
    text: str
    timing: str | None
    recommendations: list[int]


class Reachable(_Strict):
    outcome: str
    verdict: str


class FlowResult(_Strict):
    flow: str
    selected: bool = Field(description="false for a flow not asked for that applies")
    status: Literal["complete", "incomplete", "not_applicable"]
    verdict: str | None
    subject: str | None
    override: str | None
    outcome: str | None
    path: list[str]
    recommendations: list[int]
    actions: list[Action]
    missing: list[str] = Field(description="the fact to obtain next first")
    reachable: list[Reachable]


class Overall(_Strict):
    verdict: str | None
    complete: bool
    reachable: list[str]
    also_from: list[str] = Field(description="flows not asked for whose verdicts joined")


class GuidelineRef(_Strict):
    id: str
    tool_version: str
    flows_sha256: str


class Evaluation(_Strict):
    """The object `nmosd-flow evaluate --format json` prints (design §6)."""

    patient: str
    guideline: GuidelineRef
    overall: Overall
    flows: list[FlowResult]
    warnings: list[str]


class Error(_Strict):
    error: str = Field(description="one line, as the command line says it")


MODELS = (EvaluateRequest, Evaluation, Error)


def document(g: Guideline) -> dict:
    """The OpenAPI document, verdicts listed from the guideline's data."""
    _, top = models_json_schema([(m, "validation") for m in MODELS],
                                ref_template="#/components/schemas/{model}")
    schemas = top["$defs"]
    verdicts = {"enum": g.verdict_order()}
    for name, field in (("FlowResult", "verdict"), ("Overall", "verdict")):
        schemas[name]["properties"][field]["anyOf"][0].update(verdicts)
    schemas["Reachable"]["properties"]["verdict"].update(verdicts)
    ref = {name: {"$ref": f"#/components/schemas/{name}"} for name in schemas}
    lang = {"name": "lang", "in": "query", "required": False,
            "schema": {"type": "string", "enum": ["en", "zh"]}}
    fail = {"description": "a mistake in the request, in one line",
            "content": {"application/json": {"schema": ref["Error"]}}}
    plain = {"description": "a JSON object", "content": {"application/json": {
        "schema": {"type": "object"}}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "nmosd-flow", "version": __version__, "description": (
            f"{g.title.en}. Supports, does not replace, clinical judgement. Source: "
            f"{g.citation.en}")},
        "paths": {
            "/api/evaluate": {"post": {
                "summary": "Evaluate one patient (the whole patient: flows not asked for that "
                           "apply are evaluated too and may join the overall verdict)",
                "requestBody": {"required": True, "content": {"application/json": {
                    "schema": ref["EvaluateRequest"]}}},
                "responses": {"200": {"description": "the evaluation", "content": {
                    "application/json": {"schema": ref["Evaluation"]}}},
                    "413": fail, "415": fail, "422": fail}}},
            "/api/flows": {"get": {"summary": "The flows, what each asks and when it applies, "
                                              "and the bundles", "parameters": [lang],
                                   "responses": {"200": plain, "422": fail}}},
            "/api/facts": {"get": {"summary": "Every fact a request may give: type, values, "
                                              "unit, range", "parameters": [lang],
                                   "responses": {"200": plain, "422": fail}}},
            "/api/openapi.json": {"get": {"summary": "This description",
                                          "responses": {"200": plain}}},
        },
        "components": {"schemas": schemas},
    }
