"""The `nmosd-flow` command line: thin commands that call one library function each.

Heavy imports (graphviz, jinja2, pint) happen inside the commands that need them, so
`nmosd-flow evaluate` starts fast.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from graph import GuidelineError, UsageError

LANGS = ("en", "zh")


class Parser(argparse.ArgumentParser):
    """argparse that reports a usage mistake as one line and exit status 2."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def _guideline():
    from flows import guideline

    return guideline()


def cmd_list(args) -> int:
    """List the flows and bundles.

    Example: nmosd-flow list
    """
    g = _guideline()
    lang = args.lang
    width = max(len(f) for f in g.flows)
    print("Flows:" if lang == "en" else "流程：")
    for flow in g.flows.values():
        recs = ", ".join(map(str, flow.recommendations))
        print(f"  {flow.id:<{width}}  {flow.kind:<11}  rec {recs:<10}  {flow.title.get(lang)}")
    print("Bundles:" if lang == "en" else "组合：")
    for bundle in g.bundles.values():
        print(f"  {bundle.id:<{width}}  {bundle.title.get(lang)}: {', '.join(bundle.flows)}")
    return 0


def cmd_evaluate(args) -> int:
    """Evaluate a patient file against flows and print the verdicts, paths and actions.

    Example: nmosd-flow evaluate examples/patients/hbv-carrier.yaml --bundle start
    """
    from graph import read_patient

    from .results import evaluate, select_flows, to_json

    g = _guideline()
    if args.batch:
        from .batch import run_batch

        return run_batch(g, args)
    if not args.patient:
        raise UsageError("give a PATIENT file, or --batch FILE")
    flow_ids = select_flows(g, args.flow or (), args.bundle)
    patient = read_patient(args.patient, g.facts, g.aliases)
    ev = evaluate(g, patient.facts, flow_ids)
    if args.format == "json":
        text = json.dumps(to_json(g, patient.id, ev, args.lang), ensure_ascii=False, indent=1)
    else:
        from .text import render_text

        text = render_text(g, patient.id, ev, args.lang)
    _emit(text.rstrip("\n") + "\n", args.output)
    return 0


def cmd_check(args) -> int:
    """Verify every flow statically: shape, coverage, facts, citations, translations.

    Example: nmosd-flow check
    """
    from .check import check_all

    problems, summary = check_all(_guideline())
    for problem in problems:
        print(problem, file=sys.stderr)
    print(summary)
    return 1 if problems else 0


def cmd_render(args) -> int:
    """Draw a flow as a printable chart, optionally with one patient's path highlighted.

    Example: nmosd-flow render hbv --patient examples/patients/hbv-carrier.yaml --format pdf -o hbv.pdf
    """
    from .flowchart import render_file

    g = _guideline()
    from .results import select_flows

    select_flows(g, [args.flow])
    trace = None
    if args.patient:
        from graph import read_patient, traverse

        patient = read_patient(args.patient, g.facts, g.aliases)
        trace = traverse(g.flows[args.flow], g.facts, patient.facts)
    _check_writable(args.output)
    render_file(g, args.flow, trace, args.format, args.lang, args.output)
    return 0


def cmd_graph(args) -> int:
    """Export the knowledge graph (questions, recommendations, flows, facts, drugs, tests...).

    Example: nmosd-flow graph --format graphml -o guideline.graphml
    """
    from flows.content import knowledge
    from graph.knowledge import to_graphml, to_node_link

    kg = knowledge()
    if args.format == "graphml":
        text = to_graphml(kg)
    else:
        text = json.dumps(to_node_link(kg), ensure_ascii=False, indent=1)
    _emit(text.rstrip("\n") + "\n", args.output)
    return 0


def cmd_about(args) -> int:
    """List the recommendations, flows and facts that concern a word (English or Chinese).

    Example: nmosd-flow about rituximab --lang zh
    """
    from flows.content import knowledge
    from graph.knowledge import about

    from .about import about_text

    kg = knowledge()
    sys.stdout.write(about_text(kg, about(kg, args.term), args.lang))
    return 0


