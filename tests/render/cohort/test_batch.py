"""`evaluate --batch`: the same results as one patient at a time, bad records by line, flat memory."""

from __future__ import annotations

import csv
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from flows import guideline
from flows.evaluation import to_json
from render.cli import main

G = guideline()
PLAIN = [f for f in G.facts.values() if f.type in ("enum", "bool", "number") and not f.terms]


def random_facts(rng: random.Random, share: float = 0.5) -> dict:
    """Facts as a records system exports them: any subset, values of each fact's type."""
    facts = {}
    for fact in PLAIN:
        if rng.random() > share:
            continue
        if fact.type == "enum":
            facts[fact.name] = rng.choice(fact.value_ids())
        elif fact.type == "bool":
            facts[fact.name] = rng.random() < 0.5
        else:
            lo = fact.minimum if fact.minimum is not None else 0.0
            hi = min(fact.maximum if fact.maximum is not None else 2000.0, lo + 2000)
            x = rng.uniform(lo, hi)
            facts[fact.name] = float(round(x)) if fact.integer else round(x, 1)
    return facts


def cohort(n: int, seed: int = 1) -> list[dict]:
    rng = random.Random(seed)
    return [{"id": f"p{i}", "facts": random_facts(rng)} for i in range(n)]


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                    encoding="utf-8")
    return path


def write_csv(path: Path, records: list[dict]) -> Path:
    names = [f.name for f in PLAIN]
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["id", *names])
        for r in records:
            out.writerow([r["id"], *(_cell(r["facts"].get(n)) for n in names)])
    return path


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return f"{value:g}" if isinstance(value, float) else str(value)


def run(argv, capsys) -> tuple[int, list[str], str]:
    try:
        code = main(argv)
    except SystemExit as exit_:  # argparse's own usage errors
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def single(record: dict, flow_ids=None, lang: str = "en") -> dict:
    """The single-patient JSON, as `evaluate PATIENT --format json` builds it."""
    from graph import patient_from

    patient = patient_from("x", record, G.facts, G.aliases)
    ev = G.evaluate(patient, flow_ids or ())
    return to_json(G, patient.id, ev, lang)


def test_batch_lines_equal_single_patient_output(tmp_path, capsys):
    records = cohort(400)
    code, lines, err = run(["evaluate", "--batch", str(write_jsonl(tmp_path / "c.jsonl",
                                                                   records))], capsys)
    assert code == 0 and err == ""
    assert len(lines) == len(records)
    for line, record in zip(lines, records, strict=True):
        assert line == json.dumps(single(record), ensure_ascii=False)


def test_batch_equals_the_evaluate_command_itself(tmp_path, capsys):
    records = cohort(12, seed=5) + [{"id": "demo", "facts": {"hbsag": "阴性", "anti_hbc": "阳性",
                                                              "hbv_dna": "negative"}}]
    code, lines, _ = run(["evaluate", "--batch", str(write_jsonl(tmp_path / "c.jsonl", records)),
                          "--bundle", "start", "--lang", "zh"], capsys)
    assert code == 0
    for i, (line, record) in enumerate(zip(lines, records, strict=True)):
        one = tmp_path / f"p{i}.json"
        one.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        _, out, _ = run(["evaluate", str(one), "--format", "json", "--bundle", "start",
                         "--lang", "zh"], capsys)
        assert json.loads(line) == json.loads("\n".join(out))


def test_flow_and_language_options_are_honoured(tmp_path, capsys):
    records = cohort(50, seed=3)
    path = str(write_jsonl(tmp_path / "c.jsonl", records))
    code, lines, _ = run(["evaluate", "--batch", path, "--flow", "hbv", "--flow", "pcp",
                          "--lang", "zh"], capsys)
    assert code == 0
    assert [json.loads(x) for x in lines] == [single(r, ["hbv", "pcp"], "zh") for r in records]


def test_csv_and_json_lines_give_the_same_results(tmp_path, capsys):
    records = cohort(300, seed=2)
    _, from_json, _ = run(["evaluate", "--batch", str(write_jsonl(tmp_path / "c.jsonl",
                                                                  records))], capsys)
    _, from_csv, _ = run(["evaluate", "--batch", str(write_csv(tmp_path / "c.csv", records))],
                         capsys)
    assert from_csv == from_json


def test_csv_cells_are_text_converted_by_each_fact_type(tmp_path, capsys):
    path = tmp_path / "lab.csv"
    path.write_text("id,hbsag,anti_hbc,hbv_dna,serum_igg_mg_dl,tb_active\n"
                    "a,阴性,阳性,negative,820,\n", encoding="utf-8")
    code, lines, err = run(["evaluate", "--batch", str(path)], capsys)
    expected = single({"id": "a", "facts": {"hbsag": "negative", "anti_hbc": "positive",
                                            "hbv_dna": "negative", "serum_igg_mg_dl": 820.0}})
    assert code == 0 and err == "" and json.loads(lines[0]) == expected


