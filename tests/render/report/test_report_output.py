"""`nmosd-flow report` end to end: HTML and PDF files, the calendar file, and bad input (design §5)."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from render.cli import main

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "patients"
CARRIER = str(EXAMPLES / "hbv-carrier.yaml")
EPOCH = "1764028800"  # 2025-11-25T00:00:00Z


@pytest.fixture(autouse=True)
def _fixed_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.dot
def test_html_file_and_stdout(capsys, tmp_path):
    out = tmp_path / "r.html"
    code, stdout, err = run(capsys, "report", CARRIER, "-o", str(out))
    assert (code, stdout, err) == (0, "", "")
    html = out.read_text(encoding="utf-8")
    assert "Report date" in html and "2025-11-25" in html and "<svg" in html
    code, stdout, _ = run(capsys, "report", CARRIER)
    assert code == 0 and stdout.startswith("<!doctype html>") and stdout == html


@pytest.mark.dot
def test_ics_parses_back_with_the_plan_events(capsys, tmp_path):
    import icalendar

    from flows import guideline
    from graph import read_patient
    from render.report import build_report

    ics = tmp_path / "plan.ics"
    code, _, err = run(capsys, "report", CARRIER, "-o", str(tmp_path / "r.html"),
                       "--ics", str(ics))
    assert code == 0 and err == ""
    cal = icalendar.Calendar.from_ical(ics.read_bytes())
    events = list(cal.walk("VEVENT"))
    g = guideline()
    rep = build_report(g, read_patient(CARRIER, g.facts, g.aliases), list(g.bundles["start"].flows),
                       "start", "en", dt.date(2025, 11, 25))
    assert len(events) == len(rep.plan.items) > 20
    for ev, item in zip(events, rep.plan.items, strict=True):
        assert ev.decoded("dtstart") == item.start
        assert ev.decoded("dtend") == (item.end or item.start) + dt.timedelta(days=1)
        assert str(ev["summary"]).startswith(item.event.label.en)
        recs = ", ".join(map(str, item.event.recommendations))
        assert f"Recommendations {recs}" in str(ev["description"])
        assert ev.decoded("dtstamp") == dt.datetime(2025, 11, 25, tzinfo=dt.UTC)
    assert len({str(e["uid"]) for e in events}) == len(events)
    starts = [(str(e["summary"]), e.decoded("dtstart")) for e in events]
    assert ("Inebilizumab 300 mg IV (demo-hbv-carrier)", dt.date(2025, 9, 14)) in starts
    assert ("Start nucleos(t)ide-analogue prophylaxis (demo-hbv-carrier)",
            dt.date(2025, 8, 24)) in starts
    first = ics.read_bytes()
    run(capsys, "report", CARRIER, "-o", str(tmp_path / "r.html"), "--ics", str(ics))
    assert ics.read_bytes() == first  # deterministic: same UIDs, same DTSTAMP


@pytest.mark.dot
def test_ics_in_chinese(capsys, tmp_path):
    import icalendar

    ics = tmp_path / "plan.ics"
    run(capsys, "report", CARRIER, "--lang", "zh", "-o", str(tmp_path / "r.html"),
        "--ics", str(ics))
    summaries = [str(e["summary"]) for e in icalendar.Calendar.from_ical(
        ics.read_bytes()).walk("VEVENT")]
    assert "伊奈利珠单抗300 mg静脉输注 (demo-hbv-carrier)" in summaries


@pytest.mark.dot
def test_ics_without_a_plan_is_empty_and_says_so(capsys, tmp_path):
    ics = tmp_path / "plan.ics"
    code, _, err = run(capsys, "report", str(EXAMPLES / "incomplete-data.yaml"),
                       "-o", str(tmp_path / "r.html"), "--ics", str(ics))
    assert code == 0 and "no dated plan" in err and len(err.strip().splitlines()) == 1
    assert b"BEGIN:VEVENT" not in ics.read_bytes()


BAD = [
    (["report", "/nonexistent/p.yaml"], "cannot read the file"),
    (["report", CARRIER, "--bundle", "strat"], "unknown bundle 'strat'"),
    (["report", CARRIER, "--flow", "hvb"], "unknown flow 'hvb'"),
    (["report", CARRIER, "-o", "/nonexistent-dir/r.pdf"], "does not exist"),
    (["report", CARRIER, "-o", "r.html", "--ics", "/nonexistent-dir/p.ics"], "does not exist"),
    (["report", CARRIER, "-o", "report.docx"], "unsupported suffix '.docx'"),
    (["report", CARRIER, "-o", "report"], "unsupported suffix '(none)'"),
    (["report", CARRIER, "--date", "25/11/2025"], "not a date in YYYY-MM-DD form"),
    (["report", CARRIER, "--months", "0"], "not a whole number of months"),
    (["report", CARRIER, "--lang", "fr"], "invalid choice: 'fr'"),
]


def exit_code(argv) -> int:
    """main()'s status, or argparse's when it exits on a usage mistake."""
    try:
        return main(argv)
    except SystemExit as exc:
        return exc.code


@pytest.mark.parametrize(("argv", "message"), BAD, ids=[m for _, m in BAD])
def test_bad_input_is_one_line_and_exit_2(capsys, tmp_path, monkeypatch, argv, message):
    monkeypatch.chdir(tmp_path)
    assert exit_code(argv) == 2
    out, err = capsys.readouterr()
    assert out == "" and message in err and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err
    assert not list(tmp_path.iterdir())  # nothing half-written


def test_bad_patient_value_is_one_line(capsys, tmp_path):
    bad = tmp_path / "p.yaml"
    bad.write_text("facts:\n  first_infusion_date: \"2025-02-30\"\n", encoding="utf-8")
    code, out, err = run(capsys, "report", str(bad))
    assert code == 2 and "first_infusion_date" in err and len(err.strip().splitlines()) == 1


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


@pytest.mark.dot
@pytest.mark.chromium
@pytest.mark.poppler
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_pdf_is_a4_with_english_and_chinese_text(capsys, tmp_path, lang):
    pdf = tmp_path / f"r-{lang}.pdf"
    code, _, err = run(capsys, "report", CARRIER, "--lang", lang, "-o", str(pdf))
    assert code == 0 and err == ""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "(A4)" in info
    text = pdf_text(pdf)
    assert "demo-hbv-carrier" in text and "2025-08-24" in text and "HBsAg" in text
    if lang == "en":
        assert "Proceed with precautions" in text and "Inebilizumab 300 mg IV" in text
        assert "伊奈利珠单抗" in text  # the source's original title
    else:
        assert "采取措施后用药" in text and "伊奈利珠单抗300 mg静脉输注" in text
        assert "Delphi" in text or "nmosd-flow" in text


TYPICAL = ("routine-start", "latent-tb")  # one flow with a precaution, so one chart


@pytest.mark.dot
@pytest.mark.chromium
@pytest.mark.poppler
@pytest.mark.parametrize("name", sorted(p.stem for p in EXAMPLES.glob("*.yaml")))
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_report_text_fits_three_a4_pages_and_each_chart_one(capsys, tmp_path, name, lang):
    # Issue 12: verdicts, checklist, a 12-month dated plan, facts, source, signature and
    # appendix print on at most 3 A4 pages; each chart this patient needs (a flow whose path is
    # not plain "proceed") takes one page at >= 7 pt text. A typical patient, with one such
    # flow, prints on at most 4 pages.
    pdf, html = tmp_path / f"{name}-{lang}.pdf", tmp_path / f"{name}-{lang}.html"
    for out in (pdf, html):
        code, _, err = run(capsys, "report", str(EXAMPLES / f"{name}.yaml"), "--lang", lang,
                           "-o", str(out))
        assert code == 0 and err == ""
    charts = html.read_text(encoding="utf-8").count('<figure id="chart-')
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    pages = int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout.split("\f")
    caption = "Charts: the patient's path" if lang == "en" else "流程图：患者路径"
    text_pages = min(i for i, page in enumerate(text, 1) if caption in page) - 1
    assert charts >= 1 and text_pages <= 3, (name, lang, text_pages)
    assert pages == text_pages + charts, (name, lang, pages, charts)
    if name in TYPICAL:
        assert charts == 1 and pages <= 4, (name, lang, pages)
