#!/usr/bin/env bash
# Installs what `cargo xtask bench` compares against: wrk (Debian) and Prism
# (npm, pinned in tools/node/bench/package-lock.json, into .tools/bench-node).
# Prints the directory holding Prism's command.
set -euo pipefail
if ! command -v wrk >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >&2
  apt-get install -y -q --no-install-recommends wrk >&2
fi
exec "$(dirname "$0")/npm-tools.sh" tools/node/bench bench-node
