"""Overrides (design §3): a known fact that decides a flow whatever route the walk took."""

from __future__ import annotations

from dataclasses import replace

from .model import Flow, Override, Trace

INF = float("inf")


def apply_overrides(flow: Flow, walked: Trace, known: dict) -> Trace:
    """``walked`` with the stricter of its outcome and that of the strictest override firing.

    A complete walk gives way when the override's outcome is at least as restrictive; an
    incomplete walk is settled by it when nothing still reachable is more restrictive, and
    otherwise keeps waiting with the override's outcome as the mildest one still possible.
    """
    if walked.status == "not_applicable":
        return walked
    fired = [o for o in flow.overrides if o.fires(known)]
    return settle(flow, walked, fired) if fired else walked


def settle(flow: Flow, walked: Trace, fired: list[Override]) -> Trace:
    """``walked`` settled by the strictest of the overrides ``fired`` (see apply_overrides)."""
    if walked.status == "not_applicable":
        return walked
    rank = flow.ranks
    best = fired[0] if len(fired) == 1 else min(fired, key=lambda o: rank.get(o.outcome, -1))
    level = rank.get(best.outcome, -1)
    if walked.status == "complete":
        if walked.outcome == best.outcome or level > rank.get(walked.outcome, INF):
            return walked
        return _settled(walked, walked.path[:-1], best)
    worse = [o for o in walked.reachable if rank.get(o, INF) < level]
    if not worse:
        return _settled(walked, walked.path, best)
    still = set(worse) | {best.outcome}
    return replace(walked, reachable=tuple(n for n in flow.graph if n in still),
                   override=best.id)


def _settled(walked: Trace, path: tuple[str, ...], best: Override) -> Trace:
    return Trace(walked.flow, "complete", (*path, best.outcome), walked.steps, best.outcome,
                 override=best.id)


def override_facts(flow: Flow) -> list[str]:
    """The facts the flow's overrides read, in order."""
    return list(dict.fromkeys(f for o in flow.overrides for f, _ in o.conditions))
