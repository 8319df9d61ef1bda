#!/usr/bin/env bash
# Installs the npm packages pinned in SRC/package-lock.json into .tools/NAME,
# once (again when the lock file changes); prints their bin directory.
# Usage: tools/npm-tools.sh SRC NAME   (SRC relative to the repository root)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
src="$root/$1"
dir="$root/.tools/$2"
mkdir -p "$dir"
if ! cmp -s "$dir/package-lock.json" "$src/package-lock.json" || [ ! -d "$dir/node_modules" ]; then
  cp "$src/package.json" "$src/package-lock.json" "$dir/"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
echo "$dir/node_modules/.bin"
