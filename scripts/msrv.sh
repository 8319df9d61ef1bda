#!/usr/bin/env bash
# MSRV policy check: the workspace declares `rust-version` (the oldest
# compiler it supports; raised only in a minor release, noted in
# CHANGELOG.md). No second toolchain is available offline, so this checks
# the next best thing: no package in Cargo.lock requires a newer compiler
# than the workspace declares.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo metadata --format-version 1 --locked | python3 -c '
import json, sys
meta = json.load(sys.stdin)
def version(text):
    parts = [int(p) for p in text.split(".")]
    return tuple(parts + [0] * (3 - len(parts)))
ours = {p["name"]: p for p in meta["packages"] if p["id"] in meta["workspace_members"]}
declared = {p.get("rust_version") for p in ours.values()} - {None}
if len(declared) != 1:
    sys.exit(f"workspace members declare different rust-version values: {sorted(declared)}")
msrv = declared.pop()
newer = sorted(
    (p["name"], p["version"], p["rust_version"])
    for p in meta["packages"]
    if p.get("rust_version") and version(p["rust_version"]) > version(msrv)
)
if newer:
    for name, ver, rv in newer:
        print(f"{name} {ver} requires Rust {rv}", file=sys.stderr)
    sys.exit(f"dependencies require a newer compiler than rust-version = {msrv}")
print(f"MSRV {msrv}: no dependency requires a newer compiler")
'
