"""Calendar arithmetic for dated plans: offsets in calendar months, weeks and days, and series of dates."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole calendar months, clamped to the last day of the target month.

    >>> add_months(dt.date(2025, 8, 31), 6)
    datetime.date(2026, 2, 28)
    >>> add_months(dt.date(2024, 3, 31), -1)
    datetime.date(2024, 2, 29)
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


@dataclass(frozen=True)
class Offset:
    """A signed distance: calendar months first, then weeks (7 days) and days."""

    months: int = 0
    weeks: int = 0
    days: int = 0

    def apply(self, day: dt.date) -> dt.date:
        """The date this offset away from ``day``."""
        return add_months(day, self.months) + dt.timedelta(days=7 * self.weeks + self.days)

    def times(self, k: int) -> Offset:
        return Offset(self.months * k, self.weeks * k, self.days * k)

    def plus(self, other: Offset) -> Offset:
        return Offset(self.months + other.months, self.weeks + other.weeks,
                      self.days + other.days)

    def is_positive(self) -> bool:
        """True when the offset moves every date forward (months, weeks and days all >= 0)."""
        parts = (self.months, self.weeks, self.days)
        return all(p >= 0 for p in parts) and any(p > 0 for p in parts)


@dataclass(frozen=True)
class Rule:
    """How one kind of event is dated against the dates of an anchor.

    ``at``: offsets from each anchor date. ``every``: the last offset repeats, each repetition
    counted from the anchor (never from the previous occurrence). ``window``: instead of
    points, one span per pair of consecutive anchor dates, from ``window[0]`` after the
    earlier to ``window[1]`` from the later (kept only when it is not empty). ``to``: each
    date opens a span that ends ``to`` from the anchor date.
    """

    id: str
    anchor: str
    at: tuple[Offset, ...] = (Offset(),)
    every: Offset | None = None
    window: tuple[Offset, Offset] | None = None
    to: Offset | None = None


@dataclass(frozen=True)
class Occurrence:
    """One dated event: ``end`` is the last day of a window, None for a single day."""

    rule: str
    start: dt.date
    end: dt.date | None
    number: int  # 1-based, within its rule


def points(anchor: dt.date, rule: Rule, limit: dt.date) -> list[dt.date]:
    """The dates of ``rule`` from one anchor date, up to ``limit`` inclusive."""
    dates = [o.apply(anchor) for o in rule.at]
    if rule.every is not None:
        if not rule.every.is_positive():
            raise ValueError(f"{rule.id}: the repeat interval must move forward")
        last = rule.at[-1]
        k = 1
        while (nxt := last.plus(rule.every.times(k)).apply(anchor)) <= limit:
            dates.append(nxt)
            k += 1
    return [d for d in dates if d <= limit]


def expand(rules: list[Rule], roots: dict[str, dt.date], limit: dt.date) -> dict[str, list]:
    """Dates of every rule, in order, up to ``limit``: ``{rule id: [date | (start, end)]}``.

    A rule's anchor is a root (e.g. ``day1``) or another rule, in any order; raises
    ValueError for an unknown or circular anchor.
    """
    out: dict[str, list] = {k: [v] for k, v in roots.items()}
    for rule in _anchored_first(rules, set(roots)):
        anchors = [a if isinstance(a, dt.date) else a[0] for a in out[rule.anchor]]
        if rule.window is not None:
            spans = [(rule.window[0].apply(a), rule.window[1].apply(b))
                     for a, b in zip(anchors, anchors[1:], strict=False)]
            out[rule.id] = [s for s in spans if s[0] <= s[1] and s[0] <= limit]
        elif rule.to is not None:
            out[rule.id] = sorted({(d, rule.to.apply(a)) for a in anchors
                                   for d in points(a, rule, limit)})
        else:
            out[rule.id] = sorted({d for a in anchors for d in points(a, rule, limit)})
    return out


def _anchored_first(rules: list[Rule], roots: set[str]) -> list[Rule]:
    """``rules`` reordered so that each comes after the rule it is anchored on."""
    done, ordered, todo = set(roots), [], list(rules)
    while todo:
        ready = [r for r in todo if r.anchor in done]
        if not ready:
            names = ", ".join(f"{r.id} -> {r.anchor}" for r in todo)
            raise ValueError(f"unknown or circular anchors: {names}")
        ordered += ready
        done |= {r.id for r in ready}
        todo = [r for r in todo if r.id not in done]
    return ordered


def occurrences(rules: list[Rule], roots: dict[str, dt.date], until: dt.date,
                lookahead: Offset = Offset(months=24)) -> list[Occurrence]:
    """Every occurrence starting on or before ``until``, sorted by date then rule order.

    Anchors are computed ``lookahead`` beyond ``until`` so that a window closing after the
    horizon still finds the anchor date that closes it.
    """
    table = expand(rules, roots, lookahead.apply(until))
    order = {r.id: i for i, r in enumerate(rules)}
    found = []
    for rule in rules:
        for n, item in enumerate(table[rule.id], 1):
            start, end = (item, None) if isinstance(item, dt.date) else item
            if start <= until:
                found.append(Occurrence(rule.id, start, end, n))
    return sorted(found, key=lambda o: (o.start, order[o.rule]))
