"""Flowcharts: one flow drawn by Graphviz (DOT, inline SVG, or an A4 SVG, PDF or PNG file),
optionally with one patient's path highlighted."""

from .draw import flow_dot
from .export import FORMATS, GraphvizNotFound, flow_svg, render_file

__all__ = ["FORMATS", "GraphvizNotFound", "flow_dot", "flow_svg", "render_file"]
