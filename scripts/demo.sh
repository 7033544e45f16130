#!/usr/bin/env bash
# The main job on demo data: generate and load a demo bundle, start the three stand-ins, run the
# robot once, print the summary and where to look. On a terminal the stand-ins keep running
# afterwards so you can click through them; press Ctrl-C to stop them.
#
# Run it again and it keeps what is there: the same data (with whatever people did in the
# stand-ins: notes, new rates, invoices sent back) and, if they still run, the same stand-ins; only
# the robot runs again. DEMO_FRESH=1 (or `make demo-fresh`) starts over with a new bundle.
set -euo pipefail
cd "$(dirname "$0")/.."

INVOICES="${DEMO_INVOICES:-200}"
SEED="${DEMO_SEED:-7}"
ERP_PORT="${DEMO_ERP_PORT:-8701}"
CASE_PORT="${DEMO_CASE_PORT:-8702}"
BENEFITS_PORT="${DEMO_BENEFITS_PORT:-8703}"
BUNDLE=demo/bundle
DATA=demo/data
export PATH="$PWD/.venv/bin:$PATH"
mkdir -p demo

answering() {
  python3 - "$@" <<'PY' 2>/dev/null
import sys, urllib.request
for port in sys.argv[1:]:
    urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
PY
}

if [ "${DEMO_FRESH:-0}" = "1" ] || [ ! -f "$BUNDLE/expected.json" ] || [ ! -d "$DATA" ]; then
  if answering "$ERP_PORT" || answering "$CASE_PORT" || answering "$BENEFITS_PORT"; then
    echo "Demo stand-ins are still running on ports $ERP_PORT-$BENEFITS_PORT; stop them (Ctrl-C" \
      "in their terminal) before starting over." >&2
    exit 2
  fi
  echo "==> Generating a demo bundle of $INVOICES invoices (seed $SEED) in $BUNDLE ..."
  rm -rf "$BUNDLE" demo/journal demo/runs
  fake-systems generate --out "$BUNDLE" --invoices "$INVOICES" --seed "$SEED"
  echo "==> Loading it into the stand-ins ($DATA) ..."
  fake-systems load "$BUNDLE" --data-dir "$DATA"
else
  echo "==> Keeping the demo data from last time ($DATA, with what people did in it);" \
    "DEMO_FRESH=1 starts over."
fi

SERVE_PID=""
if answering "$ERP_PORT" "$CASE_PORT" "$BENEFITS_PORT"; then
  echo "==> The stand-ins from the earlier demo are running; the robot runs against them."
else
  echo "==> Starting the ERP on port $ERP_PORT, the case system on $CASE_PORT and the benefits" \
    "system on $BENEFITS_PORT ..."
  fake-systems serve --data-dir "$DATA" --erp-port "$ERP_PORT" --case-port "$CASE_PORT" \
    --benefits-port "$BENEFITS_PORT" > demo/serve.log 2>&1 &
  SERVE_PID=$!
  trap 'kill $SERVE_PID 2>/dev/null || true; wait $SERVE_PID 2>/dev/null || true' EXIT
  for _ in $(seq 1 100); do
    if answering "$ERP_PORT" "$CASE_PORT" "$BENEFITS_PORT"; then break; fi
    sleep 0.2
  done
fi

# The demo robot user comes from the bundle's users.json, and the robot is given the bundle's
# own settings (run date, no control sample, approval limit), so that its outcome is the bundle's
# ground truth. A real installation keeps all of this in robot.env (runbooks/install.md), where
# the control sample is 5 % unless set: there, about one paid invoice in twenty goes to a person
# as CONTROL_SAMPLE instead.
export ROBOT_ERP_URL="http://127.0.0.1:$ERP_PORT" ROBOT_CASE_URL="http://127.0.0.1:$CASE_PORT"
export ROBOT_BENEFITS_URL="http://127.0.0.1:$BENEFITS_PORT"
eval "$(python3 scripts/demo_credentials.py "$BUNDLE/users.json" "$BUNDLE/expected.json")"
export ROBOT_JOURNAL_DIR=demo/journal ROBOT_RUNS_DIR=demo/runs

echo "==> Running the robot (control sample $ROBOT_SAMPLE_RATE, run date $ROBOT_TODAY) ..."
status=0
robot run --mapping "$BUNDLE/psp_mapping.xlsx" || status=$?

cat <<TXT

Where to look:
  ERP manual queue:   http://127.0.0.1:$ERP_PORT/manual   (notes the robot left for people)
  ERP journal:        http://127.0.0.1:$ERP_PORT/journal  (what it posted)
  Case system:        http://127.0.0.1:$CASE_PORT/
  Benefits system:    http://127.0.0.1:$BENEFITS_PORT/     (rent agreements and deductions)
  Run reports:        demo/runs/ (report.xlsx and run.log in each run's folder)
  Demo logins:        see $BUNDLE/users.json (a caseworker, a finance employee and an admin)
  Run the robot again on this data (e.g. after sending invoices back to it): make demo
  Start over with a new bundle:                                          make demo-fresh
TXT
if [ -n "$SERVE_PID" ] && [ -t 0 ]; then
  echo "The stand-ins keep running; press Ctrl-C to stop them."
  wait "$SERVE_PID" || true
fi
exit $status