def cmd_report(args) -> int:
    """Write one printable report for a patient: verdicts, paths, actions and a dated plan.

    The -o suffix picks the format: .html, or .pdf (A4, printed by headless Chromium);
    without -o the HTML goes to standard output. The bundle is `start` unless --bundle or
    --flow is given. --ics also writes the dated plan as an RFC 5545 calendar file.

    Example: nmosd-flow report examples/patients/hbv-carrier.yaml -o report.pdf
    """
    from graph import read_patient

    from .report import build_report, output_kind, report_date, write_report
    from .results import select_flows

    g = _guideline()
    output_kind(args.output)
    bundle = args.bundle or (None if args.flow else "start")
    flow_ids = select_flows(g, args.flow or (), bundle)
    date = report_date(args.date)
    for target in (args.output, args.ics):
        if target not in (None, "-"):
            _check_writable(target)
    patient = read_patient(args.patient, g.facts, g.aliases)
    report = build_report(g, patient, flow_ids, bundle, args.lang, date, args.months)
    html = write_report(report, args.output)
    if html is not None:
        sys.stdout.write(html)
    if args.ics:
        from .reportics import write_ics

        if write_ics(report, args.ics) == 0:
            print(f"nmosd-flow: note: {args.ics}: no dated plan for this patient, so the "
                  f"calendar holds no events", file=sys.stderr)
    return 0


def _months(text: str) -> int:
    """--months: a whole number of months from 1 to 120."""
    if not text.isdigit() or not 1 <= int(text) <= 120:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of months from 1 to 120")
    return int(text)


def _add_report(sub) -> None:
    p = _command(sub, "report", cmd_report)
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


def _emit(text: str, output: str | None) -> None:
    if output in (None, "-"):
        sys.stdout.write(text)
        return
    _check_writable(output)
    Path(output).write_text(text, encoding="utf-8")


def _check_writable(output: str) -> None:
    """Raise UsageError unless ``output`` can be written."""
    path = Path(output)
    parent = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise UsageError(f"{output}: is a directory; give a file name")
    if not parent.is_dir():
        raise UsageError(f"{output}: cannot write: the folder {parent} does not exist")
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise UsageError(f"{output}: cannot write: permission denied")


def build_parser() -> Parser:
    parser = Parser(prog="nmosd-flow", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"nmosd-flow {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    sub.required = True
    for add in ADDERS:
        add(sub)
    return parser


def _version() -> str:
    from . import __version__

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
    _lang(_command(sub, "list", cmd_list))


def _add_evaluate(sub) -> None:
    p = _command(sub, "evaluate", cmd_evaluate)
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
    _command(sub, "check", cmd_check)


def _add_render(sub) -> None:
    p = _command(sub, "render", cmd_render)
    p.add_argument("flow", metavar="FLOW", help="flow id (see `nmosd-flow list`)")
    p.add_argument("--patient", metavar="PATIENT", help="highlight this patient's path")
    p.add_argument("--format", choices=("svg", "pdf", "png"), default="svg")
    p.add_argument("-o", "--output", metavar="FILE", required=True)
    _lang(p)


def _add_graph(sub) -> None:
    p = _command(sub, "graph", cmd_graph)
    p.add_argument("--format", choices=("json", "graphml"), default="json",
                   help="node-link JSON or GraphML (default: json)")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")


def _add_about(sub) -> None:
    p = _command(sub, "about", cmd_about)
    p.add_argument("term", metavar="TERM", help="a drug, test, trial, fact or flow, e.g. rituximab")
    _lang(p)


ADDERS = [_add_list, _add_evaluate, _add_check, _add_render]
ADDERS += [_add_graph, _add_about]
ADDERS += [_add_report]


def cmd_site(args) -> int:
    """Build the static, offline, bilingual guideline site (open DIR/index.html in a browser).

    Every question, recommendation, flow (with a step-through that needs no JavaScript),
    fact, drug, test and trial, in English (DIR/en/) and Chinese (DIR/zh/). DIR is created,
    or replaced when it holds an earlier build. SOURCE_DATE_EPOCH sets the date shown.

    Example: nmosd-flow site -o site
    """
    from .site import build_site

    report = build_site(args.output)
    print(f"Built {report.pages} pages in {report.seconds:.1f} s.")
    print(f"Open {report.index} in a browser.")
    return 0


def _add_site(sub) -> None:
    p = _command(sub, "site", cmd_site)
    p.add_argument("-o", "--output", metavar="DIR", default="site",
                   help="folder to write the site into (default: site)")


ADDERS += [_add_site]


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
