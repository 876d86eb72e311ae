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
    # Rec 24: JC virus found means stopping, whether or not the suspicion was recorded.
    pytest.param({"csf_jcv_pcr": "positive"},
                 "complete", "stop", "jcv_stop", None, None,
                 id="rec24-jcv-found-suspicion-not-recorded-stop"),
    pytest.param({"pml_suspected": False, "csf_jcv_pcr": "positive"},
                 "complete", "stop", "jcv_stop", None, None,
                 id="rec24-jcv-found-suspicion-denied-stop"),
    pytest.param({"csf_jcv_pcr": "negative"},
                 "not_applicable", None, None, None, None,
                 id="rec24-negative-pcr-without-suspicion-not-applicable"),
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


def test_rec24_vigilance_is_in_every_monitoring_plan():
    """Rec 24: stay alert for PML throughout treatment, whichever monitoring group."""
    g = flows.guideline()
    for risk in (True, False):
        known = graph.type_facts("case", {"high_monitoring_risk": risk}, g.facts, g.aliases)
        result = evaluate(g, known, ["monitoring"]).flows[0]
        watch = next(a for a in result.actions if a.id == "pml_watch")
        assert 24 in watch.recommendations and "throughout treatment" in watch.timing.en
