"""Flowcharts: one flow drawn by Graphviz (DOT, inline SVG, or A4 SVG, PDF or PNG files),
optionally with one patient's path highlighted; a big flow split into charts that print
legibly (``chart_parts``, the one rule the command line, the site and the report share)."""

from . import palette
from .draw import edge_id, flow_dot, node_id
from .export import FORMATS, flow_svg, part_files, render_file
from .layout import GraphvizNotFound, layout_svgs, svg_size
from .marks import Marks, marks
from .palette import css_vars as verdict_css
from .part import Part
from .parts import chart_parts, orientation, parts_for
from .style import MIN_PRINT_PT, SIZE, min_zoom, print_box, zoom

__all__ = ["FORMATS", "MIN_PRINT_PT", "SIZE", "GraphvizNotFound", "Marks", "Part", "chart_parts",
           "edge_id", "flow_dot", "flow_svg", "layout_svgs", "marks", "min_zoom", "node_id",
           "orientation", "palette", "part_files", "parts_for", "print_box", "render_file",
           "svg_size", "verdict_css", "zoom"]