def test_a_flat_record_equals_the_nested_form_and_missing_ids_name_the_line(tmp_path, capsys):
    facts = {"hbsag": "positive", "hbv_dna": "negative"}
    path = tmp_path / "flat.jsonl"
    path.write_text(json.dumps({"id": "x", **facts}) + "\n\n" + json.dumps(facts) + "\n",
                    encoding="utf-8")
    code, lines, _ = run(["evaluate", "--batch", str(path)], capsys)
    assert code == 0
    assert json.loads(lines[0]) == single({"id": "x", "facts": facts})
    assert json.loads(lines[1])["patient"] == "flat.jsonl:3"


def test_a_bad_record_is_reported_by_line_and_the_rest_are_evaluated(tmp_path, capsys):
    records = cohort(40, seed=4)
    text = [json.dumps(r) for r in records]
    text[16] = json.dumps({"id": "bad", "facts": {"hbsag": "posative"}})  # line 17
    text[29] = "{not json"  # line 30
    path = tmp_path / "cohort.jsonl"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    code, lines, err = run(["evaluate", "--batch", str(path)], capsys)
    assert code == 2
    errors = err.splitlines()
    assert errors[0] == (f"{path}:17: facts.hbsag: 'posative' is not one of positive, negative "
                         f"(did you mean 'positive'?)")
    assert errors[1].startswith(f"{path}:30: malformed JSON")
    assert "2 of 40 records" in errors[2] and len(errors) == 3
    kept = [r for i, r in enumerate(records) if i not in (16, 29)]
    assert [json.loads(x)["patient"] for x in lines] == [r["id"] for r in kept]
    assert json.loads(lines[20]) == single(kept[20])


def test_csv_errors_name_the_file_line_and_fact(tmp_path, capsys):
    path = tmp_path / "cohort.csv"
    rows = ["id,hbsag,age_years"] + [f"p{i},negative,{30 + i}" for i in range(2, 20)]
    rows[15] = "p17,posative,40"  # line 16
    rows[17] = "p19,negative"  # line 18: a cell short
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, lines, err = run(["evaluate", "--batch", str(path)], capsys)
    assert code == 2 and len(lines) == 16
    assert err.splitlines()[:2] == [
        f"{path}:16: facts.hbsag: 'posative' is not one of positive, negative "
        f"(did you mean 'positive'?)",
        f"{path}:18: 2 cells, but the header has 3 columns"]


@pytest.mark.parametrize("argv, message", [
    (["--batch", "{dir}/none.csv"], "none.csv: cannot read the file"),
    (["p.yaml", "--batch", "{dir}/c.csv"], "give either a PATIENT file or --batch FILE"),
    (["--batch", "{dir}/c.csv", "--flow", "hvb"], "unknown flow 'hvb'"),
    (["--batch", "{dir}/bad.csv"], "bad.csv:1: column 'hbsagg': unknown fact (did you mean 'hbsag'?)"),
    (["--batch", "{dir}/c.csv", "--jobs", "0"], "'0' is not a number of workers from 1 to 64"),
    (["--batch", "{dir}/c.csv", "--jobs", "100000"], "is not a number of workers from 1 to 64"),
    (["--batch", "{dir}/array.json"], "array.json: a JSON array; give one JSON object per line"),
], ids=["missing-file", "patient-and-batch", "unknown-flow", "unknown-column", "jobs-zero",
        "jobs-unbounded", "json-array"])
def test_batch_usage_mistakes_get_one_line_and_status_2(tmp_path, capsys, argv, message):
    (tmp_path / "c.csv").write_text("id,hbsag\na,negative\n", encoding="utf-8")
    (tmp_path / "bad.csv").write_text("id,hbsagg\na,negative\n", encoding="utf-8")
    (tmp_path / "array.json").write_text('[{"id": "a", "facts": {}}]\n', encoding="utf-8")
    code, lines, err = run(["evaluate", *(a.format(dir=tmp_path) for a in argv)], capsys)
    assert code == 2 and lines == []
    assert message in err and err.count("\n") == 1


def test_output_file_is_written_whole(tmp_path, capsys):
    records = cohort(30, seed=6)
    out = tmp_path / "results.jsonl"
    code, lines, _ = run(["evaluate", "--batch", str(write_jsonl(tmp_path / "c.jsonl", records)),
                          "-o", str(out)], capsys)
    assert code == 0 and lines == []
    assert [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()] == [
        single(r) for r in records]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.jsonl", "results.jsonl"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_output_to_a_pipe_or_device_is_written_through_not_replaced(tmp_path):
    import stat
    import threading

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    path = write_jsonl(tmp_path / "c.jsonl", cohort(5))
    done = _cli("evaluate", "--batch", str(path), "-o", str(pipe))
    reader.join(timeout=30)
    assert done.returncode == 0 and stat.S_ISFIFO(os.stat(pipe).st_mode)
    assert received[0].count(b"\n") == 5


