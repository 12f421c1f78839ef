#!/usr/bin/env bash
# Mutation testing (issue 17): mutmut 2 over the modules that decide dates, statuses, provinces,
# HS codes and gap kinds, each with the tests that should catch a change there.
#
#   pip install 'mutmut>=2.5,<3'     # not a project dependency: only this script uses it
#   scripts/mutation.sh [MODULE ...]  # default: every module below; results in $OUT
#
# mutmut 2 rewrites the file it mutates, so it runs on a throw-away copy of the project (the
# real corpus beside it is absent there, so its tests skip: the sample and unit tests decide).
# Summaries and the diff of every surviving mutant go to $OUT (default /tmp/dkkd-mutation).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${OUT:-/tmp/dkkd-mutation}
WORK=$(mktemp -d /tmp/dkkd-mutation-work.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

declare -A TESTS=(
  [registry/interval.py]="tests/registry/test_interval_rule.py"
  [registry/query_common.py]="tests/registry/test_interval_rule.py tests/registry/test_boundaries.py"
  [registry/timeline.py]="tests/registry/test_timeline.py"
  [parsers/dates.py]="tests/parsers/test_dates.py"
  [parsers/hs_codes.py]="tests/parsers/test_hs_codes.py tests/registry/test_ktcn_lookup.py"
  [registry/provinces.py]="tests/registry/test_provinces.py tests/registry/test_boundaries.py"
  [registry/diff.py]="tests/registry/test_gaps.py"
)
MODULES=("$@")
if [ ${#MODULES[@]} -eq 0 ]; then
  MODULES=(registry/interval.py registry/query_common.py registry/timeline.py parsers/dates.py
           parsers/hs_codes.py registry/provinces.py registry/diff.py)
fi

mkdir -p "$OUT"
tar -C "$ROOT" --exclude=.git --exclude=.venv --exclude='*.db' --exclude=__pycache__ \
  --exclude=.mutmut-cache --exclude=.hypothesis -cf - . | tar -C "$WORK" -xf -
cd "$WORK"
export PYTHONPATH="$WORK"
for mod in "${MODULES[@]}"; do
  tests=${TESTS[$mod]:?"no tests listed for $mod"}
  name=$(echo "$mod" | tr / _)
  rm -f .mutmut-cache
  echo "== $mod ($tests)"
  start=$(date +%s)
  # -x stops at the first failing test: one kill is enough.
  mutmut run --paths-to-mutate "$mod" --no-progress \
    --runner "python -m pytest -x -q -n 0 -p no:cacheprovider $tests" \
    >"$OUT/$name.log" 2>&1 || true
  mutmut results >"$OUT/$name.results" 2>&1 || true
  : >"$OUT/$name.survivors"
  for id in $(mutmut result-ids survived 2>/dev/null); do
    { echo "--- mutant $id"; mutmut show "$id"; } >>"$OUT/$name.survivors" 2>&1
  done
  echo "   $(( $(date +%s) - start )) s; $(grep -c '^--- mutant' "$OUT/$name.survivors" || true) survived"
  tail -n 3 "$OUT/$name.log" | tr '\r' '\n' | tail -n 2
done
