"""What one patient's trace touches on a chart: the state of every node, edge and override."""

from __future__ import annotations

from dataclasses import dataclass

from graph import Flow, Trace


@dataclass(frozen=True)
class Marks:
    """What a trace touches: visited nodes and edges, the waiting decision, what is still open."""

    active: bool = False
    nodes: frozenset = frozenset()
    edges: frozenset = frozenset()
    waiting: str | None = None
    still: frozenset = frozenset()  # nodes below ``waiting`` on a way to a reachable outcome
    missing: tuple = ()  # the facts to obtain, the first at ``waiting``
    override: str | None = None  # the override that decided the trace

    def fired(self, override_id: str) -> str:
        """An override's state: plain (no trace), on (it decided) or off."""
        if not self.active:
            return "plain"
        return "on" if override_id == self.override else "off"

    def node(self, node: str) -> str:
        """The node's state: plain (no trace), on, await, still or off."""
        if not self.active:
            return "plain"
        if node == self.waiting:
            return "await"
        return "on" if node in self.nodes else "still" if node in self.still else "off"

    def edge(self, u: str, v: str) -> str:
        if not self.active:
            return "plain"
        if (u, v) in self.edges:
            return "on"
        return "still" if v in self.still and (u in self.still or u == self.waiting) else "off"

    def entry(self, edges) -> str:
        """The state of a part's entry box: on when the path came in by one of ``edges``."""
        if not self.active:
            return "plain"
        if any(e in self.edges for e in edges):
            return "on"
        return "still" if any(v in self.still for _, v in edges) else "off"


def marks(flow: Flow, trace: Trace | None) -> Marks:
    """The highlighting ``trace`` asks for; no highlighting without a trace."""
    if trace is None:
        return Marks()
    import networkx as nx

    path = trace.path
    edges = frozenset(zip(path, path[1:], strict=False))
    if trace.status != "incomplete" or not path:
        return Marks(True, frozenset(path), edges, override=trace.override)
    waiting, reachable = path[-1], set(trace.reachable)
    still = {n for n in nx.descendants(flow.graph, waiting)
             if n in reachable or nx.descendants(flow.graph, n) & reachable}
    return Marks(True, frozenset(path), edges, waiting, frozenset(still), trace.missing,
                 trace.override)
