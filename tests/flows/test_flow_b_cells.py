"""Recommendation 15 (CD20+ B cells) as a table of cases written from the source."""

import pytest

import flows
import graph
from render.results import evaluate

FLOW = "b_cells"

# (facts, status, verdict, outcome, missing[0], reachable verdicts)
CASES = [
    pytest.param({"relapse_on_treatment": False, "cd20_b_cells_per_ul": 3},
                 "complete", "proceed", "deep_depletion", None, None,
                 id="rec15-months4to6-3-deep-no-frequent-checks"),
    pytest.param({"relapse_on_treatment": False, "cd20_b_cells_per_ul": 4},
                 "complete", "proceed", "deep_depletion", None, None,
                 id="rec15-months4to6-4-is-deep"),
    pytest.param({"relapse_on_treatment": False, "cd20_b_cells_per_ul": "4.0 cells/uL"},
                 "complete", "proceed", "deep_depletion", None, None,
                 id="rec15-months4to6-4.0-cells-per-uL-quantity-is-deep"),
    pytest.param({"relapse_on_treatment": False, "cd20_b_cells_per_ul": "4 个/μL"},
                 "complete", "proceed", "deep_depletion", None, None,
                 id="rec15-months4to6-4-chinese-unit-is-deep"),
    pytest.param({"relapse_on_treatment": False, "cd20_b_cells_per_ul": 4.5},
                 "complete", "proceed_with_precautions", "not_deep", None, None,
                 id="rec15-months4to6-4.5-not-deep-monitor-later"),
    pytest.param({"relapse_on_treatment": False, "cd20_b_cells_per_ul": 5},
                 "complete", "proceed_with_precautions", "not_deep", None, None,
                 id="rec15-months4to6-5-not-deep-monitor-later"),
    pytest.param({"relapse_on_treatment": False, "cd20_b_cells_per_ul": 40},
                 "complete", "proceed_with_precautions", "not_deep", None, None,
                 id="rec15-early-recovery-40-monitor-later"),
    pytest.param({"relapse_on_treatment": True, "cd20_b_cells_per_ul": 4},
                 "complete", "stop", "relapse_deep_switch", None, None,
                 id="rec15-relapse-cd20-4-deep-switch-mechanism"),
    pytest.param({"relapse_on_treatment": True, "cd20_b_cells_per_ul": 0},
                 "complete", "stop", "relapse_deep_switch", None, None,
                 id="rec15-relapse-cd20-0-deep-switch-mechanism"),
    pytest.param({"relapse_on_treatment": True, "cd20_b_cells_per_ul": 5},
                 "complete", "consider", "relapse_not_deep", None, None,
                 id="rec15-relapse-cd20-5-not-deep-no-further-step"),
    pytest.param({"relapse_on_treatment": False},
                 "not_applicable", None, None, None, None,
                 id="rec15-no-relapse-no-count-not-applicable"),
    pytest.param({"pml_suspected": True},
                 "not_applicable", None, None, None, None,
                 id="rec15-nothing-about-b-cells-not-applicable"),
    pytest.param({"relapse_on_treatment": True},
                 "incomplete", None, None, "cd20_b_cells_per_ul", {"stop", "consider"},
                 id="rec15-relapse-count-the-cells-at-the-attack"),
    pytest.param({"cd20_b_cells_per_ul": 3},
                 "incomplete", None, None, "relapse_on_treatment", {"stop", "proceed"},
                 id="rec15-count-3-without-context-asks-relapse"),
    pytest.param({"cd20_b_cells_per_ul": 5},
                 "incomplete", None, None, "relapse_on_treatment",
                 {"consider", "proceed_with_precautions"},
                 id="rec15-count-5-without-context-asks-relapse"),
]


@pytest.mark.parametrize(("raw", "status", "verdict", "outcome", "missing", "reachable"), CASES)
def test_b_cells(check_case, raw, status, verdict, outcome, missing, reachable):
    check_case(FLOW, raw, status, verdict, outcome, missing, reachable, subject="inebilizumab")


def test_relapse_under_deep_depletion_stands_while_other_flows_are_incomplete():
    """Rec 15: the switch is a stop verdict, which stands in the overall result."""
    g = flows.guideline()
    known = graph.type_facts("case", {"relapse_on_treatment": True, "cd20_b_cells_per_ul": 2,
                                      "pml_suspected": True}, g.facts, g.aliases)
    ev = evaluate(g, known, [FLOW, "pml"])
    assert ev.overall.verdict == "stop"
    assert ev.overall.complete is False
