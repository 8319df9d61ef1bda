#!/usr/bin/env bash
# Installs the pinned cargo tools of `.ci/run` (cargo-deny, cargo-semver-checks,
# cargo-dist: its program is `dist`)
# once per machine, into cargo's own bin directory; a tool already installed at
# the pinned version is skipped (this script then takes a second).
# The first time they compile for several minutes on two cores, so they are
# built at opt-level 1, without LTO and with many codegen units (cargo-deny's
# own release profile asks for fat LTO and one unit): a much faster build of
# tools that then run for a second or two here (cargo-semver-checks' time is
# rustdoc's).
# Usage: tools/cargo-tools.sh [TOOL...]   (default: all of them)
set -euo pipefail
declare -A pinned=(
  [cargo-deny]=0.20.2
  [cargo-semver-checks]=0.51.0
  [cargo-dist]=0.34.0
)
# The program each installs, when its name is not the crate's.
declare -A program=(
  [cargo-dist]=dist
)
bin="${CARGO_HOME:-$HOME/.cargo}/bin"
tools=("$@")
[ ${#tools[@]} -gt 0 ] || tools=(cargo-deny cargo-semver-checks cargo-dist)
for tool in "${tools[@]}"; do
  want=${pinned[$tool]:?"unknown tool $tool"}
  have=$("$bin/${program[$tool]:-$tool}" --version 2>/dev/null | awk '{print $2}' || true)
  if [ "$have" = "$want" ]; then
    continue
  fi
  echo "installing $tool $want (once per machine; it compiles for a few minutes)" >&2
  CARGO_PROFILE_RELEASE_OPT_LEVEL=1 \
  CARGO_PROFILE_RELEASE_LTO=false \
  CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
  CARGO_PROFILE_RELEASE_DEBUG=0 \
    cargo install --locked --quiet "$tool@$want" >&2
done
