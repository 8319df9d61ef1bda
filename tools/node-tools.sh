#!/usr/bin/env bash
# Installs the pinned npm tools of `cargo xtask conformance`
# (tools/node/conformance/package-lock.json) into .tools/node; prints their bin directory.
set -euo pipefail
exec "$(dirname "$0")/npm-tools.sh" tools/node/conformance node
