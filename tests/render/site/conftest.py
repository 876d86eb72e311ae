"""Fixtures shared by the site tests: the built site, and for the browser tests the site
served on 127.0.0.1 and Debian's Chromium driven by Playwright."""

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The whole site, built once per session without SOURCE_DATE_EPOCH."""
    from render.site import build_site

    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        return build_site(tmp_path_factory.mktemp("site") / "site").out


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def base(site):
    """The built site served on 127.0.0.1 from a thread."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler,
                                                                     directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs Playwright for Python")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()
