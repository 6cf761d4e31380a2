#!/usr/bin/env bash
# Stand-in "VS Code executable" for @vscode/test-electron's runTests({ vscodeExecutablePath }).
# runTests starts it with --extensionDevelopmentPath=…, --extensionTestsPath=…, its own flags and
# the launchArgs (the workspace folder); this hands the paths to the code-server runner, so the
# same suite runs unchanged on a desktop VS Code where one can be downloaded.
DEVS=""
for a in "$@"; do
  case "$a" in
    --extensionDevelopmentPath=*) DEVS="$DEVS:${a#*=}" ;;
    --extensionTestsPath=*) export EXT_TESTS="${a#*=}" ;;
    --*) ;; # --no-sandbox, --disable-updates, --user-data-dir=…: code-server has its own
    *) export WORKSPACE="$a" ;;
  esac
done
export EXT_DEV="${DEVS#:}"
exec node "$(dirname "$(readlink -f "$0")")/../../out/test/harness/codeServerTestHost.js"
