"""A one-line progress bar of a cohort run on standard error, shown only on a terminal."""

from __future__ import annotations

import io
import os
import sys
import time


class Progress:
    """A one-line progress bar on standard error, shown only when it is a terminal."""

    def __init__(self, source):
        self.on = sys.stderr.isatty()
        self.source, self.started, self.last, self.shown = source, time.monotonic(), 0.0, False
        try:
            self.size = os.fstat(source.fileno()).st_size if self.on else 0
        except (OSError, ValueError, io.UnsupportedOperation):
            self.size = 0

    def __enter__(self):
        return self

    def show(self, count: int) -> None:
        now = time.monotonic()
        if not self.on or now - self.last < 0.2:
            return
        self.last, self.shown = now, True
        rate = count / max(now - self.started, 1e-9)
        done = ""
        if self.size:
            share = min(_position(self.source) / self.size, 1.0)
            done = f"[{'#' * int(share * 30):<30}] {share:4.0%}  "
        sys.stderr.write(f"\r{done}{count:,} records  {rate:,.0f}/s\033[K")
        sys.stderr.flush()

    def clear(self) -> None:
        if self.shown:
            sys.stderr.write("\r\033[K")
            self.shown = False

    def __exit__(self, *exc):
        self.clear()


def _position(source) -> int:
    try:
        return os.lseek(source.fileno(), 0, os.SEEK_CUR)
    except (OSError, ValueError, io.UnsupportedOperation):
        return 0
