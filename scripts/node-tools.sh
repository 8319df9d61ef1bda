#!/usr/bin/env bash
# Installs the pinned npm tools of `cargo xtask conformance`
# (conformance/node/package-lock.json) into .tools/node; prints their bin directory.
set -euo pipefail
exec "$(dirname "$0")/npm-tools.sh" conformance/node node
