"""The `nmosd-flow` command line: thin commands that call one library function each.

This module holds the parser and the error handling; the commands are in ``commands.py``.
"""

from __future__ import annotations

import argparse
import errno
import os
import sys

from graph import GuidelineError

from . import commands as c
from .output import printable

LANGS = ("en", "zh")


class Parser(argparse.ArgumentParser):
    """argparse that reports a usage mistake as one line and exit status 2."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def build_parser() -> Parser:
    parser = Parser(prog="nmosd-flow", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"nmosd-flow {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    sub.required = True
    for add in ADDERS:
        add(sub)
    return parser


def _version() -> str:
    from flows.evaluation import __version__

    return __version__


def _command(sub, name: str, func) -> Parser:
    doc = func.__doc__ or ""
    p = sub.add_parser(name, help=doc.splitlines()[0], description=doc,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.set_defaults(func=func)
    return p


def _lang(p) -> None:
    p.add_argument("--lang", choices=LANGS, default="en", help="language of labels (default: en)")


def _add_list(sub) -> None:
    _lang(_command(sub, "list", c.cmd_list))


def _add_evaluate(sub) -> None:
    p = _command(sub, "evaluate", c.cmd_evaluate)
    p.add_argument("patient", nargs="?", metavar="PATIENT",
                   help="patient file (YAML or JSON), or a FHIR R4 Bundle (JSON)")
    p.add_argument("--flow", action="append", metavar="ID", help="a flow to evaluate (repeatable)")
    p.add_argument("--bundle", metavar="NAME", help="a bundle of flows, e.g. start or infusion")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--batch", metavar="FILE",
                   help="evaluate every patient of a .jsonl or .csv file, or FHIR Bulk Data NDJSON")
    p.add_argument("-j", "--jobs", type=_jobs, metavar="N",
                   help=f"worker processes for --batch, 1 to {MAX_JOBS} (default: one per core)")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    p.add_argument("--date", metavar="YYYY-MM-DD",
                   help="read a FHIR record's results as of this day (default: today)")
    _lang(p)


def _add_check(sub) -> None:
    _command(sub, "check", c.cmd_check)


def _add_render(sub) -> None:
    p = _command(sub, "render", c.cmd_render)
    p.add_argument("flow", metavar="FLOW", help="flow id (see `nmosd-flow list`)")
    p.add_argument("--patient", metavar="PATIENT", help="highlight this patient's path")
    p.add_argument("--format", choices=("svg", "pdf", "png"),
                   help="svg, pdf or png (default: from the -o suffix, else svg)")
    p.add_argument("-o", "--output", metavar="FILE", required=True)
    _lang(p)


def _add_graph(sub) -> None:
    p = _command(sub, "graph", c.cmd_graph)
    p.add_argument("--format", choices=("json", "graphml"), default="json",
                   help="node-link JSON or GraphML (default: json)")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")


def _add_export(sub) -> None:
    p = _command(sub, "export", c.cmd_export)
    p.add_argument("--format", choices=("fhir",), required=True,
                   help="fhir: a FHIR R4 Bundle of PlanDefinitions and a Questionnaire")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    _lang(p)


def _add_about(sub) -> None:
    p = _command(sub, "about", c.cmd_about)
    p.add_argument("term", metavar="TERM", help="a drug, test, trial, fact or flow, e.g. rituximab")
    _lang(p)


MAX_JOBS = 64


def _jobs(text: str) -> int:
    """--jobs: a whole number of worker processes from 1 to MAX_JOBS."""
    if not text.isdigit() or not 1 <= int(text) <= MAX_JOBS:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of workers from 1 to {MAX_JOBS}")
    return int(text)


def _months(text: str) -> int:
    """--months: a whole number of months from 1 to 120."""
    if not text.isdigit() or not 1 <= int(text) <= 120:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of months from 1 to 120")
    return int(text)


def _add_report(sub) -> None:
    p = _command(sub, "report", c.cmd_report)
    p.add_argument("patient", metavar="PATIENT",
                   help="patient file (YAML or JSON), or a FHIR R4 Bundle (JSON)")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="FILE.html or FILE.pdf (default: HTML on standard output)")
    p.add_argument("--bundle", metavar="NAME", help="bundle of flows to assess (default: start)")
    p.add_argument("--flow", action="append", metavar="ID", help="a flow to assess (repeatable)")
    p.add_argument("--ics", metavar="FILE", help="also write the dated plan as a calendar file")
    p.add_argument("--date", metavar="YYYY-MM-DD",
                   help="report date (default: SOURCE_DATE_EPOCH, else today)")
    p.add_argument("--months", type=_months, metavar="N",
                   help="length of the dated plan in months (default: 12)")
    p.add_argument("--charts", choices=("needed", "all", "none"), default="needed",
                   help="charts drawn: flows whose path is not plain proceed (needed, the "
                        "default), every applicable flow (all), or none")
    _lang(p)


def _add_site(sub) -> None:
    p = _command(sub, "site", c.cmd_site)
    p.add_argument("-o", "--output", metavar="DIR", default="site",
                   help="folder to write the site into (default: site)")


def _port(text: str) -> int:
    """--port: 0 (any free port) to 65535."""
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number from 0 to 65535")
    return int(text)


def _add_serve(sub) -> None:
    p = _command(sub, "serve", c.cmd_serve)
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=_port, default=8000, help="port (default: 8000; 0: any free)")
    p.add_argument("--cds-trust", metavar="FILE",
                   help="CDS Hooks: JSON trust file (issuer -> JWKS) for the clients' signed "
                        "requests (default: none, and only callers on this machine are answered)")
    p.add_argument("--public-url", metavar="URL",
                   help="CDS Hooks: the base URL clients call (the JWT audience); default: the "
                        "request's own")
    _lang(p)


ADDERS = [_add_list, _add_evaluate, _add_check, _add_render, _add_graph, _add_export, _add_about,
          _add_report, _add_site, _add_serve]


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; user mistakes print one line and return 2, internal errors return 1.

    SIGTERM is handled like Ctrl-C (outputs being written are removed, the old ones kept);
    a closed or broken standard output ends the run quietly, as other Unix tools do.
    """
    if sys.stdout is None:  # started with standard output closed (`>&-`): nobody reads it
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives to exit
    parser = build_parser()
    args = parser.parse_args(argv)
    restore = _signals()
    try:
        return args.func(args)
    except GuidelineError as exc:
        _say("\n".join(printable(line) for line in str(exc).split("\n")))
        return 2
    except KeyboardInterrupt as exc:
        return 143 if exc.args == ("SIGTERM",) else 130
    except BrokenPipeError:
        return _stdout_gone()
    except OSError as exc:
        if exc.errno == errno.EBADF and _stdout_closed():
            return _stdout_gone()
        if exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
            _say(f"cannot write: {exc.strerror}; nothing was written")
            return 2
        return _internal(exc)
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        return _internal(exc)
    finally:
        restore()


