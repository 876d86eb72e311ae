"""Flowcharts for the check, drawn by render.chart and remembered by their DOT source (the same
path in the same language draws the same chart, whatever values led there)."""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict

from graph import Guideline, GuidelineError

from ..chart import flow_dot, flow_svg

KEEP = 512  # charts remembered (an SVG is ~15 KB)


def unique_ids(svg: str) -> str:
    """Graphviz gives the flow's cluster the graph's id too (subgraphs inherit it); on a page
    of several charts and anchors every id must be unique, so the cluster's is renamed."""
    return re.sub(r'<g id="([^"]+)" class="cluster">', r'<g id="\1&#45;body" class="cluster">',
                  svg, count=1)


class Charts:
    """Inline SVG of a flow with a patient's path, from a bounded, thread-safe memo."""

    def __init__(self, g: Guideline, keep: int = KEEP):
        self.g, self.keep = g, keep
        self._memo: OrderedDict[bytes, str] = OrderedDict()
        self._lock = threading.Lock()

    def svg(self, flow_id: str, trace, lang: str) -> str | None:
        """The chart, or None when Graphviz cannot draw it (the page says the path in words)."""
        key = hashlib.sha256(flow_dot(self.g, flow_id, trace, lang).source.encode()).digest()
        with self._lock:
            if key in self._memo:
                self._memo.move_to_end(key)
                return self._memo[key]
        try:
            svg = unique_ids(flow_svg(self.g, flow_id, trace, lang))
        except GuidelineError:  # Graphviz missing or failing: no chart, never an error page
            return None
        with self._lock:
            self._memo[key] = svg
            while len(self._memo) > self.keep:
                self._memo.popitem(last=False)
        return svg

    async def of(self, results, lang: str) -> dict[str, str]:
        """The charts of every flow result that applies, drawn in worker threads at once."""
        import anyio

        found: dict[str, str] = {}

        async def draw(r) -> None:
            svg = await anyio.to_thread.run_sync(self.svg, r.flow, r.trace, lang)
            if svg is not None:
                found[r.flow] = svg

        async with anyio.create_task_group() as tasks:
            for r in results:
                if r.status != "not_applicable":
                    tasks.start_soon(draw, r)
        return found
