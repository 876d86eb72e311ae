"""A real `nmosd-flow serve` for the tests: uvicorn in a child process on a free port of
127.0.0.1 (port 0: the system picks), its log collected in a file. Readiness is awaited by
reading the line the server prints once it answers, and by polling /healthz: never by sleeping."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

httpx = pytest.importorskip("httpx", reason="needs httpx")
ROOT = Path(__file__).resolve().parents[3]
DEADLINE = 300.0  # seconds a machine may take to start and build the site; a failure, not a wait


@dataclass
class Served:
    url: str  # http://127.0.0.1:PORT (no trailing slash)
    log: Path  # everything the server wrote to stderr
    out: Path  # ... and to stdout after its first line
    process: subprocess.Popen

    def client(self, **kw) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=120, follow_redirects=False, **kw)

    def health(self) -> dict:
        with self.client() as c:
            return c.get("/healthz").json()

    def wait_for(self, key: str, wanted: tuple[str, ...]) -> str:
        """Poll /healthz until ``key`` leaves its starting state (site built, Chromium up)."""
        end = time.monotonic() + DEADLINE
        while time.monotonic() < end:
            state = self.health()[key]
            if state in wanted:
                return state
            assert self.process.poll() is None, self.log.read_text()
            time.sleep(0.1)  # a poll interval, not a wait for something to happen
        raise AssertionError(f"{key} still {state!r} after {DEADLINE} s")

    def logged(self) -> str:
        return self.log.read_text(encoding="utf-8") + self.out.read_text(encoding="utf-8")


def start(tmp: Path, *args: str) -> tuple[Served, str]:
    """Start the server; returns it and the first line it printed (where it listens)."""
    log, out = tmp / "server.log", tmp / "server.out"
    env = {**os.environ, "NMOSD_FLOW_CACHE_DIR": str(tmp / "cache"), "PYTHONUNBUFFERED": "1"}
    with open(log, "wb") as err:
        process = subprocess.Popen([sys.executable, "-m", "render.cli", "serve", "--port", "0",
                                    *args], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                   stderr=err, stdin=subprocess.DEVNULL,
                                   preexec_fn=_default_sigint)
    first = process.stdout.readline().decode()  # printed once uvicorn answers
    if not first:
        process.wait(timeout=60)
        raise AssertionError(f"serve ended: {log.read_text()}")
    url = first.split(" at ", 1)[1].split()[0].rstrip("/")
    # the rest of stdout goes to a file, read by a thread-free copy at the end
    served = Served(url, log, out, process)
    return served, first


def _default_sigint() -> None:
    """Ctrl-C as under a terminal, even when the tests run as a background job (which starts
    children with SIGINT ignored)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)


def stop(served: Served) -> tuple[int, str]:
    """Ctrl-C, then its exit status and what else it printed on stdout."""
    import signal

    served.process.send_signal(signal.SIGINT)
    rest, _ = served.process.communicate(timeout=120)
    served.out.write_bytes(rest)
    return served.process.returncode, rest.decode()


@pytest.fixture(scope="session")
def served(tmp_path_factory):
    """One server for the session (Chromium warm, the site built in the background)."""
    tmp = tmp_path_factory.mktemp("serve")
    server, _ = start(tmp)
    server.out.write_bytes(b"")
    yield server
    if server.process.poll() is None:
        stop(server)


@pytest.fixture
def client(served):
    with served.client() as c:
        yield c
