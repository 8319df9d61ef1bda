#!/usr/bin/env bash
# The release, rehearsed offline (CI runs this on every change): dist's plan
# for every target, the workflow dist generates still the one committed, the
# global artifacts (shell and PowerShell installers, Homebrew formula,
# checksums), the host's archive built, and the shell installer run against
# that archive served on loopback into a temporary CARGO_HOME, then the
# installed `wonderchat` run. Needs `dist` (tools/cargo-tools.sh cargo-dist).
#
# The host's archive is built at opt-level 0 without LTO here (minutes
# fewer on two cores): a broken config fails the same way; the release
# itself builds with the full `dist` profile.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${CARGO_HOME:-$HOME/.cargo}/bin"
dist="$bin/dist"
out=target/distrib
work=$(mktemp -d)
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT

"$dist" generate --check
plan=$("$dist" plan)
for artifact in wonderchat-cli-installer.sh wonderchat-cli-installer.ps1 wonderchat-cli.rb \
  wonderchat-cli-x86_64-unknown-linux-gnu.tar.xz wonderchat-cli-x86_64-unknown-linux-musl.tar.xz \
  wonderchat-cli-aarch64-unknown-linux-gnu.tar.xz wonderchat-cli-aarch64-apple-darwin.tar.xz \
  wonderchat-cli-x86_64-apple-darwin.tar.xz wonderchat-cli-x86_64-pc-windows-msvc.zip sha256.sum; do
  grep -q "$artifact" <<<"$plan" || { echo "dist plan lacks $artifact:"; echo "$plan"; exit 1; }
done
if grep -q "wonderchat-mock-" <<<"$plan"; then
  echo "dist plan ships the mock's binary (dist = false in its Cargo.toml):"; echo "$plan"; exit 1
fi

rm -rf "$out"
"$dist" build --artifacts=global >/dev/null
host=$(rustc -vV | sed -n 's/^host: //p')
CARGO_PROFILE_DIST_LTO=false CARGO_PROFILE_DIST_OPT_LEVEL=0 CARGO_PROFILE_DIST_CODEGEN_UNITS=16 \
CARGO_PROFILE_DIST_DEBUG=0 \
  "$dist" build --artifacts=local --target "$host" >/dev/null
archive="$out/wonderchat-cli-$host.tar.xz"
[ -f "$archive" ] || { echo "no $archive"; ls "$out"; exit 1; }
(cd "$out" && sha256sum -c "wonderchat-cli-$host.tar.xz.sha256" >/dev/null)

# The installer, as a user runs it, fetching from loopback instead of GitHub.
port_file="$work/port"
python3 - "$out" "$port_file" 2>/dev/null <<'PY' &
import functools, http.server, socketserver, sys
handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])
with socketserver.TCPServer(("127.0.0.1", 0), handler) as httpd:
    open(sys.argv[2], "w").write(str(httpd.server_address[1]))
    httpd.serve_forever()
PY
server=$!
for _ in $(seq 50); do [ -s "$port_file" ] && break; sleep 0.1; done
port=$(cat "$port_file")
HOME="$work/home" XDG_CONFIG_HOME="$work/config" CARGO_HOME="$work/cargo" \
  WONDERCHAT_CLI_DOWNLOAD_URL="http://127.0.0.1:$port" \
  WONDERCHAT_CLI_NO_MODIFY_PATH=1 sh "$out/wonderchat-cli-installer.sh" --quiet
installed="$work/cargo/bin/wonderchat"
"$installed" --version | grep -q "^wonderchat $(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)$"
HOME="$work/home" WONDERCHAT_CONFIG="$work/config.toml" \
  "$installed" --quiet --mock chat demo-chatbot "How do I reset my password?" | grep -q "message"
echo "dist: plan of ${#plan} bytes checked; $host archive built; the installer installed a working wonderchat"
