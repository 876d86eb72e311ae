"""A4 PDF printing of an HTML page by headless Chromium."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from graph import GuidelineError

from ..output import write_file

CHROMIUMS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


class ChromiumNotFound(GuidelineError):
    """No Chromium browser to print the PDF with."""


def chromium() -> str:
    """The Chromium executable: $NMOSD_FLOW_CHROMIUM or the first found on PATH."""
    named = os.environ.get("NMOSD_FLOW_CHROMIUM")
    for name in ([named] if named else CHROMIUMS):
        found = shutil.which(name)
        if found:
            return found
    raise ChromiumNotFound("no Chromium browser found to print the PDF: install it (Debian: "
                           "sudo apt-get install chromium) or set NMOSD_FLOW_CHROMIUM, or "
                           "write HTML with -o FILE.html")


def html_to_pdf(html: str, output: str | Path, timeout: float = 120) -> None:
    """Print ``html`` to an A4 PDF with headless Chromium; raises a GuidelineError."""
    exe = chromium()
    with tempfile.TemporaryDirectory(prefix="nmosd-flow-") as tmp:
        page, pdf = Path(tmp) / "report.html", Path(tmp) / "report.pdf"
        page.write_text(html, encoding="utf-8")
        cmd = [exe, "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run",
               "--disable-extensions", "--no-pdf-header-footer", f"--user-data-dir={tmp}/p",
               f"--print-to-pdf={pdf}", page.as_uri()]
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise GuidelineError(f"Chromium did not finish printing within {timeout:g} s") from None
        if not pdf.is_file() or pdf.stat().st_size == 0:
            tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["?"]
            raise GuidelineError(f"Chromium could not print the PDF (exit {done.returncode}): "
                                 f"{tail[0]}")
        write_file(output, pdf.read_bytes())
