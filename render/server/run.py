"""Run the application on uvicorn: bind the address first (a taken port is one clear line),
say where it is once it answers, log nothing about requests, stop cleanly on Ctrl-C."""

from __future__ import annotations

import logging
import signal
import socket
import sys
import threading

import uvicorn

from graph import UsageError

LOG_CONFIG = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"withhold": {"()": "render.server.run.Withhold"}},
    "formatters": {"plain": {"format": "nmosd-flow serve: %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr",
                            "formatter": "plain", "filters": ["withhold"]}},
    "loggers": {
        "uvicorn": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
        "uvicorn.error": {"level": "WARNING"},
        "uvicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
        "render.server": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
    },
    "root": {"handlers": ["stderr"], "level": "WARNING"},
}


class Withhold(logging.Filter):
    """Keep a log record's message, drop its traceback and arguments' details: an exception
    raised while handling a request may quote what the user entered."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info or record.exc_text or record.stack_info:
            record.exc_info = record.exc_text = record.stack_info = None
        return True


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``:``port`` (0: any free port); UsageError when refused."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        return socket.create_server((host, port), family=family, backlog=128)
    except OSError as exc:
        raise UsageError(f"cannot listen on {address(host, port)}: {exc.strerror or exc} "
                         f"(choose another --port, or stop what uses it)") from None


def address(host: str, port: int) -> str:
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def serve(host: str = "127.0.0.1", port: int = 8000, lang: str = "en", out=None,
          extra_routes=()) -> int:
    """Serve the guideline and the check until Ctrl-C (or SIGTERM); returns 0. ``extra_routes``
    go to create_app (more services on the same address)."""
    from .app import Settings, create_app

    out = out or sys.stdout
    sock = bind(host, port)
    url = address(host, sock.getsockname()[1])
    app = create_app(Settings(lang=lang, host=host), extra_routes=extra_routes)
    config = uvicorn.Config(app, log_config=LOG_CONFIG, access_log=False, server_header=False,
                            timeout_keep_alive=5, limit_concurrency=256, lifespan="on",
                            timeout_graceful_shutdown=5)

    def announce() -> None:
        check = f"{url}zh/check" if lang == "zh" else f"{url}check"
        print(f"nmosd-flow serve: the guideline and the whole-patient check at {url} "
              f"(the check: {check}); press Ctrl-C to stop.", file=out, flush=True)
        if host not in ("127.0.0.1", "localhost", "::1"):
            print(f"nmosd-flow serve: note: listening on {host}: others on the network can reach "
                  f"it, and it has no login.", file=out, flush=True)

    server = _Server(config, announce)
    previous = _terminate_like_ctrl_c()
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    print("nmosd-flow serve: stopped.", file=out, flush=True)
    return 0


def _terminate_like_ctrl_c():
    """After uvicorn's graceful shutdown it re-raises the signal it caught: let SIGTERM end
    the process as Ctrl-C does (a line and status 0), not by the default kill."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def stop(signum, frame):
        raise KeyboardInterrupt

    return signal.signal(signal.SIGTERM, stop)


class _Server(uvicorn.Server):
    """uvicorn's server that says where it is once it answers."""

    def __init__(self, config, announce):
        super().__init__(config)
        self.announce = announce

    async def startup(self, sockets=None):
        await super().startup(sockets=sockets)
        if self.started:
            self.announce()
