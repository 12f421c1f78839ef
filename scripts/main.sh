#!/usr/bin/env bash
# Sets up and runs the main job on the bundled sample corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
. .venv/bin/activate
for f in corpora/sample/national/*; do
  [ -f "$f" ] && dkkd parse "$f"
done
