#!/usr/bin/env bash
# Sets up and runs every check CI runs: lint, format, types, the whole test suite.
# PostgreSQL is tested too when DKKD_TEST_DATABASE_URL is set (.ci/run sets it).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
. .venv/bin/activate
ruff check .
ruff format --check .
mypy
python -m pytest -n "${DKKD_TEST_WORKERS:-2}" "$@"
