"""Recommendation 24 (suspected PML) as a table of cases written from the source."""

import pytest

import flows
import graph
from render.results import evaluate

FLOW = "pml"

# (facts, status, verdict, outcome, missing[0], reachable verdicts)
CASES = [
    pytest.param({"pml_suspected": True, "csf_jcv_pcr": "positive"},
                 "complete", "stop", "jcv_stop", None, None,
                 id="rec24-suspected-jcv-positive-stop"),
    pytest.param({"pml_suspected": True, "csf_jcv_pcr": "阳性"},
                 "complete", "stop", "jcv_stop", None, None,
                 id="rec24-suspected-jcv-chinese-positive-stop"),
    pytest.param({"pml_suspected": True, "csf_jcv_pcr": "negative"},
                 "complete", "consider", "jcv_negative", None, None,
                 id="rec24-suspected-jcv-negative-no-further-step"),
    pytest.param({"pml_suspected": False},
                 "not_applicable", None, None, None, None,
                 id="rec24-not-suspected-not-applicable"),
    pytest.param({"csf_jcv_pcr": "positive"},
                 "not_applicable", None, None, None, None,
                 id="rec24-pcr-without-suspicion-not-applicable"),
    pytest.param({"pml_suspected": True},
                 "incomplete", None, None, "csf_jcv_pcr", {"stop", "consider"},
                 id="rec24-suspected-test-csf-jcv-pcr"),
]


@pytest.mark.parametrize(("raw", "status", "verdict", "outcome", "missing", "reachable"), CASES)
def test_pml(check_case, raw, status, verdict, outcome, missing, reachable):
    check_case(FLOW, raw, status, verdict, outcome, missing, reachable, subject="inebilizumab")


def test_suspicion_asks_for_the_csf_test():
    """Rec 24: suspicion of PML leads to a CSF JCV-PCR."""
    g = flows.guideline()
    known = graph.type_facts("case", {"pml_suspected": True}, g.facts, g.aliases)
    result = evaluate(g, known, [FLOW]).flows[0]
    assert "csf_jcv_pcr_test" in [a.id for a in result.actions]
