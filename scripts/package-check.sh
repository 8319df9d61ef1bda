#!/usr/bin/env bash
# The publishable crates as crates.io would get them: `cargo package` (which
# builds each from its .crate file), then their own tests run from the
# unpacked packages, in a scratch workspace whose [patch.crates-io] points
# the crates at each other (they are not on crates.io yet). Offline: every
# dependency is already in cargo's cache from the workspace build.
set -euo pipefail
cd "$(dirname "$0")/.."
crates=(wonderchat-api wonderchat-mock wonderchat)
version=$(cargo metadata --format-version 1 --no-deps --locked |
  python3 -c 'import json,sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"]=="wonderchat"))')

# `cargo package` verifies each crate against the others through a local
# registry whose unpacked sources cargo keeps in $CARGO_HOME under a
# directory named "-<hash>", and reuses them while the version is the same:
# a crate changed since an earlier run of this script on the machine would
# be verified against its old sources. They are removed first.
cargo_home=${CARGO_HOME:-$HOME/.cargo}
for crate in "${crates[@]}"; do
  rm -rf "$cargo_home"/registry/src/-*/"$crate-$version"
done

cargo package --locked $(printf -- "-p %s " "${crates[@]}")

scratch=target/package-tests
rm -rf "$scratch" && mkdir -p "$scratch"
members="" patches=""
for crate in "${crates[@]}"; do
  tar -xzf "target/package/$crate-$version.crate" -C "$scratch"
  members+="\"$crate-$version\", "
  patches+="$crate = { path = \"$crate-$version\" }"$'\n'
done
cat > "$scratch/Cargo.toml" <<TOML
[workspace]
resolver = "3"
members = [$members]

[patch.crates-io]
$patches
# As the workspace's: small test binaries (CI's disk is not large).
[profile.dev]
debug = "line-tables-only"
TOML
cp Cargo.lock "$scratch/"
# The workspace's target directory: dependencies built for the tests are reused.
cd "$scratch"
INSTA_UPDATE=no CARGO_TARGET_DIR=../../target \
  cargo test --offline --workspace --features wonderchat-mock/cli