def _say(message: str) -> None:
    try:
        print(f"nmosd-flow: {message}", file=sys.stderr)
    except OSError:  # standard error is gone too
        pass


def _internal(exc: Exception) -> int:
    if os.environ.get("NMOSD_FLOW_DEBUG"):
        raise exc
    _say(printable(f"internal error: {type(exc).__name__}: {exc} "
                   f"(set NMOSD_FLOW_DEBUG=1 for details)"))
    return 1


def _signals():
    """SIGTERM raises KeyboardInterrupt("SIGTERM") in the main thread; SIGXFSZ (a file-size
    limit) is ignored so that the write fails with EFBIG and is reported. Returns a function
    that puts the old handlers back (the CLI also runs inside tests)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def terminate(signum, frame):
        raise KeyboardInterrupt("SIGTERM")

    old = {signal.SIGTERM: signal.signal(signal.SIGTERM, terminate)}
    if hasattr(signal, "SIGXFSZ"):
        old[signal.SIGXFSZ] = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    return lambda: [signal.signal(s, h) for s, h in old.items()]


def _stdout_closed() -> bool:
    try:
        os.fstat(sys.stdout.fileno())
    except (OSError, ValueError):
        return True
    return False


def _stdout_gone() -> int:
    """Standard output was closed or its reader went away: stop quietly (exit 0), and keep
    Python from complaining when it flushes at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
