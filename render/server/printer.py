"""A4 PDF reports from one Chromium kept warm for the server's life (driven by Playwright, using
the system's Chromium: nothing is downloaded)."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from graph import GuidelineError

log = logging.getLogger("render.server")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync",
        "--disable-default-apps", "--disable-extensions", "--metrics-recording-only"]
AT_ONCE = 2  # pages printing at the same time (the machine has 2 cores)


class PrintError(GuidelineError):
    """No PDF can be printed (no Chromium, or it failed)."""


class Printer:
    """Launches Chromium in the background at start-up, prints each report in a fresh,
    offline context without JavaScript, and relaunches Chromium if it has gone away."""

    def __init__(self, find_chromium):
        self._find = find_chromium  # () -> executable path; raises GuidelineError when none
        self._pw = self._browser = None
        self._launching: asyncio.Task | None = None
        self._slots = asyncio.Semaphore(AT_ONCE)
        self._relaunch = asyncio.Lock()
        self.problem: str | None = None

    @property
    def state(self) -> str:
        if self._browser is not None and self._browser.is_connected():
            return "ready"
        return "unavailable" if self.problem else "starting"

    def start(self) -> None:
        """Begin launching Chromium without waiting for it."""
        self._launching = asyncio.get_running_loop().create_task(self._launch())

    async def _launch(self) -> None:
        try:
            executable = self._find()
            from playwright.async_api import async_playwright
        except GuidelineError as exc:
            self.problem = str(exc)
            return
        except ImportError:
            self.problem = "Playwright for Python is not installed (pip install playwright)"
            return
        try:
            if self._pw is None:
                self._pw = await async_playwright().start()
            self._browser = await self._pw.chromium.launch(executable_path=executable, args=ARGS)
            self.problem = None
        except Exception as exc:  # noqa: BLE001 - Playwright raises several kinds
            self.problem = f"Chromium could not start: {str(exc).splitlines()[0]}"
            log.warning("PDF reports unavailable: %s", self.problem)

    async def _ready(self):
        if self._launching is not None:
            await asyncio.shield(self._launching)
        async with self._relaunch:
            if self._browser is not None and not self._browser.is_connected():  # it went away
                self._browser = None
                self._launching = asyncio.get_running_loop().create_task(self._launch())
                await asyncio.shield(self._launching)
        if self._browser is None:
            raise PrintError(self.problem or "Chromium is not running")
        return self._browser

    async def pdf(self, html: str) -> bytes:
        """``html`` printed on A4 (the page's own @page rules first); raises PrintError."""
        async with self._slots:
            browser = await self._ready()
            context = await browser.new_context(java_script_enabled=False, offline=True)
            try:
                page = await context.new_page()
                await page.route("**/*", lambda route: route.abort())
                await page.set_content(html, wait_until="load")
                return await page.pdf(format="A4", print_background=True,
                                      prefer_css_page_size=True)
            except Exception as exc:  # noqa: BLE001 - one line for the user, nothing logged
                raise PrintError(f"Chromium could not print the report: "
                                 f"{type(exc).__name__}") from None
            finally:
                with contextlib.suppress(Exception):
                    await context.close()

    async def close(self) -> None:
        """Close Chromium and Playwright (either may already have gone with Ctrl-C)."""
        if self._launching is not None and not self._launching.done():
            self._launching.cancel()
            with contextlib.suppress(BaseException):
                await self._launching
        for closing in (self._browser, self._pw):
            if closing is not None:
                with contextlib.suppress(Exception):
                    await (closing.close() if closing is self._browser else closing.stop())
        self._browser = self._pw = None
