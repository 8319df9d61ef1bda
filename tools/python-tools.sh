#!/usr/bin/env bash
# Installs the pinned Python tools (tools/python/requirements.txt) into .tools/venv,
# once; prints the venv's bin directory.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv="$root/.tools/venv"
stamp="$venv/.requirements"
if [ ! -f "$stamp" ] || ! cmp -s "$stamp" "$root/tools/python/requirements.txt"; then
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$root/tools/python/requirements.txt" >&2
  cp "$root/tools/python/requirements.txt" "$stamp"
fi
echo "$venv/bin"
