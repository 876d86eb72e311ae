"""Issue 11's hostile inputs, each run as a real process: the exit status, the one-line message,
and for writers the old output intact or the new one whole, with no temporary file left."""

from __future__ import annotations

import pytest

from .corpus import cases, leftovers, make, run, whole

CASES = cases()


def test_the_corpus_covers_every_finding_of_the_review():
    findings = {case["defect"] for case in CASES}
    for defect in ("output same file as input", "output same file as another output",
                   "outputs written in place (file-size limit)", "full disk",
                   "CSV stray quote", "quantities parsed as arithmetic", "arithmetic hangs",
                   "duplicate keys", "control characters in text output",
                   "control characters in the ICS file", "unbounded reads",
                   "YAML anchors and aliases", "exit 1 for user mistakes", "closed stdout",
                   "one record stops the run", "JSON BOM refused", "id may be a mapping",
                   "render format and file name disagree", "--jobs unbounded",
                   "pint pickle cache", "cache without ownership checks"):
        assert defect in findings, defect


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_hostile_input(case, tmp_path):
    given = make(tmp_path, case.get("files") or {})
    result = run(case, tmp_path)
    report = f"exit {result.code}\nstderr: {result.err}\nstdout: {result.out[:2000]}"

    assert result.code == case["exit"], report
    assert "Traceback" not in result.err, report
    assert "internal error" not in result.err, report
    for fragment in case.get("stderr", []):
        assert fragment in result.err, report
    for fragment in case.get("stderr_lacks", []):
        assert fragment not in result.err, report
    for fragment in case.get("out", []):
        assert fragment in result.out, report
    for fragment in case.get("out_lacks", []):
        assert fragment not in result.out, report
    if case["exit"] == 2 and case.get("stderr"):
        assert result.err.strip(), "a mistake is always explained on stderr"

    for name in case.get("intact", []):
        assert (tmp_path / name).read_bytes() == given[name], f"{name} was changed"
    for name in case.get("whole", []):
        assert whole(tmp_path / name) is None, f"{name}: {whole(tmp_path / name)}"
    for name in case.get("absent", []):
        assert not (tmp_path / name).exists(), f"{name} was written"
    for name in case.get("empty", []):
        assert not any((tmp_path / name).iterdir()), f"{name} was written into"
    for name, count in (case.get("lines") or {}).items():
        text = (tmp_path / name).read_text(encoding="utf-8")
        assert len(text.splitlines()) == count, text[:500]
    for name, starts in (case.get("ics_lacks_line") or {}).items():
        lines = (tmp_path / name).read_bytes().decode("utf-8").split("\r\n")
        for start in starts:
            assert not any(line.startswith(start) for line in lines), start
        assert all(not ("\r" in line or "\n" in line) for line in lines)
    for name, present in (case.get("ics_has_line") or {}).items():
        lines = (tmp_path / name).read_bytes().decode("utf-8").split("\r\n")
        assert all(line in lines for line in present), present

    assert leftovers(tmp_path) == []
