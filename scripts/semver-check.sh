#!/usr/bin/env bash
# Semver guard: the public API of `wonderchat` (the crate users depend on)
# against the last release, with cargo-semver-checks. The baseline is the git
# commit named in tools/semver-baseline (RELEASING.md says when it moves);
# once a version is on crates.io, `--baseline-version` would do the same.
# Exits non-zero when a change needs a bigger version bump than
# Cargo.toml's version allows. While the version still equals the
# baseline's, main is checked as a patch release (cargo-semver-checks would
# otherwise assume a minor one, which before 1.0 allows any break): a
# breaking change fails until the version in Cargo.toml is raised.
set -euo pipefail
cd "$(dirname "$0")/.."
"$(dirname "$0")/../tools/cargo-tools.sh" cargo-semver-checks
baseline=$(grep -v '^#' tools/semver-baseline | tr -d '[:space:]')
git rev-parse --verify --quiet "$baseline^{commit}" >/dev/null ||
  { echo "semver baseline $baseline is not in this clone's history" >&2; exit 1; }
version() { sed -n 's/^version = "\(.*\)"/\1/p' | head -1; }
current=$(version < Cargo.toml)
released=$(git show "$baseline:Cargo.toml" | version)
release_type=()
if [ "$current" = "$released" ]; then
  release_type=(--release-type patch)
fi
echo "wonderchat $released (baseline ${baseline:0:12}) -> $current" >&2
if [ "$current" != "$released" ]; then
  # The version was raised for breaking changes: list them (what the
  # CHANGELOG's Changed section must explain), then check the raised version.
  echo "the breaks since $released, as a patch release would see them:" >&2
  cargo semver-checks check-release -p wonderchat --baseline-rev "$baseline" --default-features \
    --release-type patch 2>&1 | grep -E '^--- failure|^  [A-Za-z]' | sed 's| in /.*||; s|, previously in file .*||' || true
fi
cargo semver-checks check-release -p wonderchat --baseline-rev "$baseline" --default-features "${release_type[@]}"
