#!/usr/bin/env bash
# Installs what `cargo xtask bench` compares against and measures with: wrk,
# valgrind (callgrind counts instructions),
# jq, curl and GNU time (Debian), and Prism
# (npm, pinned in tools/node/bench/package-lock.json, into .tools/bench-node).
# Prints the directory holding Prism's command.
set -euo pipefail
missing=()
for tool in wrk jq curl valgrind; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >&2
  apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi
exec "$(dirname "$0")/npm-tools.sh" tools/node/bench bench-node
