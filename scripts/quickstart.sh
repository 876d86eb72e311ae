#!/usr/bin/env bash
# The main job on a bundled example patient: set up, evaluate it, draw its HBV and TB charts,
# then build the offline guideline site and say how to start the local server (`serve`).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$root/scripts/setup.sh"
cli="$root/.venv/bin/nmosd-flow"
patient="$root/examples/patients/hbv-carrier.yaml"
out="$root/out"
mkdir -p "$out"
"$cli" check
"$cli" evaluate "$patient" --bundle start
for flow in hbv tb; do
    for fmt in pdf png svg; do
        "$cli" render "$flow" --patient "$patient" --format "$fmt" -o "$out/$flow.$fmt"
    done
done
echo "Charts written to $out/ (hbv.pdf, tb.pdf and PNG/SVG copies)."
"$cli" site -o "$root/site"  # prints the page count and where to open the site
echo "To check a whole patient in a browser: $cli serve   (then open http://127.0.0.1:8000/check; Ctrl-C stops it)."
