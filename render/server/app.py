"""The ASGI application: its routes, the guard around them, and what lives as long as it does
(the guideline, the chart memo, the warm Chromium, the built site)."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from flows.inputs import MAX_RECORD_BYTES
from graph import Guideline
from graph.patient import MAX_BYTES

from . import api, pages
from .charts import Charts
from .guard import Guard, plain
from .guideline import SiteBuild, SiteFiles
from .printer import Printer

LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")


@dataclass(frozen=True)
class Settings:
    """How the server runs. The body limit is a patient file's (1 MiB), which also keeps an
    uploaded file in memory (Starlette spools larger parts to disk). A CDS Hooks call, JSON read
    in memory whose prefetch may hold a long record, may be as large as a FHIR Bundle file
    (32 MiB, ``large``)."""

    lang: str = "en"
    host: str = "127.0.0.1"
    body_limit: int = MAX_BYTES
    time_limit: float = 10.0  # seconds per request
    slow: dict = field(default_factory=lambda: {"/check/report": 60.0, "/zh/check/report": 60.0})
    large: dict = field(default_factory=lambda: {"/cds-services/": MAX_RECORD_BYTES})
    build_site: bool = True
    pdf: bool = True


@dataclass
class Server:
    """What the routes share."""

    settings: Settings
    g: Guideline
    env: object
    charts: Charts
    printer: Printer
    site: SiteBuild
    openapi: dict | None = None


def create_app(settings: Settings | None = None, g: Guideline | None = None,
               extra_routes: Sequence[BaseRoute] = ()) -> Starlette:
    """The application; Chromium and the site build start with it (in the background).

    ``extra_routes`` (Starlette routes or mounts, e.g. a CDS Hooks service) are matched before
    the guideline site's catch-all and sit behind the same guard (limits, headers, no logging);
    ``request.app.state.server.g`` is the guideline they share."""
    from flows import guideline
    from flows.cache import cache_dir

    settings = settings or Settings()
    g = g or guideline()
    server = Server(settings, g, environment(), Charts(g), Printer(_chromium),
                    SiteBuild(cache_dir()))
    if not settings.build_site:
        server.site.state = "off"

    @asynccontextmanager
    async def lifespan(app):
        if settings.build_site:
            server.site.start()
        if settings.pdf:
            server.printer.start()
        try:
            yield
        finally:
            await server.printer.close()
            await server.site.close()

    routes = [
        Route("/", pages.home),
        *[Route(prefix + path, endpoint, methods=methods)
          for prefix in ("", "/zh") for path, endpoint, methods in (
              ("/check", pages.check, ["GET", "POST"]), ("/check/upload", pages.upload, ["POST"]),
              ("/check/report", pages.report, ["POST"]))],
        Route("/check/verdicts.css", pages.verdicts_css),
        Mount("/check/static", StaticFiles(packages=[("render.server", "static")])),
        Route("/api/evaluate", api.evaluate, methods=api.ANY_METHOD),
        Route("/api/flows", api.flows), Route("/api/facts", api.facts),
        Route("/api/openapi.json", api.openapi),
        Route("/api/{rest:path}", api.unknown, methods=api.ANY_METHOD),
        Route("/healthz", health),
        *extra_routes,
        Mount("/static", StaticFiles(packages=[("render.site", "static")])),
        Mount("/", SiteFiles(server.site, _building)),
    ]
    middleware = [Middleware(Guard, body_limit=settings.body_limit,
                             time_limit=settings.time_limit, slow=settings.slow,
                             large=settings.large),
                  Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts(settings.host))]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan,
                    exception_handlers={HTTPException: http_error})
    app.state.server = server
    return app


def environment():
    """Jinja over the server's templates, then the site's (for its disclaimer), autoescaped."""
    import jinja2

    loader = jinja2.ChoiceLoader([jinja2.PackageLoader("render.server", "templates"),
                                  jinja2.PackageLoader("render.site", "templates")])
    return jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined,
                              trim_blocks=True, lstrip_blocks=True)


def allowed_hosts(host: str) -> list[str]:
    """Host headers answered (no DNS rebinding onto 127.0.0.1); any when bound to all."""
    if host in ("0.0.0.0", "::", ""):
        return ["*"]
    return list(dict.fromkeys([host, *LOOPBACK])) if host in LOOPBACK else [host]


def _chromium() -> str:
    from ..report import chromium

    return chromium()


async def health(request) -> JSONResponse:
    """``/healthz``: up, and whether the guideline pages and PDF printing are ready."""
    s = request.app.state.server
    return JSONResponse({"status": "ok", "site": s.site.state, "pdf": s.printer.state})


async def http_error(request, exc: HTTPException):
    """404, 405, 400 ...: one line under /api/, a short page elsewhere."""
    if exc.status_code == 404 and not request.url.path.startswith("/api/"):
        return pages.message(request, 404, "not_found", "not_found_lead")
    if request.url.path.startswith("/api/"):
        return api.error(str(exc.detail), exc.status_code)
    from starlette.responses import PlainTextResponse

    return PlainTextResponse(f"{exc.detail}\n", status_code=exc.status_code)


async def _building(scope, receive, send):
    """The answer for a guideline page while the site is still being built."""
    from starlette.requests import Request

    request = Request(scope, receive)
    site = request.app.state.server.site.state
    if site == "off":
        return await pages.message(request, 404, "not_found", "not_found_lead")(scope, receive, send)
    if site == "failed":
        return await plain(scope, send, 503, "the guideline pages could not be built; the check "
                                             "works")
    response = pages.message(request, 503, "building", "building_lead")
    response.headers["retry-after"] = "10"
    await response(scope, receive, send)
