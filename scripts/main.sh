#!/usr/bin/env bash
# Sets up and runs the main job on the bundled sample corpus: build the registry, scan, print the
# gap summary, then serve the API and dashboard on http://127.0.0.1:8000 (Ctrl-C stops it).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
. .venv/bin/activate
mkdir -p var
export DKKD_DATABASE_URL=${DKKD_DATABASE_URL:-sqlite:///var/sample.db}
dkkd ingest corpora/sample/national corpora/sample/provincial
dkkd stats
dkkd scan --out var/reports
dkkd gaps --limit 25
host=${DKKD_HOST:-127.0.0.1}
port=${DKKD_PORT:-8000}
echo "Reports: var/reports/  ·  API and dashboard: http://$host:$port/  (OpenAPI: /openapi.json)"
exec dkkd serve --host "$host" --port "$port"
