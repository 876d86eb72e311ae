"""FHIR R4 in and out: the code map, facts read from a record, and the flows as knowledge artifacts."""

from .mapping import FhirMap, fhir_map, fhir_map_problems, load_map
from .ndjson import group_ndjson
from .read import Provenance
from .record import RecordFacts, facts_from_fhir

__all__ = ["FhirMap", "Provenance", "RecordFacts", "facts_from_fhir", "fhir_map", "fhir_map_problems",
           "group_ndjson", "load_map"]
