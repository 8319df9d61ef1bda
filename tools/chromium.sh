#!/usr/bin/env bash
# Makes sure Debian's headless-capable Chromium is installed; prints its path.
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >&2
  apt-get install -y -q --no-install-recommends chromium >&2
fi
command -v chromium
