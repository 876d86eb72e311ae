"""FHIR R4 in and out: the code map, facts read from a record, and the flows as knowledge artifacts."""

from .mapping import FhirMap, fhir_map, fhir_map_problems, load_map

__all__ = ["FhirMap", "fhir_map", "fhir_map_problems", "load_map"]
