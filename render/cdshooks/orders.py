"""Which orders are for inebilizumab.

No drug code for inebilizumab could be verified in a published source during this work (no
ATC or RxNorm code is in flows/data/fhir_map.yaml), so an order is recognised by its text:
the medication's text or coding display, or a medicationReference's display, naming
inebilizumab (the guideline's English name), 伊奈利珠单抗 (its Chinese name in the source) or
UPLIZNA (the brand on the FDA label, https://ndclist.com/ndc/72677-551/label). A coded order
whose text names none of these is not recognised: the service then stays silent.
"""

from __future__ import annotations

NAMES = ("inebilizumab", "伊奈利珠单抗", "uplizna")
EARLIER = ("active", "on-hold", "completed")  # MedicationRequest.status of an order given or running


def names_inebilizumab(resource: dict) -> bool:
    """Whether a MedicationRequest's medication is named inebilizumab."""
    if not isinstance(resource, dict) or resource.get("resourceType") != "MedicationRequest":
        return False
    concept = resource.get("medicationCodeableConcept")
    texts = []
    if isinstance(concept, dict):
        texts.append(concept.get("text"))
        texts += [c.get("display") for c in concept.get("coding") or () if isinstance(c, dict)]
    reference = resource.get("medicationReference")
    if isinstance(reference, dict):
        texts.append(reference.get("display"))
    return any(isinstance(t, str) and any(n in t.casefold() for n in NAMES) for t in texts)


def _draft_orders(context: dict) -> list[dict]:
    bundle = context.get("draftOrders")
    if not isinstance(bundle, dict):
        return []
    return [e["resource"] for e in bundle.get("entry") or ()
            if isinstance(e, dict) and isinstance(e.get("resource"), dict)]


def orders_in_question(context: dict) -> list[dict]:
    """The inebilizumab orders a hook call is about: the selected ones (order-select's
    `selections`) when the context lists selections, else every draft order."""
    orders = _draft_orders(context)
    selections = context.get("selections")
    if isinstance(selections, list) and selections:
        chosen = {s for s in selections if isinstance(s, str)}
        orders = [r for r in orders if f"{r.get('resourceType')}/{r.get('id')}" in chosen]
    return [r for r in orders if names_inebilizumab(r)]


def earlier_orders(resources, context: dict) -> list[str]:
    """The record's inebilizumab orders that were given or are running (not this call's drafts)."""
    drafts = {f"MedicationRequest/{r.get('id')}" for r in _draft_orders(context)}
    return [f"MedicationRequest/{r.get('id')}" for r in resources
            if names_inebilizumab(r) and r.get("status") in EARLIER
            and f"MedicationRequest/{r.get('id')}" not in drafts]
