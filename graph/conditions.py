"""Branch conditions on one fact: enum values, a boolean, or a numeric interval."""

from __future__ import annotations

import math
from dataclasses import dataclass

INF = math.inf


@dataclass(frozen=True)
class Interval:
    """A numeric interval; ``lo``/``hi`` may be infinite; the ``*_closed`` flags say if included.

    >>> Interval(-INF, False, 500, False).label()
    '< 500'
    >>> Interval(4, False, INF, False).contains(4.5)
    True
    """

    lo: float = -INF
    lo_closed: bool = False
    hi: float = INF
    hi_closed: bool = False

    def contains(self, x: float) -> bool:
        above = x > self.lo or (self.lo_closed and x == self.lo)
        below = x < self.hi or (self.hi_closed and x == self.hi)
        return above and below

    def covers(self, lo: float, hi: float) -> bool:
        """True when the closed range [lo, hi] lies wholly inside this interval."""
        return self.contains(lo) and self.contains(hi)

    def meets(self, lo: float, hi: float) -> bool:
        """True when the closed range [lo, hi] shares at least one point with this interval."""
        clipped = self.clip(lo, hi)
        return clipped is not None

    def clip(self, lo: float, hi: float) -> Interval | None:
        """This interval intersected with the closed range [lo, hi]; None when empty."""
        new_lo, lo_c = (self.lo, self.lo_closed) if self.lo > lo else (lo, self.contains(lo))
        new_hi, hi_c = (self.hi, self.hi_closed) if self.hi < hi else (hi, self.contains(hi))
        if new_lo > new_hi or (new_lo == new_hi and not (lo_c and hi_c)):
            return None
        return Interval(new_lo, lo_c, new_hi, hi_c)

    def label(self) -> str:
        parts = []
        if self.lo != -INF:
            parts.append(f"{'>=' if self.lo_closed else '>'} {_num(self.lo)}")
        if self.hi != INF:
            parts.append(f"{'<=' if self.hi_closed else '<'} {_num(self.hi)}")
        return " and ".join(parts) or "any"


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


@dataclass(frozen=True)
class Condition:
    """What an edge out of a decision requires: one of ``values`` (enum/bool) or ``interval``."""

    values: frozenset | None = None
    interval: Interval | None = None

    def matches(self, value) -> bool:
        if self.interval is not None:
            return self.interval.contains(value)
        return value in self.values

    def label(self) -> str:
        if self.interval is not None:
            return self.interval.label()
        return " / ".join(sorted(_show(v) for v in self.values))


def _show(v) -> str:
    if isinstance(v, bool):
        return "yes" if v else "no"
    return str(v)


INTERVAL_KEYS = {"lt": ("hi", False), "le": ("hi", True), "gt": ("lo", False), "ge": ("lo", True)}


def interval_from(spec: dict) -> Interval:
    """Build an interval from ``{lt|le: x, gt|ge: y}``.

    >>> interval_from({"ge": 500}).label()
    '>= 500'
    """
    fields: dict = {}
    for key, bound in spec.items():
        side, closed = INTERVAL_KEYS[key]
        fields[side] = float(bound)
        fields[f"{side}_closed"] = closed
    return Interval(**fields)
