#!/usr/bin/env bash
# Prints the cache folder of the pinned tools (kept outside the clone so a second run skips the install).
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
source "$ROOT/test/harness/tools.env"
BASE="${SAMPLE_CURATOR_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/sample-curator}"
echo "$BASE/vscode-harness/cs-$CODE_SERVER_VERSION-node-$NODE24_VERSION"
