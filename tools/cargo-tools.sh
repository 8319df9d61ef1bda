#!/usr/bin/env bash
# Installs the pinned cargo tools of `.ci/run` (cargo-deny, cargo-semver-checks)
# once per machine, into cargo's own bin directory; a tool already installed at
# the pinned version is skipped. Both compile for minutes on two cores the first
# time; afterwards this script takes a second.
# Usage: tools/cargo-tools.sh [TOOL...]   (default: all of them)
set -euo pipefail
declare -A pinned=(
  [cargo-deny]=0.20.2
  [cargo-semver-checks]=0.51.0
)
tools=("$@")
[ ${#tools[@]} -gt 0 ] || tools=("${!pinned[@]}")
for tool in "${tools[@]}"; do
  want=${pinned[$tool]:?"unknown tool $tool"}
  have=$("$tool" --version 2>/dev/null | awk '{print $2}' || true)
  if [ "$have" = "$want" ]; then
    continue
  fi
  echo "installing $tool $want (once per machine; it compiles for a few minutes)" >&2
  cargo install --locked --quiet "$tool@$want" >&2
done
