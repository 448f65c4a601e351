#!/usr/bin/env bash
# Two versions of eaf side by side: cold `eaf validate` (cache removed) and then one run after a
# one-line edit of the last services file, alternating old and new, N times, on one model.
#
#   git worktree add /tmp/eaf-old <revision>
#   benchmarks/ab_validate.sh /tmp/eaf-old benchmarks/out/national 3
#
# The new version is this checkout; each version is imported from its own folder (PYTHONPATH)
# by this checkout's .venv. Prints wall seconds per run.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
old="$(cd "$1" && pwd)"
model="$2"
runs="${3:-3}"
python="$here/.venv/bin/python"
cd "$model"
edited="$(find models/services -name '*.yaml' | sort | tail -n 1)"
keep="$(mktemp)"
trap 'cp "$keep" "$edited"; rm -f "$keep"' EXIT
cp "$edited" "$keep"
seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); echo "$e - $s" | bc; }
for _ in $(seq "$runs"); do
  for who in old new; do
    if [ "$who" = old ]; then src="$old"; else src="$here"; fi
    rm -rf build/.cache
    cold=$(PYTHONPATH="$src" seconds "$python" -m eaf validate)
    sed -i '0,/description: "/s//description: "x/' "$edited"
    one=$(PYTHONPATH="$src" seconds "$python" -m eaf validate)
    cp "$keep" "$edited"
    echo "$who cold $cold one-file $one"
  done
done
