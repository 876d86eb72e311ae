#!/usr/bin/env bash
# Set up everything nmosd-flow needs on a Debian machine, idempotently:
# system packages (when missing) and the project's virtual environment at .venv/.
# Sourced by quickstart.sh and test.sh; run it alone with `bash scripts/setup.sh`.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

need_apt=()
for pkg in python3-venv graphviz fonts-noto-cjk poppler-utils chromium; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
if [ ${#need_apt[@]} -gt 0 ]; then
    echo "setup: installing ${need_apt[*]} with apt-get" >&2
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends \
        "${need_apt[@]}" >/dev/null
fi

if [ ! -x "$root/.venv/bin/python" ]; then
    echo "setup: creating $root/.venv" >&2
    python3 -m venv "$root/.venv"
fi
stamp="$root/.venv/.installed-$(cat "$root/pyproject.toml" | sha256sum | cut -c1-16)"
if [ ! -e "$stamp" ]; then
    echo "setup: installing nmosd-flow into .venv" >&2
    log="$root/.venv/install.log"
    if ! { "$root/.venv/bin/python" -m pip install --upgrade pip &&
           "$root/.venv/bin/python" -m pip install -e "$root[test]"; } >"$log" 2>&1; then
        tail -n 30 "$log" >&2
        echo "setup: pip install failed; the whole log is in $log" >&2
        exit 1
    fi
    rm -f "$root"/.venv/.installed-*
    touch "$stamp"
fi
