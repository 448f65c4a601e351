#!/usr/bin/env bash
# The suite must not flake on a busy 2-core machine: `make test` three times in a row on a fresh
# clone of this repository while a CPU-heavy job (one busy Python loop) runs beside it.
#
#     benchmarks/suite_under_load.sh [RUNS]      # default 3; logs in benchmarks/out/suite-*.log
#
# Exits 1 if any run fails; prints each run's exit code and pytest's summary line.
set -u
runs=${1:-3}
here=$(cd "$(dirname "$0")/.." && pwd)
out="$here/benchmarks/out"
mkdir -p "$out"
clone=$(mktemp -d)
trap 'kill "$hog" 2>/dev/null; rm -rf "$clone"' EXIT
git clone -q "$here" "$clone/eaf"
python3 -c "while True: pass" &
hog=$!
status=0
for i in $(seq 1 "$runs"); do
  log="$out/suite-$i.log"
  if (cd "$clone/eaf" && make test) >"$log" 2>&1; then rc=0; else rc=$?; status=1; fi
  echo "run $i: exit $rc; $(grep -E '^[0-9]+ (passed|failed)' "$log" | tail -n 1)"
done
exit "$status"
