"""What a patient report shows: the evaluation of the flows asked for and of those that
apply, the report date, and the dated plan."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from graph import Evaluation, Guideline, Patient, UsageError


@dataclass(frozen=True)
class Report:
    """Everything a report shows, before it is laid out."""

    @property
    def joined(self) -> tuple:
        """Flows not asked for whose verdict joined the overall one (design §3)."""
        return tuple(r for r in self.ev.others if r.flow in self.ev.overall.also_from)

    g: Guideline
    patient: Patient
    lang: str
    date: dt.date
    flow_ids: tuple[str, ...]
    bundle: str | None
    ev: Evaluation  # the flows asked for; ev.others with ev.overall.also_from joined it
    others: tuple  # FlowResults of other flows that apply but do not bear on the verdict
    plan: object  # plan.PlanView
    plan_data: object  # flows.plan.Plan
    record: object = None  # flows.fhir.RecordFacts when the facts came from a FHIR record


def report_date(given: str | None = None) -> dt.date:
    """``given`` (YYYY-MM-DD), else the UTC date of SOURCE_DATE_EPOCH, else today."""
    if given:
        from graph.values import FIRST_DATE, LAST_DATE

        try:
            day = dt.date.fromisoformat(given)
        except ValueError:
            raise UsageError(f"--date {given!r}: not a date in YYYY-MM-DD form") from None
        if not FIRST_DATE <= day <= LAST_DATE:
            raise UsageError(f"--date {given}: outside the dates this tool plans with "
                             f"({FIRST_DATE.year}-{LAST_DATE.year})")
        return day
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
        except (ValueError, OverflowError, OSError):
            raise UsageError(f"SOURCE_DATE_EPOCH={epoch!r}: not a number of seconds") from None
    return dt.date.today()


def build_report(g: Guideline, patient: Patient, flow_ids: list[str], bundle: str | None,
                 lang: str, date: dt.date, months: int | None = None, record=None) -> Report:
    """Evaluate ``flow_ids`` for the patient and work out the dated plan; ``record``: the FHIR
    record the facts were read from (its warnings join the others; the facts say their source)."""
    from flows.inputs import with_record
    from flows.plan import checked_plan

    from .plan import build_plan

    plan_data = checked_plan(g)
    ev = with_record(g.evaluate(patient, flow_ids), record)
    everything = g.evaluate(patient)
    view = build_plan(g, plan_data, patient.facts, ev, everything, months)
    shown = set(flow_ids) | set(ev.overall.also_from)
    others = tuple(r for r in everything.flows
                   if r.flow not in shown and r.status != "not_applicable")
    return Report(g, patient, lang, date, tuple(flow_ids), bundle, ev, others, view, plan_data, record)
