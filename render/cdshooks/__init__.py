"""CDS Hooks 2.0 services (discovery, patient-view, order-select and order-sign of inebilizumab):
the record is read through the FHIR map, evaluated as the whole patient, and answered with cards
that link to the check pre-filled by an opaque, short-lived token (no fact in any URL)."""

from .endpoints import HANDOFF_PATH, CdsConfig, routes
from .handoff import Handoffs
from .services import SERVICES, discovery, prefetch_templates
from .trust import Refused, Trust, check_caller, load_trust

__all__ = ["HANDOFF_PATH", "SERVICES", "CdsConfig", "Handoffs", "Refused", "Trust", "check_caller",
           "discovery", "load_trust", "prefetch_templates", "routes"]
