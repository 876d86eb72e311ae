"""The CDS services this server offers and the prefetch templates they ask for (discovery).

The Observation and Condition templates list exactly the codes of flows/data/fhir_map.yaml
(the facts it maps and the related codes it lists for the clinician), so a client prefetches
nothing the tool would not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flows.fhir import FhirMap

PATIENT_ID = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")  # a FHIR id (R4 datatypes: id)
TOKEN = re.compile(r"\{\{context\.(\w+)\}\}")


@dataclass(frozen=True)
class Service:
    id: str
    hook: str
    title: str
    description: str
    bundle: str  # the guideline's bundle evaluated (design §4, Bundles)
    with_infusion: bool  # also the `infusion` bundle's pre-infusion checks
    orders: bool  # answers only when the draft orders hold inebilizumab


SERVICES = (
    Service("nmosd-inebilizumab-patient-view", "patient-view",
            "Inebilizumab for NMOSD: may the first infusion go ahead?",
            "Reads the record's laboratory results, problem list and demographics, runs the "
            "screening flows of the 2024 Chinese expert recommendations on inebilizumab for NMOSD "
            "(start bundle, plus every other flow the record's facts make applicable) and "
            "answers with the overall verdict, each flow's path, the recommendations cited and "
            "what to obtain next.", "start", False, False),
    Service("nmosd-inebilizumab-order-select", "order-select",
            "Inebilizumab order selected: screening before the first infusion",
            "When an inebilizumab order is selected, checks the screening before the first "
            "infusion (start bundle) against the record; silent for other orders.",
            "start", False, True),
    Service("nmosd-inebilizumab-order-sign", "order-sign",
            "Inebilizumab order to sign: screening and pre-infusion checks",
            "When an inebilizumab order is about to be signed, checks the screening before the "
            "first infusion (start bundle) and the checks before every infusion (infusion "
            "bundle) against the record; silent for other orders.", "start", True, True),
)
BY_ID = {s.id: s for s in SERVICES}


def prefetch_templates(fmap: FhirMap) -> dict[str, str]:
    """Prefetch key -> FHIR query, with `{{context.patientId}}` the only token."""
    observation, condition = [], []
    for fact, rule in fmap.rules.items():
        for uri, code, _ in fmap.coding_of(fact):
            target = condition if "Condition" in rule.resources and uri != "http://loinc.org" else observation
            target.append(f"{uri}|{code}")
    for m in fmap.manual.values():
        observation += [f"{fmap.uri(c.system)}|{c.code}" for c in m.related]
    p = "{{context.patientId}}"
    return {
        "patient": f"Patient/{p}",
        "observations": f"Observation?patient={p}&code={','.join(dict.fromkeys(observation))}",
        "conditions": f"Condition?patient={p}&code={','.join(dict.fromkeys(condition))}",
        "medications": f"MedicationRequest?patient={p}",
    }


def discovery(fmap: FhirMap) -> dict:
    """The body of GET /cds-services (CDS Hooks 2.0 Discovery)."""
    templates = prefetch_templates(fmap)
    return {"services": [{"hook": s.hook, "title": s.title, "description": s.description,
                          "id": s.id, "prefetch": templates,
                          "usageRequirements": USAGE} for s in SERVICES]}


USAGE = ("Give the patient's record through the prefetch templates or a fhirServer with a "
         "fhirAuthorization that may read Patient, Observation, Condition and MedicationRequest. "
         "Facts a record cannot supply (e.g. active infection, vaccination status) are listed "
         "as what to obtain next; the card's link opens this server's check to enter them.")


def fill(template: str, context: dict) -> str | None:
    """The template with its context tokens replaced; None when a token has no usable value."""
    missing = False

    def value(m: re.Match) -> str:
        nonlocal missing
        v = context.get(m.group(1))
        if not isinstance(v, str) or not PATIENT_ID.match(v):
            missing = True
            return ""
        return v

    out = TOKEN.sub(value, template)
    return None if missing else out
