#!/usr/bin/env bash
# Semver guard: the public API of `wonderchat` (the crate users depend on)
# against the last release, with cargo-semver-checks. The baseline is the git
# commit named in tools/semver-baseline (RELEASING.md says when it moves);
# once a version is on crates.io, `--baseline-version` would do the same.
# Exits non-zero when a change needs a bigger version bump than
# Cargo.toml's version allows.
set -euo pipefail
cd "$(dirname "$0")/.."
"$(dirname "$0")/../tools/cargo-tools.sh" cargo-semver-checks
baseline=$(grep -v '^#' tools/semver-baseline | tr -d '[:space:]')
git rev-parse --verify --quiet "$baseline^{commit}" >/dev/null ||
  { echo "semver baseline $baseline is not in this clone's history" >&2; exit 1; }
cargo semver-checks check-release -p wonderchat --baseline-rev "$baseline" --default-features
