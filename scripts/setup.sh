#!/usr/bin/env bash
# Sets up everything on a fresh Debian machine: Chromium and PostgreSQL (Debian's packages), a virtual
# environment with the pinned dependencies, and the project itself in editable mode.
# Safe to run again: it skips what is already in place.
set -euo pipefail
cd "$(dirname "$0")/.."

BROWSER="${ROBOT_BROWSER_PATH:-/usr/lib/chromium/chromium-headless-shell}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
PACKAGES=""
[ -x "$BROWSER" ] || PACKAGES="chromium chromium-headless-shell"
# PostgreSQL for the shared journal (ROBOT_JOURNAL_URL); the tests start throwaway servers.
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || PACKAGES="$PACKAGES postgresql"
if [ -n "$PACKAGES" ]; then
  echo "==> Installing Debian's packages:$PACKAGES ..."
  $SUDO apt-get update -q
  # shellcheck disable=SC2086 # a list of package names
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q $PACKAGES
fi

PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "==> Creating the virtual environment (.venv) ..."
  "$PY" -m venv .venv
fi
if [ ! -f .venv/.installed ] || [ pyproject.toml -nt .venv/.installed ] || [ constraints.txt -nt .venv/.installed ]; then
  echo "==> Installing pinned dependencies ..."
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -c constraints.txt -e ".[dev]"
  touch .venv/.installed
fi
echo "==> Set-up done."
