#!/usr/bin/env bash
# Installs the pinned Python tools (scripts/requirements.txt) into .tools/venv,
# once; prints the venv's bin directory.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv="$root/.tools/venv"
stamp="$venv/.requirements"
if [ ! -f "$stamp" ] || ! cmp -s "$stamp" "$root/scripts/requirements.txt"; then
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$root/scripts/requirements.txt" >&2
  cp "$root/scripts/requirements.txt" "$stamp"
fi
echo "$venv/bin"