def _cli(*args, **streams) -> subprocess.CompletedProcess:
    code = "import sys; from render.cli import main; sys.exit(main(sys.argv[1:]))"
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **streams}
    return subprocess.run([sys.executable, "-c", code, *args], **streams)


def test_worker_processes_give_the_same_lines_in_order(tmp_path):
    path = write_csv(tmp_path / "c.csv", cohort(3000, seed=8))
    serial = _cli("evaluate", "--batch", str(path), "--jobs", "1")
    parallel = _cli("evaluate", "--batch", str(path), "--jobs", "2")
    assert serial.returncode == parallel.returncode == 0
    assert parallel.stdout == serial.stdout and serial.stdout.count(b"\n") == 3000


DYING = """
import os, sys
from render.cohort.workers import run_in_order

def work(chunk):
    if chunk == 7:
        os._exit(3)
    return b"%d\\n" % chunk, [], 1

with open(sys.argv[1], "wb") as out:
    try:
        for _ in run_in_order(iter(range(40)), work, out, 2):
            pass
    except RuntimeError as exc:
        print(exc)
"""


def test_a_worker_that_dies_stops_the_run_instead_of_hanging(tmp_path):
    done = subprocess.run([sys.executable, "-c", DYING, str(tmp_path / "out")],
                          capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "a worker process stopped (exit status 3)"
    assert (tmp_path / "out").read_text().split() == [str(i) for i in range(7)]


def test_workers_write_every_chunk_in_order(tmp_path):
    code = DYING.replace("chunk == 7", "chunk == -1")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "out")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout == ""
    assert (tmp_path / "out").read_text().split() == [str(i) for i in range(40)]


PEAK = """
import resource, sys
from render.cli import main
code = main(["evaluate", "--batch", sys.argv[1], "--jobs", "1", "-o", sys.argv[2]])
print(code, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def test_memory_stays_flat_however_long_the_input(tmp_path):
    """Peak memory for 20,000 records is within a few MB of the peak for 2,000."""
    records = cohort(20_000, seed=9)
    short = write_jsonl(tmp_path / "short.jsonl", records[:2000])
    long = write_jsonl(tmp_path / "long.jsonl", records)
    peaks = []
    for path in (short, long):
        out = subprocess.run([sys.executable, "-c", PEAK, str(path), str(tmp_path / "out")],
                             capture_output=True, text=True, check=True)
        code, kb = out.stdout.split()
        assert code == "0"
        peaks.append(int(kb) / 1024)
    assert peaks[1] - peaks[0] < 12, f"peak RSS {peaks[0]:.0f} MB -> {peaks[1]:.0f} MB"


def test_plain_text_cells_never_load_the_units_library(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("id,hbsag,serum_igg_mg_dl,age_years\na,negative,820,42\n", encoding="utf-8")
    code = ("import sys; from render.cli import main; main(['evaluate', '--batch', sys.argv[1]]);"
            "print('pint' in sys.modules, file=sys.stderr)")
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                         text=True, check=True)
    assert out.stderr.strip() == "False"


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_progress_is_shown_only_on_a_terminal(tmp_path):
    path = write_jsonl(tmp_path / "c.jsonl", cohort(3000, seed=10))
    piped = _cli("evaluate", "--batch", str(path), "--jobs", "1")
    assert piped.returncode == 0 and piped.stderr == b""
    leader, follower = os.openpty()
    try:
        shown = _cli("evaluate", "--batch", str(path), "--jobs", "1", stderr=follower,
                     stdout=subprocess.DEVNULL)
        os.close(follower)
        seen = b""
        while True:
            try:
                block = os.read(leader, 4096)
            except OSError:
                break
            if not block:
                break
            seen += block
    finally:
        os.close(leader)
    assert shown.returncode == 0 and b"records" in seen


def test_batch_lines_for_a_bundle_equal_single_patient_output_with_also_from(tmp_path, capsys):
    """Design §3 in a cohort: flows outside the bundle that apply join, line by line."""
    records = cohort(300, seed=11)
    code, lines, _ = run(["evaluate", "--batch", str(write_jsonl(tmp_path / "c.jsonl", records)),
                          "--bundle", "start", "--jobs", "1"], capsys)
    assert code == 0
    joined = 0
    for line, record in zip(lines, records, strict=True):
        expected = single(record, G.select_flows(bundle="start"))
        assert json.loads(line) == expected
        joined += bool(expected["overall"]["also_from"])
    assert joined  # the generated cohort exercises flows outside the bundle


def test_rec27_a_pregnant_patient_in_a_cohort_is_never_under_proceed(tmp_path, capsys):
    path = tmp_path / "c.csv"
    path.write_text("id,hbsag,anti_hbc,sex,pregnancy_status\np1,negative,negative,female,pregnant\n",
                    encoding="utf-8")
    code, lines, _ = run(["evaluate", "--batch", str(path), "--flow", "hbv"], capsys)
    overall = json.loads(lines[0])["overall"]
    assert code == 0 and overall["verdict"] == "not_recommended"
    assert overall["also_from"] == ["pregnancy"]
