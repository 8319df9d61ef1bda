#!/usr/bin/env bash
# Property-based testing of the standalone mock against the spec:
# schemathesis generates requests from openapi/wonderchat.yaml for every
# operation (up to 200 cases each, every check, then its stateful phase
# following the links of chat's answer) and fails on any answer that breaks
# the spec. The published spec keeps those links as `x-links` (openapi-generator
# refuses a link's requestBody object): an overlay turns them into `links`.
# Loopback only. Usage: scripts/schemathesis.sh [path/to/wonderchat-mock]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$("$root/tools/python-tools.sh")
mock=${1:-"$root/target/debug/wonderchat-mock"}
[ -x "$mock" ] || cargo build --quiet -p wonderchat-mock --features cli --manifest-path "$root/Cargo.toml"

log=$(mktemp)
"$mock" --port 0 --seed 7 >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 100); do
  url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$log" | head -n 1 || true)
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "${url:-}" ] || { cat "$log"; echo "the mock did not start" >&2; exit 1; }

spec=$(mktemp --suffix=.yaml)
trap 'kill "$pid" 2>/dev/null || true; rm -f "$log" "$spec"' EXIT
"$bin/python" - "$root/openapi/wonderchat.yaml" "$spec" <<'PY'
import sys, yaml
spec = yaml.safe_load(open(sys.argv[1]))
found = 0
for item in spec["paths"].values():
    for operation in item.values():
        for response in operation.get("responses", {}).values():
            if "x-links" in response:
                response["links"] = response.pop("x-links")
                found += 1
if not found:
    sys.exit("no x-links in the spec: the stateful phase would test nothing")
yaml.safe_dump(spec, open(sys.argv[2], "w"), sort_keys=False)
PY

"$bin/schemathesis" run "$spec" \
  --url "$url" --checks all --max-examples 200 --seed 1 --no-color
