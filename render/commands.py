"""The commands of `nmosd-flow`: each calls one library function and prints or writes the result.

The docstrings are the commands' help. Heavy imports (graphviz, jinja2, pint) happen inside the
commands that need them, so `nmosd-flow evaluate` starts fast.
"""

from __future__ import annotations

import json
import sys

from graph import UsageError

from .output import check_writable, emit, is_stdout, refuse_overlap


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

    g = _guideline()
    refuse_overlap({"PATIENT": args.patient, "--batch": args.batch}, {"-o": args.output})
    if args.batch:
        from .cohort import run_batch

        return run_batch(g, args)
    if not args.patient:
        raise UsageError("give a PATIENT file, or --batch FILE")
    flow_ids = g.select_flows(args.flow or (), args.bundle)
    patient = read_patient(args.patient, g.facts, g.aliases)
    ev = g.evaluate(patient, flow_ids)
    if args.format == "json":
        from flows.evaluation import to_json

        text = json.dumps(to_json(g, patient.id, ev, args.lang), ensure_ascii=False, indent=1)
    else:
        from .terminal import render_text

        text = render_text(g, patient.id, ev, args.lang)
    emit(text.rstrip("\n") + "\n", args.output)
    return 0


def cmd_check(args) -> int:
    """Verify every flow statically: shape, coverage, facts, citations, translations.

    Example: nmosd-flow check
    """
    from .terminal import check_all

    problems, summary = check_all(_guideline())
    for problem in problems:
        print(problem, file=sys.stderr)
    print(summary)
    return 1 if problems else 0


def cmd_render(args) -> int:
    """Draw a flow as a printable chart, optionally with one patient's path highlighted.

    Example: nmosd-flow render hbv --patient examples/patients/hbv-carrier.yaml --format pdf -o hbv.pdf
    """
    from .chart import render_file

    g = _guideline()
    g.select_flows([args.flow])
    refuse_overlap({"--patient": args.patient}, {"-o": args.output})
    fmt = _chart_format(args.format, args.output)
    trace = None
    if args.patient:
        from graph import read_patient, traverse

        patient = read_patient(args.patient, g.facts, g.aliases)
        trace = traverse(g.flows[args.flow], g.facts, patient.facts)
    check_writable(args.output)
    render_file(g, args.flow, trace, fmt, args.lang, args.output)
    return 0


def _chart_format(given: str | None, output: str) -> str:
    """--format, else the -o suffix (.svg, .pdf, .png), else svg; a mismatch is a mistake."""
    from pathlib import Path

    suffix = Path(output).suffix.lower().lstrip(".")
    known = ("svg", "pdf", "png")
    if given is None:
        return suffix if suffix in known else "svg"
    if suffix in known and suffix != given:
        raise UsageError(f"-o {output}: the name says {suffix} but --format is {given}; "
                         f"make them agree")
    return given


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
    emit(text.rstrip("\n") + "\n", args.output)
    return 0


def cmd_about(args) -> int:
    """List the recommendations, flows and facts that concern a word (English or Chinese).

    Example: nmosd-flow about rituximab --lang zh
    """
    from flows.content import knowledge
    from graph.knowledge import about

    from .terminal import about_text

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

    from .report import build_report, output_kind, report_date, write_ics, write_report

    g = _guideline()
    output_kind(args.output)
    refuse_overlap({"PATIENT": args.patient}, {"-o": args.output, "--ics": args.ics})
    bundle = args.bundle or (None if args.flow else "start")
    flow_ids = g.select_flows(args.flow or (), bundle)
    date = report_date(args.date)
    for target in (args.output, args.ics):
        if target is not None and not is_stdout(target):
            check_writable(target)
    patient = read_patient(args.patient, g.facts, g.aliases)
    report = build_report(g, patient, flow_ids, bundle, args.lang, date, args.months)
    html = write_report(report, args.output)
    if html is not None:
        sys.stdout.write(html)
    if args.ics and write_ics(report, args.ics) == 0:
        print(f"nmosd-flow: note: {args.ics}: no dated plan for this patient, so the "
              f"calendar holds no events", file=sys.stderr)
    return 0


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
