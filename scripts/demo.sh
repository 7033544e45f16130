#!/usr/bin/env bash
# The main job on demo data: generate and load a demo bundle, start both stand-ins, run the
# robot once, print the summary and where to look. On a terminal the stand-ins keep running
# afterwards so you can click through them; press Ctrl-C to stop them.
set -euo pipefail
cd "$(dirname "$0")/.."

INVOICES="${DEMO_INVOICES:-200}"
SEED="${DEMO_SEED:-7}"
ERP_PORT="${DEMO_ERP_PORT:-8701}"
CASE_PORT="${DEMO_CASE_PORT:-8702}"
BUNDLE=demo/bundle
DATA=demo/data
export PATH="$PWD/.venv/bin:$PATH"

echo "==> Generating a demo bundle of $INVOICES invoices (seed $SEED) in $BUNDLE ..."
rm -rf "$BUNDLE"
fake-systems generate --out "$BUNDLE" --invoices "$INVOICES" --seed "$SEED"
echo "==> Loading it into the stand-ins ($DATA) ..."
fake-systems load "$BUNDLE" --data-dir "$DATA"

echo "==> Starting the ERP on port $ERP_PORT and the case system on port $CASE_PORT ..."
fake-systems serve --data-dir "$DATA" --erp-port "$ERP_PORT" --case-port "$CASE_PORT" \
  > demo/serve.log 2>&1 &
SERVE_PID=$!
trap 'kill $SERVE_PID 2>/dev/null || true; wait $SERVE_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  if python3 - "$ERP_PORT" "$CASE_PORT" <<'PY' 2>/dev/null; then break; fi
import sys, urllib.request
for port in sys.argv[1:]:
    urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
PY
  sleep 0.2
done

# The demo users come from the bundle's users.json; a real installation uses a .env file.
export ROBOT_ERP_URL="http://127.0.0.1:$ERP_PORT" ROBOT_CASE_URL="http://127.0.0.1:$CASE_PORT"
eval "$(python3 scripts/demo_credentials.py "$BUNDLE/users.json")"
export ROBOT_JOURNAL_DIR=demo/journal ROBOT_RUNS_DIR=demo/runs
export ROBOT_TODAY="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["settings"]["today"])' "$BUNDLE/expected.json")"

echo "==> Running the robot ..."
status=0
robot run --mapping "$BUNDLE/psp_mapping.xlsx" || status=$?

cat <<TXT

Where to look:
  ERP manual queue:   http://127.0.0.1:$ERP_PORT/manual   (notes the robot left for caseworkers)
  ERP journal:        http://127.0.0.1:$ERP_PORT/journal  (what it posted)
  Case system:        http://127.0.0.1:$CASE_PORT/
  Run reports:        demo/runs/ (report.xlsx and run.log in each run's folder)
  Demo logins:        see $BUNDLE/users.json (e.g. the caseworker and admin users)
TXT
if [ -t 0 ]; then
  echo "The stand-ins keep running; press Ctrl-C to stop them."
  wait $SERVE_PID || true
fi
exit $status
