#!/usr/bin/env bash
# Installs the pinned npm tools (conformance/node/package-lock.json) into
# .tools/node, once; prints the directory holding their commands.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir="$root/.tools/node"
mkdir -p "$dir"
if ! cmp -s "$dir/package-lock.json" "$root/conformance/node/package-lock.json" || [ ! -d "$dir/node_modules" ]; then
  cp "$root/conformance/node/package.json" "$root/conformance/node/package-lock.json" "$dir/"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
echo "$dir/node_modules/.bin"
