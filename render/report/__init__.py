"""One printable report per patient (HTML, or an A4 PDF) with its dated plan, also as an
RFC 5545 calendar file."""

from .build import Report, build_report, report_date
from .document import output_kind, render_html, write_report
from .ics import write_ics
from .pdf import chromium

__all__ = ["Report", "build_report", "chromium", "output_kind", "render_html", "report_date",
           "write_ics", "write_report"]
