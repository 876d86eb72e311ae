"""The guard around every request: a size and a time limit, security headers (a Content
Security Policy with no outside source), no caching of pages made from what a user entered,
and one plain line instead of a stack trace. Nothing about a request is logged."""

from __future__ import annotations

import asyncio
import json
import logging

log = logging.getLogger("render.server")

# The check and the API: scripts and styles from this server only, no inline code at all.
APP_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
           "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
# The guideline site colours its verdicts with style attributes (no code): allowed, nothing else.
SITE_CSP = APP_CSP + "; style-src-attr 'unsafe-inline'"
# The printed report is one self-contained page: its own inline styles, no script, no request.
REPORT_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
              "form-action 'none'; base-uri 'none'; frame-ancestors 'none'")
HEADERS = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
           (b"x-frame-options", b"DENY"), (b"cross-origin-opener-policy", b"same-origin"),
           (b"cross-origin-resource-policy", b"same-origin")]


class TooLarge(Exception):
    """The request body is over the limit."""


class Guard:
    """ASGI middleware: ``body_limit`` bytes per request body (``large`` maps a path prefix to
    a larger limit), ``time_limit`` seconds per request (``slow`` maps a path prefix to a longer
    limit), the headers above on every response."""

    def __init__(self, app, body_limit: int, time_limit: float, slow: dict[str, float],
                 large: dict[str, int] | None = None):
        self.app, self.body_limit, self.time_limit, self.slow = app, body_limit, time_limit, slow
        self.large = large or {}

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def send_secure(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message = {**message, "headers": secured(message.get("headers", []))}
            await send(message)

        received = 0
        body_limit = next((n for prefix, n in self.large.items()
                           if scope["path"].startswith(prefix)), self.body_limit)

        async def receive_bounded():
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > body_limit:
                raise TooLarge
            return message

        declared = dict(scope.get("headers", [])).get(b"content-length", b"0")
        try:
            if not declared.isdigit() or int(declared) > body_limit:
                raise TooLarge
            async with asyncio.timeout(self._limit(scope["path"])):
                await self.app(scope, receive_bounded, send_secure)
        except TooLarge:
            await self._fail(scope, send_secure, started, 413,
                             f"the request is larger than {body_limit // 1024} KiB")
        except TimeoutError:
            await self._fail(scope, send_secure, started, 503,
                             f"the request took longer than {self._limit(scope['path']):g} s")
        except Exception as exc:  # noqa: BLE001 - never a stack trace, never a value in a log
            log.error("internal error (%s); its details are withheld: they may hold what a user "
                      "entered", type(exc).__name__)
            await self._fail(scope, send_secure, started, 500, "internal error")

    def _limit(self, path: str) -> float:
        return next((t for prefix, t in self.slow.items() if path.startswith(prefix)),
                    self.time_limit)

    async def _fail(self, scope, send, started: bool, status: int, message: str) -> None:
        if started:  # too late for a status: the server closes the connection
            return
        await plain(scope, send, status, message)


async def plain(scope, send, status: int, message: str) -> None:
    """One line: JSON ``{"error": ...}`` under /api/, plain text elsewhere."""
    if scope["path"].startswith("/api/"):
        body, kind = json.dumps({"error": message}).encode(), b"application/json"
    else:
        body, kind = f"{message}\n".encode(), b"text/plain; charset=utf-8"
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", kind), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


def secured(headers) -> list:
    """``headers`` with the security headers; a page's own policy (site, report) is kept, and
    anything that did not say otherwise is not to be stored by the browser."""
    names = {name.lower() for name, _ in headers}
    out = list(headers) + [h for h in HEADERS if h[0] not in names]
    if b"content-security-policy" not in names:
        out.append((b"content-security-policy", APP_CSP.encode()))
    if b"cache-control" not in names:
        out.append((b"cache-control", b"no-store"))
    return out
