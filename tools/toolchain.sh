#!/usr/bin/env bash
# Makes the toolchain rust-toolchain.toml names available: installed already,
# or linked to the installed `stable` when that is the same version (this
# workplace has no network for rustup to download one).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
want=$(sed -n 's/^channel = "\(.*\)"/\1/p' "$root/rust-toolchain.toml")
command -v rustup >/dev/null || exit 0
if rustup toolchain list | grep -q "^$want"; then
  exit 0
fi
stable=$(rustc +stable --version 2>/dev/null | awk '{print $2}')
if [ "$stable" = "$want" ]; then
  rustup toolchain link "$want" "$(rustc +stable --print sysroot)"
  echo "linked toolchain $want to the installed stable ($stable)"
else
  echo "rust-toolchain.toml wants $want; installed stable is ${stable:-none}: run rustup toolchain install $want" >&2
  exit 1
fi
