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

    PATIENT is a patient file (YAML or JSON facts) or a FHIR R4 Bundle (JSON), whose results are
    read as of --date (default: today); --batch also reads FHIR Bulk Data NDJSON.

    Example: nmosd-flow evaluate examples/patients/hbv-carrier.yaml --bundle start
    """
    from flows.inputs import record_day, with_record

    g = _guideline()
    refuse_overlap({"PATIENT": args.patient, "--batch": args.batch}, {"-o": args.output})
    if args.batch:
        from .cohort import run_batch

        return run_batch(g, args)
    if not args.patient:
        raise UsageError("give a PATIENT file, or --batch FILE")
    flow_ids = g.select_flows(args.flow or (), args.bundle)
    patient, record = _read_patient(g, args.patient, record_day(args.date))
    ev = with_record(g.evaluate(patient, flow_ids), record)
    if args.format == "json":
        from flows.evaluation import to_json

        text = json.dumps(to_json(g, patient.id, ev, args.lang, record), ensure_ascii=False, indent=1)
    else:
        from .terminal import render_text

        text = render_text(g, patient.id, ev, args.lang, record, patient.facts)
    emit(text.rstrip("\n") + "\n", args.output)
    return 0


def _read_patient(g, path, day):
    """``(Patient, FHIR record or None)`` from a patient file or a FHIR R4 Bundle (JSON)."""
    from flows.inputs import read_patient_or_record

    return read_patient_or_record(path, g, day)


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
    from .chart import chart_parts, part_files, render_file

    g = _guideline()
    g.select_flows([args.flow])
    fmt = _chart_format(args.format, args.output)
    # A big flow is several charts (chart_parts): SVG and PNG write one file each, -o first.
    files = [args.output] if fmt == "pdf" else part_files(args.output,
                                                          chart_parts(g, args.flow, args.lang))
    refuse_overlap({"--patient": args.patient},
                   {("-o" if i == 0 else f"-o (chart {i + 1})"): f for i, f in enumerate(files)})
    trace = None
    if args.patient:
        from flows.inputs import record_day
        from graph import traverse

        patient, _ = _read_patient(g, args.patient, record_day(None))
        trace = traverse(g.flows[args.flow], g.facts, patient.facts)
    for path in files:
        check_writable(path)
    written = render_file(g, args.flow, trace, fmt, args.lang, args.output)
    if len(written) > 1:
        print(f"{len(written)} charts: " + ", ".join(str(p) for p in written), file=sys.stderr)
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


def cmd_export(args) -> int:
    """Export the flows as FHIR R4 knowledge artifacts: one PlanDefinition per flow (each action
    citing its recommendation) and the facts as a Questionnaire, in one Bundle (JSON).

    Answers to the Questionnaire (a QuestionnaireResponse in a patient's Bundle) give the facts
    a record cannot supply.

    Example: nmosd-flow export --format fhir -o nmosd-flow-fhir.json
    """
    from flows.fhir.export import export_fhir

    text = json.dumps(export_fhir(_guideline(), args.lang), ensure_ascii=False, indent=1)
    emit(text + "\n", args.output)
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

    PATIENT may be a FHIR R4 Bundle (JSON): its results are read as of the report date.

    Example: nmosd-flow report examples/patients/hbv-carrier.yaml -o report.pdf
    """
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
    patient, record = _read_patient(g, args.patient, date)
    report = build_report(g, patient, flow_ids, bundle, args.lang, date, args.months, record)
    html = write_report(report, args.output, args.charts)
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


def cmd_serve(args) -> int:
    """Serve the guideline site and the whole-patient check in a browser, on this machine.

    Open the address it prints: the check asks only what the flows still need, re-evaluates at
    every answer, reads a patient file and prints the report (HTML or PDF). It also answers
    POST /api/evaluate with the JSON of `evaluate --format json`. Nothing entered is stored or
    logged. --lang sets the language of the start page and of the API's default.

    It is also a CDS Hooks 2.0 service (GET /cds-services): patient-view, order-select and
    order-sign of inebilizumab answer with cards. Signed requests are checked against
    --cds-trust; without it only callers on this machine are answered.

    Example: nmosd-flow serve --port 8000
    """
    from flows import guideline

    from .cdshooks import CdsConfig, load_trust, routes
    from .server import serve

    trust = load_trust(args.cds_trust) if args.cds_trust else None
    public = args.public_url.rstrip("/") if args.public_url else None
    cds = routes(guideline(), config=CdsConfig(trust=trust, public_url=public, lang=args.lang,
                                               check_url="/zh/check" if args.lang == "zh"
                                               else "/check"))
    return serve(args.host, args.port, args.lang, extra_routes=cds)
