#!/usr/bin/env bash
# Installs what `cargo xtask bench` compares against: wrk (Debian) and Prism
# (npm, pinned in bench/node/package-lock.json, into .tools/bench-node).
# Prints the directory holding Prism's command.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if ! command -v wrk >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >&2
  apt-get install -y -q --no-install-recommends wrk >&2
fi
dir="$root/.tools/bench-node"
mkdir -p "$dir"
if ! cmp -s "$dir/package-lock.json" "$root/bench/node/package-lock.json" || [ ! -d "$dir/node_modules" ]; then
  cp "$root/bench/node/package.json" "$root/bench/node/package-lock.json" "$dir/"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
echo "$dir/node_modules/.bin"
