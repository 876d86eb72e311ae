"""Running one case of the hostile-input corpus (cases.yaml) as a real `nmosd-flow` process."""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
TEMPORARY = ("*.tmp", ".*.building", ".*.old-*", ".*.tmp*")


def cases() -> list[dict]:
    return yaml.safe_load((HERE / "cases.yaml").read_text(encoding="utf-8"))


def command(argv: list[str]) -> list[str]:
    return [sys.executable, "-m", "render.cli", *argv]


def environment(tmp: Path, extra: dict | None = None) -> dict:
    """The user's environment with a private cache, plus the case's own variables."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp / ".test-cache"), "COLUMNS": "200",
           "PYTHONPATH": str(ROOT)}
    env.pop("NMOSD_FLOW_DEBUG", None)
    for key, value in (extra or {}).items():
        env[key] = value.replace("{tmp}", str(tmp))
    return env


def make(folder: Path, files: dict) -> dict[str, bytes]:
    """Create ``files`` in ``folder``; returns the bytes of every regular file made."""
    made: dict[str, bytes] = {}
    for name, spec in files.items():
        path = folder / name
        if isinstance(spec, dict) and "folder" in spec:
            path.mkdir(parents=True, exist_ok=True)
            made.update({f"{name}/{k}": v for k, v in make(path, spec["folder"]).items()})
        elif isinstance(spec, dict) and "symlink" in spec:
            path.symlink_to(spec["symlink"])
        elif isinstance(spec, dict) and "hardlink" in spec:
            os.link(folder / spec["hardlink"], path)
            made[name] = path.read_bytes()
        else:
            path.write_bytes(content(spec))
            made[name] = path.read_bytes()
    return made


def content(spec) -> bytes:
    if isinstance(spec, str):
        return spec.encode("utf-8")
    if "example" in spec:
        text = (ROOT / "examples" / "patients" / f"{spec['example']}.yaml").read_text("utf-8")
        if "id" in spec:  # the example with another id, written as a JSON string
            text = re.sub(r"(?m)^id: .*$", lambda _: f"id: {json.dumps(spec['id'])}", text)
        return text.encode("utf-8")
    return "".join(text * times for text, times in spec["parts"]).encode("utf-8")


@dataclass
class Run:
    code: int
    out: str
    err: str


def run(case: dict, tmp: Path) -> Run:
    """Run the case's command in ``tmp`` with its stdout mode, file-size limit and time bound."""
    limit = case.get("fsize")

    def before() -> None:
        if limit:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    mode = case.get("stdout", "captured")
    stdout = subprocess.PIPE
    reader = writer = None
    if mode == "closed":
        stdout = subprocess.DEVNULL  # replaced below: the child's fd 1 is closed
    elif mode == "broken":
        reader, writer = os.pipe()
        os.close(reader)
        stdout = writer
    argv = command(case["argv"])
    if mode == "closed":
        argv = ["/bin/sh", "-c", 'exec "$@" >&-', "sh", *argv]
    try:
        done = subprocess.run(argv, cwd=tmp, env=environment(tmp, case.get("env")),
                              stdout=stdout, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                              preexec_fn=before, timeout=case.get("timeout", 120))
    finally:
        if writer is not None:
            os.close(writer)
    out = done.stdout.decode("utf-8", "replace") if isinstance(done.stdout, bytes) else ""
    return Run(done.returncode, out, done.stderr.decode("utf-8", "replace"))


def whole(path: Path) -> str | None:
    """Why ``path`` is not a complete output of its kind (None when it is)."""
    if not path.is_file():
        return "missing"
    data = path.read_bytes()
    suffix = path.suffix
    try:
        if suffix == ".jsonl":
            for line in data.decode().splitlines():
                json.loads(line)
        elif suffix == ".json":
            json.loads(data)
        elif suffix == ".html" and not data.rstrip().endswith(b"</html>"):
            return "HTML does not end with </html>"
        elif suffix == ".svg" and not data.rstrip().endswith(b"</svg>"):
            return "SVG does not end with </svg>"
        elif suffix == ".pdf" and not (data.startswith(b"%PDF") and b"%%EOF" in data[-64:]):
            return "PDF is not complete"
        elif suffix == ".ics":
            text = data.decode()
            if not (text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")):
                return "calendar does not begin and end as one"
            lines = text.split("\r\n")
            if lines.count("BEGIN:VEVENT") != lines.count("END:VEVENT"):
                return "calendar events unbalanced"
    except ValueError as exc:
        return f"does not parse: {exc}"
    return None


def leftovers(folder: Path) -> list[str]:
    """Temporary files or half-built folders left anywhere under ``folder``."""
    found = []
    for pattern in TEMPORARY:
        found += [str(p.relative_to(folder)) for p in folder.rglob(pattern)
                  if ".test-cache" not in p.parts]
    return sorted(set(found))
