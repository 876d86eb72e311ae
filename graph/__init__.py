"""The decision-graph engine: generic flows, facts, traversal and verification (no clinical content)."""

from .conditions import Condition, Interval
from .errors import FlowError, GuidelineError, PatientFileError, UsageError
from .evaluate import Evaluation, FlowResult, Overall, evaluate_flows, flow_result
from .load import Bundle, Guideline, load_guideline
from .model import Action, Fact, Flow, Step, Text, Trace, Verdict
from .patient import Patient, patient_from, patient_id, read_patient, type_facts
from .traverse import applies, traverse
from .verify import coverage_problems, verify_flow

__all__ = [
    "Action", "Bundle", "Condition", "Evaluation", "Fact", "Flow", "FlowError", "FlowResult",
    "Guideline", "GuidelineError", "Interval", "Overall", "Patient", "PatientFileError", "Step",
    "Text", "Trace", "UsageError", "Verdict", "applies", "coverage_problems", "evaluate_flows",
    "flow_result", "load_guideline", "patient_from", "patient_id", "read_patient", "traverse",
    "type_facts",
    "verify_flow",
]
