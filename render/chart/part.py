"""A part of a flow's chart: the whole flow, or the overview or one branch of a big flow."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Part:
    """Which nodes of ``flow`` one chart draws, and how it joins the flow's other charts.

    ``nodes`` empty means the whole flow. ``entry`` is the chain of branches ``(decision,
    target)`` taken, in the flow's earlier charts, to reach this part; ``exits`` are the
    branches ``(decision, target, first, last)`` drawn as a box that points to the charts
    ``first`` to ``last`` that go on from there.
    ``size`` is the natural size in points of the chart without a patient's path, and
    ``landscape`` the A4 orientation it prints on.
    """

    flow: str
    number: int = 1
    count: int = 1
    nodes: frozenset = frozenset()
    entry: tuple = ()
    exits: tuple = ()
    landscape: bool = False
    size: tuple = (0.0, 0.0)

    def has(self, node: str) -> bool:
        return not self.nodes or node in self.nodes

    @property
    def whole(self) -> bool:
        return self.count == 1

    @property
    def slug(self) -> str:
        """A file or anchor suffix: empty for the first chart, else ``-2``, ``-3``, ..."""
        return "" if self.number == 1 else f"-{self.number}"
