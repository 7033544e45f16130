#!/usr/bin/env bash
# Sets up everything on a fresh Debian machine: Chromium (Debian's package), a virtual
# environment with the pinned dependencies, and the project itself in editable mode.
# Safe to run again: it skips what is already in place.
set -euo pipefail
cd "$(dirname "$0")/.."

BROWSER="${ROBOT_BROWSER_PATH:-/usr/lib/chromium/chromium-headless-shell}"
if [ ! -x "$BROWSER" ]; then
  echo "==> Installing Debian's Chromium (headless shell) ..."
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium chromium-headless-shell
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
