"""`nmosd-flow serve` as a user runs it: it listens on 127.0.0.1 unless told otherwise, says
where, stops cleanly on Ctrl-C, says one line when the port is taken, and never writes what a
user entered into its output or log (values, names, ids, files), even when the input is wrong."""

from __future__ import annotations

import socket
import subprocess
import sys

from tests.render.server.conftest import ROOT, start, stop

SECRET_ID = "Sentinel-Patient-ZQX4711"
SECRET_NUMBER = "987.654321"
SECRET_FACT = "zqxsecretfact"
SECRET_FILE = "zqx-private-name.yaml"


def test_listens_on_loopback_says_where_and_stops_on_ctrl_c(tmp_path):
    served, first = start(tmp_path)
    try:
        assert first.startswith("nmosd-flow serve: the guideline and the whole-patient check at "
                                "http://127.0.0.1:")
        assert f"{served.url}/check" in first and "Ctrl-C" in first
        with served.client() as c:
            assert c.get("/healthz").json()["status"] == "ok"
    finally:
        status, rest = stop(served)
    assert status == 0 and rest.strip() == "nmosd-flow serve: stopped."
    assert "Traceback" not in served.log.read_text()


def test_a_taken_port_is_one_line():
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        r = subprocess.run([sys.executable, "-m", "render.cli", "serve", "--port", str(port)],
                           cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 2
    assert r.stderr.startswith(f"nmosd-flow: cannot listen on http://127.0.0.1:{port}/")
    assert len(r.stderr.strip().splitlines()) == 1


def test_bad_options_are_one_line():
    r = subprocess.run([sys.executable, "-m", "render.cli", "serve", "--port", "99999"],
                       cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and "99999" in r.stderr and "Traceback" not in r.stderr


def test_nothing_entered_reaches_the_log(tmp_path):
    """Answers, ids, file names and bad input (which errors quote) sent every way the server
    takes them; none is in anything it wrote."""
    served, _ = start(tmp_path)
    try:
        with served.client() as c:
            c.post("/api/evaluate", json={"id": SECRET_ID, "bundle": "start", "facts": {
                "serum_igg_mg_dl": float(SECRET_NUMBER), "hbsag": "positive"}})
            c.post("/api/evaluate", json={"facts": {SECRET_FACT: SECRET_NUMBER}})
            c.post("/api/evaluate", content=f'{{"facts": {{"{SECRET_FACT}": '.encode(),
                   headers={"content-type": "application/json"})
            c.post("/check?bundle=start", data={"id": SECRET_ID, "f:hbsag": "positive",
                                                "num:serum_igg_mg_dl": SECRET_NUMBER,
                                                "set:tb_screen": SECRET_FACT})
            c.post("/check/upload", data={"bundle": "start"}, files={"patient": (
                SECRET_FILE, f"id: {SECRET_ID}\nfacts: {{{SECRET_FACT}: 1}}\n".encode())})
            c.get(f"/{SECRET_FACT}.html?id={SECRET_ID}")
            c.get(f"/api/{SECRET_FACT}")
            c.post("/check/report", data={"bundle": "start", "id": SECRET_ID,
                                          "f:serum_igg_mg_dl": SECRET_NUMBER, "format": "html"})
    finally:
        status, _ = stop(served)
    logged = served.logged()
    assert status == 0
    for secret in (SECRET_ID, SECRET_NUMBER, SECRET_FACT, SECRET_FILE, "987.65"):
        assert secret not in logged, f"{secret} in the log:\n{logged}"
    assert "GET /" not in logged and "POST /" not in logged  # no access log at all
