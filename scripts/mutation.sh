#!/usr/bin/env bash
# Mutation testing (issue 17): mutmut 2 over the modules that decide dates, statuses, provinces,
# HS codes and gap kinds, each with the tests that should catch a change there.
#
#   pip install 'mutmut[patch]>=2.5,<3'  # not a project dependency: only this script uses it
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

# Each module: the fast tests that should catch a change there (pytest starts in ~10 s on the
# loaded machine, so every mutant costs that; the sample scan and the real corpus stay out).
declare -A TESTS=(
  [registry/interval.py]="tests/registry/test_interval_sql.py"
  [registry/queries/common.py]="tests/registry/test_interval_sql.py tests/registry/test_boundaries.py::test_scan_on_the_day_a_cut_takes_effect"
  [registry/consolidation/timeline.py]="tests/registry/test_timeline.py"
  [parsers/dates.py]="tests/parsers/test_dates.py::test_parse_date tests/parsers/test_dates.py::test_make_date_bounds tests/parsers/test_dates.py::test_dates_come_in_text_order_with_their_spans"
  [parsers/hs_codes.py]="tests/parsers/test_hs_codes.py::test_valid_forms tests/parsers/test_hs_codes.py::test_rejects_with_reason tests/parsers/test_hs_codes.py::test_partial_marker_and_levels tests/parsers/test_hs_codes.py::test_join_columns tests/parsers/test_hs_codes.py::test_join_columns_gap tests/parsers/test_hs_codes.py::test_covers tests/parsers/test_hs_codes.py::test_format"
  [registry/scan/diff.py]="tests/registry/test_gaps.py"
  [registry/store/provinces.py]="tests/registry/test_provinces.py"
)
# diff.py: only the functions that decide a gap's kind and date window.
declare -A FUNCTIONS=(
  [registry/scan/diff.py]="counted,basis_gaps,procedure_gaps"
)
MODULES=("$@")
if [ ${#MODULES[@]} -eq 0 ]; then
  MODULES=(registry/interval.py registry/queries/common.py registry/consolidation/timeline.py parsers/dates.py
           parsers/hs_codes.py registry/scan/diff.py registry/store/provinces.py)
fi
PLUGINS="-p no:cacheprovider -p no:xdist -p no:schemathesis -p no:hypothesispytest -p no:anyio"

mkdir -p "$OUT"
tar -C "$ROOT" --exclude=.git --exclude=.venv --exclude='*.db' --exclude=__pycache__ \
  --exclude=.mutmut-cache --exclude=.hypothesis -cf - . | tar -C "$WORK" -xf -
cd "$WORK"
export PYTHONPATH="$WORK"
for mod in "${MODULES[@]}"; do
  tests=${TESTS[$mod]:?"no tests listed for $mod"}
  name=$(echo "$mod" | tr / _)
  rm -f .mutmut-cache
  # Only the lines that compare (scripts/mutation_lines.py), in the listed functions if any.
  python "$ROOT/scripts/mutation_lines.py" "$mod" --functions "${FUNCTIONS[$mod]:-}" >"$OUT/$name.patch"
  echo "== $mod: $(grep -c '^@@' "$OUT/$name.patch") lines; tests: $tests"
  start=$(date +%s)
  # -x stops at the first failing test: one kill is enough.
  # mutmut 2 has been seen to hang once all mutants ran: a time limit per module.
  timeout "${LIMIT:-600}" mutmut run --paths-to-mutate "$mod" --use-patch-file "$OUT/$name.patch" \
    --no-progress --runner "python -m pytest -x -q $PLUGINS $tests" >"$OUT/$name.log" 2>&1 || true
  cp "$ROOT/$mod" "$mod"  # a run cut short may leave its mutant in place
  mutmut results >"$OUT/$name.results" 2>&1 || true
  python - "$OUT/$name.counts" <<'PY'
import sqlite3, sys
rows = sqlite3.connect(".mutmut-cache").execute("select status, count(*) from Mutant group by 1")
open(sys.argv[1], "w").write(" ".join(f"{s}={n}" for s, n in rows) + "\n")
PY
  : >"$OUT/$name.survivors"
  for id in $(mutmut result-ids survived 2>/dev/null); do
    { echo "--- mutant $id"; mutmut show "$id"; } >>"$OUT/$name.survivors" 2>&1
  done
  echo "   $(( $(date +%s) - start )) s; $(cat "$OUT/$name.counts")"
done
