"""The guideline site the server shows beside the check: built by `nmosd-flow site` in a child
process at start-up into the user cache, keyed by the sha256 of the code and data it is made
from (so it is always current, and built once per version), then served as static files."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import os
import shutil
import stat
import sys
import tempfile
import time
from importlib.resources import files
from pathlib import Path

from flows.evaluation import __version__

from .guard import SITE_CSP

log = logging.getLogger("render.server")
SOURCES = ("graph", "flows", "render")  # packages whose files the site is made from
SKIP = ("__pycache__", "server")  # not part of the site: bytecode, the server's own room
SUFFIXES = (".py", ".yaml", ".html", ".css", ".js", ".txt")


def site_key() -> str:
    """sha256 of the tool's version and every source file of the site, read by package (so a
    wheel and a clone agree)."""
    digest = hashlib.sha256(f"nmosd-flow site {__version__}".encode())
    stack = [(name, files(name)) for name in SOURCES]
    while stack:
        label, item = stack.pop()
        if item.is_dir():
            stack += [(f"{label}/{c.name}", c) for c in item.iterdir() if c.name not in SKIP]
        elif item.name.endswith(SUFFIXES):
            data = item.read_bytes()
            digest.update(f"{label}\0{len(data)}\0".encode() + data)
    return digest.hexdigest()


def _private(folder: Path) -> bool:
    """The folder is ours and no one else may write to it (we serve what it holds)."""
    try:
        info = os.lstat(folder)
    except OSError:
        return False
    return (stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid()
            and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH))


class SiteBuild:
    """The built site: ``state`` is building, ready or failed; ``folder`` once ready."""

    def __init__(self, cache: Path | None):
        self.cache, self.folder, self.state = cache, None, "building"
        self._task: asyncio.Task | None = None
        self._proc = None
        self._temp: tempfile.TemporaryDirectory | None = None

    def start(self) -> None:
        """Use a current build, or begin one in a child process without waiting for it."""
        self._task = asyncio.get_running_loop().create_task(self._build())

    async def _build(self) -> None:
        root = self._root()
        target = root / f"site-{site_key()[:32]}"
        if (target / "index.html").is_file():
            self.folder, self.state = target, "ready"
            return
        started = time.perf_counter()
        scratch = Path(tempfile.mkdtemp(prefix=f"{target.name}.", dir=root))
        out = scratch / "site"
        self._proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "render.cli", "site", "-o", str(out),
            stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE, start_new_session=True)
        _, err = await self._proc.communicate()
        if self._proc.returncode != 0:
            shutil.rmtree(scratch, ignore_errors=True)
            tail = err.decode("utf-8", "replace").strip().splitlines()[-1:] or ["?"]
            self.state = "failed"
            log.warning("the guideline pages could not be built: %s", tail[0])
            return
        try:
            out.rename(target)  # whole or not at all; a concurrent build may have won
        except OSError:
            pass
        shutil.rmtree(scratch, ignore_errors=True)
        _tidy(root, target)
        self.folder, self.state = target, "ready"
        log.info("the guideline pages are ready (built in %.0f s)", time.perf_counter() - started)

    def _root(self) -> Path:
        if self.cache is not None:
            with contextlib.suppress(OSError):
                self.cache.mkdir(mode=0o700, parents=True, exist_ok=True)
            if _private(self.cache):
                return self.cache
        self._temp = tempfile.TemporaryDirectory(prefix="nmosd-flow-site-")
        return Path(self._temp.name)

    async def close(self) -> None:
        """Stop a build under way and remove what only this run used."""
        if self._proc is not None and self._proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self._proc.terminate()
        if self._task is not None and not self._task.done():
            self._task.cancel()
            with contextlib.suppress(BaseException):
                await self._task
        if self._temp is not None:
            self._temp.cleanup()


def _tidy(root: Path, keep: Path) -> None:
    """Remove earlier builds, and scratch folders of builds that stopped an hour ago or more."""
    for old in root.glob("site-*"):
        scratch = "." in old.name
        with contextlib.suppress(OSError):
            if old != keep and old.is_dir() and (not scratch or
                                                 time.time() - old.stat().st_mtime > 3600):
                shutil.rmtree(old, ignore_errors=True)


class SiteFiles:
    """ASGI app: the built site's files with the site's policy; ``waiting`` answers meanwhile."""

    def __init__(self, build: SiteBuild, waiting):
        self.build, self.waiting, self._files = build, waiting, None

    async def __call__(self, scope, receive, send):
        if self.build.state != "ready":
            return await self.waiting(scope, receive, send)
        if self._files is None:
            from starlette.staticfiles import StaticFiles

            self._files = StaticFiles(directory=self.build.folder, html=True)

        async def send_with_policy(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []),
                                                  (b"content-security-policy", SITE_CSP.encode()),
                                                  (b"cache-control", b"no-cache")]}
            await send(message)

        await self._files(scope, receive, send_with_policy)
