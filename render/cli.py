"""The `nmosd-flow` command line: thin commands that call one library function each.

This module holds the parser and the error handling; the commands are in ``commands.py``.
"""

from __future__ import annotations

import argparse
import os
import sys

from graph import GuidelineError

from . import commands as c

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
    p.add_argument("patient", nargs="?", metavar="PATIENT", help="patient file (YAML or JSON)")
    p.add_argument("--flow", action="append", metavar="ID", help="a flow to evaluate (repeatable)")
    p.add_argument("--bundle", metavar="NAME", help="a bundle of flows, e.g. start or infusion")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--batch", metavar="FILE", help="evaluate every patient of a .jsonl or .csv file")
    p.add_argument("-j", "--jobs", type=int, metavar="N",
                   help="worker processes for --batch (default: one per core)")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    _lang(p)


def _add_check(sub) -> None:
    _command(sub, "check", c.cmd_check)


def _add_render(sub) -> None:
    p = _command(sub, "render", c.cmd_render)
    p.add_argument("flow", metavar="FLOW", help="flow id (see `nmosd-flow list`)")
    p.add_argument("--patient", metavar="PATIENT", help="highlight this patient's path")
    p.add_argument("--format", choices=("svg", "pdf", "png"), default="svg")
    p.add_argument("-o", "--output", metavar="FILE", required=True)
    _lang(p)


def _add_graph(sub) -> None:
    p = _command(sub, "graph", c.cmd_graph)
    p.add_argument("--format", choices=("json", "graphml"), default="json",
                   help="node-link JSON or GraphML (default: json)")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")


def _add_about(sub) -> None:
    p = _command(sub, "about", c.cmd_about)
    p.add_argument("term", metavar="TERM", help="a drug, test, trial, fact or flow, e.g. rituximab")
    _lang(p)


def _months(text: str) -> int:
    """--months: a whole number of months from 1 to 120."""
    if not text.isdigit() or not 1 <= int(text) <= 120:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of months from 1 to 120")
    return int(text)


def _add_report(sub) -> None:
    p = _command(sub, "report", c.cmd_report)
    p.add_argument("patient", metavar="PATIENT", help="patient file (YAML or JSON)")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="FILE.html or FILE.pdf (default: HTML on standard output)")
    p.add_argument("--bundle", metavar="NAME", help="bundle of flows to assess (default: start)")
    p.add_argument("--flow", action="append", metavar="ID", help="a flow to assess (repeatable)")
    p.add_argument("--ics", metavar="FILE", help="also write the dated plan as a calendar file")
    p.add_argument("--date", metavar="YYYY-MM-DD",
                   help="report date (default: SOURCE_DATE_EPOCH, else today)")
    p.add_argument("--months", type=_months, metavar="N",
                   help="length of the dated plan in months (default: 12)")
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
    _lang(p)


ADDERS = [_add_list, _add_evaluate, _add_check, _add_render, _add_graph, _add_about, _add_report,
          _add_site, _add_serve]


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; user mistakes print one line and return 2, internal errors return 1."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except GuidelineError as exc:
        print(f"nmosd-flow: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        if os.environ.get("NMOSD_FLOW_DEBUG"):
            raise
        print(f"nmosd-flow: internal error: {type(exc).__name__}: {exc} "
              f"(set NMOSD_FLOW_DEBUG=1 for details)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
