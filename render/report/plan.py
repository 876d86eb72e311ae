"""The dated plan of a report: which plan events the evaluated flows call for, and their dates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from graph import Evaluation, Guideline
from graph.schedule import add_months, occurrences


@dataclass(frozen=True)
class Item:
    """One dated event of the plan; ``end`` is the last day of a window."""

    event: object  # flows.plan.PlanEvent
    start: dt.date
    end: dt.date | None
    number: int
    day: int  # days from day 1, day 1 itself being 1 (0 and below: before day 1)


@dataclass(frozen=True)
class Pending:
    """A plan event that depends on facts not known yet."""

    event: object
    missing: tuple[str, ...]


@dataclass(frozen=True)
class PlanView:
    """``status``: planned, no_date, incomplete, blocked (the overall verdict forbids a plan)
    or blocked_by (an outcome that holds the doses back, named in ``blocked_by``)."""

    status: str
    day1: dt.date | None = None
    day1_fact: str | None = None
    until: dt.date | None = None
    months: int = 0
    items: tuple[Item, ...] = ()
    pending: tuple[Pending, ...] = ()
    verdict: str | None = None
    blocked_by: str | None = None


class _Context:
    """What the evaluated flows say: actions taken, outcomes reached, facts known."""

    def __init__(self, g: Guideline, all_flows: Evaluation, known: dict):
        self.g, self.known = g, known
        self.results = {r.flow: r for r in all_flows.flows}
        self.actions = {a.id for r in all_flows.flows for a in r.actions}
        self.outcomes = {r.outcome for r in all_flows.flows if r.outcome}
        self.owners: dict[str, set[str]] = {}
        for flow in g.flows.values():
            for _, data in flow.graph.nodes(data=True):
                for a in data.get("actions", ()):
                    self.owners.setdefault(a.id, set()).add(flow.id)

    def term(self, t) -> tuple[bool | None, tuple[str, ...]]:
        """Whether a plan term holds (None: not known yet) and the facts that would decide it."""
        if t.kind in ("any", "all"):
            return self.combine([self.term(x) for x in t.terms], t.kind == "any")
        if t.kind == "fact":
            if t.name not in self.known:
                return None, (t.name,)
            return self.known[t.name] in t.values, ()
        if t.name in (self.actions if t.kind == "action" else self.outcomes):
            return True, ()
        flows = self.owners.get(t.name, set()) if t.kind == "action" else {t.name.split(".")[0]}
        open_ = [self.results[f] for f in sorted(flows)
                 if f in self.results and self.results[f].status == "incomplete"]
        if open_:
            return None, tuple(m for r in open_ for m in r.missing)
        return False, ()

    @staticmethod
    def combine(parts, any_: bool) -> tuple[bool | None, tuple[str, ...]]:
        """Three-valued OR (``any_``) or AND of ``(held, missing)`` pairs."""
        decisive = True if any_ else False
        if any(held is decisive for held, _ in parts):
            return decisive, ()
        missing = tuple(dict.fromkeys(m for held, need in parts if held is None for m in need))
        return (None, missing) if missing or any(h is None for h, _ in parts) else (not decisive, ())

    def applies(self, event) -> tuple[bool | None, tuple[str, ...]]:
        """Three-valued: every ``when`` term holds and no ``unless`` term does."""
        when = self.combine([self.term(t) for t in event.when], any_=False)
        unless = self.combine([self.term(t) for t in event.unless], any_=True)
        if when[0] is False or unless[0] is True:
            return False, ()
        if when[0] is None or unless[0] is None:
            return None, tuple(dict.fromkeys(when[1] + unless[1]))
        return True, ()


def day_one(plan, known: dict) -> tuple[dt.date | None, str | None]:
    """Day 1 from the first of the plan's date facts that the patient gives."""
    for name in plan.day1_facts:
        if name in known:
            return known[name], name
    return None, None


def build_plan(g: Guideline, plan, known: dict, ev: Evaluation, all_flows: Evaluation,
               months: int | None = None) -> PlanView:
    """The plan for facts ``known``: gated by ``ev``'s overall verdict, events chosen by the
    outcomes and actions of ``all_flows`` (every flow evaluated), dated from day 1."""
    day1, fact = day_one(plan, known)
    months = months or plan.horizon_months
    if day1 is None:
        return PlanView("no_date", months=months)
    base = {"day1": day1, "day1_fact": fact, "months": months, "verdict": ev.overall.verdict}
    if not ev.overall.complete or ev.overall.verdict is None:
        return PlanView("incomplete" if not ev.overall.complete else "blocked", **base)
    if ev.overall.verdict not in plan.show_when_overall:
        return PlanView("blocked", **base)
    ctx = _Context(g, all_flows, known)
    blocking = [o for o in plan.blocking_outcomes if o in ctx.outcomes]
    if blocking:
        return PlanView("blocked_by", blocked_by=blocking[0], **base)
    status = _statuses(plan, ctx)
    pending = tuple(Pending(e, status[e.id][1]) for e in plan.events if status[e.id][0] is None)
    chosen_ids = {e.id for e in plan.events if status[e.id][0]}
    rules = [e.rule for e in plan.events if e.id in chosen_ids or _anchors(e, plan, chosen_ids)]
    until = add_months(day1, months)
    by_id = {e.id: e for e in plan.events}
    items = tuple(Item(by_id[o.rule], o.start, o.end, o.number, (o.start - day1).days + 1)
                  for o in occurrences(rules, {"day1": day1}, until)
                  if o.rule in chosen_ids and by_id[o.rule].shown)
    return PlanView("planned", until=until, items=items, pending=pending, **base)


def _statuses(plan, ctx: _Context) -> dict[str, tuple[bool | None, tuple[str, ...]]]:
    """Each event's three-valued status; an event anchored on another shares its fate."""
    by_id = {e.id: e for e in plan.events}
    done: dict[str, tuple[bool | None, tuple[str, ...]]] = {}

    def status(event_id: str, depth: int = 0):
        if event_id not in done:
            event = by_id[event_id]
            own = ctx.applies(event)
            anchor = event.rule.anchor
            if anchor in by_id and depth < len(by_id):
                own = ctx.combine([own, status(anchor, depth + 1)], any_=False)
            done[event_id] = own
        return done[event_id]

    for e in plan.events:
        status(e.id)
    return done


def _anchors(event, plan, chosen_ids: set[str]) -> bool:
    """True when a chosen event is anchored on ``event`` (its dates are needed, not shown)."""
    return any(e.rule.anchor == event.id for e in plan.events if e.id in chosen_ids)
