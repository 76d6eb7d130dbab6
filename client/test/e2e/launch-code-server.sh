#!/usr/bin/env bash
# Launcher 1 (CI): the e2e suite in real VS Code (code-server), against the packaged extension.
#   1. installs code-server & co. (install-code-server.sh, cached outside the repo), builds the suite;
#   2. installs the .vsix (VSIX=path, default the one `npm run package` wrote) with --install-extension
#      into a fresh extensions dir, then runs the suite with extensionDevelopmentPath = the folder that
#      install unpacked (VS Code's test runner needs a development path; this way the code under test is
#      the shipped artifact, and the suite asserts that it runs from there);
#   3. a UI check on a fresh workspace: squiggles and the Problems panel, screenshot (SHOT=path.png);
#   4. the probe results page in headless Chromium, from a real probe of a local server (render-probe-page.ts);
#   5. the probe in the workbench: palette, URL, confirmation, results panel (drive-probe.cjs);
#   6. the editor experience: Fix all in the Ctrl+. menu, the rule docs in a Markdown preview with no request
#      off loopback, the output channel after a scan (drive-editor.cjs; SHOTS_DIR=docs/images for the pictures);
#   7. the code lens of an origin with a profile that `probe --save` wrote, and its Re-probe against the local
#      server (drive-known-origin.cjs; its own workspace, made with the server's port).
# Prints one closing line: "e2e: N passed, N failed".
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$ROOT"
HERE=client/test/e2e
VERSION=$(node -p "require('./package.json').version")
VSIX=$(realpath "${VSIX:-http-resilience-$VERSION.vsix}")
[ -f "$VSIX" ] || { echo "$VSIX not found: run npm run package first" >&2; exit 1; }
step() { # runs a command, prints how long it took, keeps its exit status
  local s=$SECONDS status=0
  "$@" || status=$?
  echo "### $(basename "$1") ${2:-} took $((SECONDS - s)) s" >&2
  return "$status"
}

INSTALLED_TOOLS=$(step bash "$HERE/install-code-server.sh")
eval "$INSTALLED_TOOLS"   # N24, CODE_SERVER, PW_CORE
export PW_CORE
step node "$HERE/build.mjs"

RUN=$(mktemp -d "${TMPDIR:-/tmp}/hr-code-server-XXXXXX")
SERVER=
cleanup() { [ -n "$SERVER" ] && kill -- "-$SERVER" 2>/dev/null; rm -rf "$RUN"; }
trap cleanup EXIT
WORKSPACE=$(node --import tsx "$HERE/make-workspace.ts" "$RUN/workspace")
UI_WORKSPACE=$(node --import tsx "$HERE/make-workspace.ts" "$RUN/ui-workspace" --plain)
# code-server runs on Node 24 with its own home, so nothing of the user's settings leaks in.
env HOME="$RUN/home" PATH="$N24/bin:$PATH" "$CODE_SERVER" --extensions-dir "$RUN/extensions" --user-data-dir "$RUN/user" \
  --install-extension "$VSIX" >"$RUN/install.log" 2>&1 || { cat "$RUN/install.log" >&2; exit 1; }
INSTALLED=$(ls -d "$RUN"/extensions/http-resilience.http-resilience-* | head -1)
echo "installed: $INSTALLED"

# A quiet workbench: no welcome page, no chat panel or AI actions, nothing fetched for type acquisition, and
# no TypeScript errors about the fixtures' uninstalled imports (the workspace has no node_modules).
mkdir -p "$RUN/user/User"
cat >"$RUN/user/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none",
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "chat.disableAIFeatures": true,
  "workbench.tips.enabled": false,
  "telemetry.telemetryLevel": "off",
  "typescript.disableAutomaticTypeAcquisition": true,
  "typescript.validate.enable": false
}
JSON
PORT=$(node -e "const s=require('node:net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
setsid env HOME="$RUN/home" PATH="$N24/bin:$PATH" HTTP_RESILIENCE_E2E_EXTENSION_ROOT="$RUN/extensions" "$CODE_SERVER" \
  --extensions-dir "$RUN/extensions" --user-data-dir "$RUN/user" --config /dev/null --bind-addr "127.0.0.1:$PORT" \
  --auth none --disable-telemetry --disable-update-check --disable-workspace-trust --disable-getting-started-override \
  --vscode-option enable-smoke-test-driver >"$RUN/code-server.log" 2>&1 &
SERVER=$!
# Ready once /healthz answers; give up after 60 s and show why.
ready_by=$((SECONDS + 60))
until curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; do
  if [ "$SECONDS" -ge "$ready_by" ] || ! kill -0 "$SERVER" 2>/dev/null; then
    echo "code-server did not come up on port $PORT" >&2
    tail -30 "$RUN/code-server.log" >&2
    exit 1
  fi
  sleep 0.5
done

# The workbench logs chat and agent-host chatter into the run's output; it says nothing about our suite.
WORKBENCH_NOISE='^\[(AgentHost|ChatModelSelection|AccountPolicyGate)'
set +e
step node "$HERE/run-code-server-tests.cjs" "$INSTALLED" out/e2e/index.js "$WORKSPACE" "$PORT" 2>&1 | grep -v -E "$WORKBENCH_NOISE" | tee "$RUN/suite.log"
suite=${PIPESTATUS[0]}
step node "$HERE/drive-code-server.cjs" "http://127.0.0.1:$PORT/?folder=$(node -p "encodeURIComponent('$UI_WORKSPACE')")" timeouts.ts missing-timeout
ui=$?
step env PW_CORE="$PW_CORE" node --import tsx "$HERE/render-probe-page.ts"
page=$?
step env PW_CORE="$PW_CORE" node "$HERE/drive-probe.cjs" "http://127.0.0.1:$PORT/?folder=$(node -p "encodeURIComponent('$UI_WORKSPACE')")"
probe=$?
step env PW_CORE="$PW_CORE" node "$HERE/drive-editor.cjs" "http://127.0.0.1:$PORT/?folder=$(node -p "encodeURIComponent('$UI_WORKSPACE')")"
editor=$?
step env PW_CORE="$PW_CORE" node "$HERE/drive-known-origin.cjs" "http://127.0.0.1:$PORT/" "$RUN/known-origin-workspace"
known=$?
set -e
passed=$(sed -n 's/^e2e: \([0-9]*\) passed.*/\1/p' "$RUN/suite.log" | tail -1)
failed=$(sed -n 's/^e2e: [0-9]* passed, \([0-9]*\) failed.*/\1/p' "$RUN/suite.log" | tail -1)
passed=${passed:-0}; failed=${failed:-0}
[ "$suite" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1   # the suite did not run to its end
if [ "$ui" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
if [ "$page" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
if [ "$probe" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
if [ "$editor" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
if [ "$known" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
[ "$suite" -ne 0 ] && tail -40 "$RUN/code-server.log" >&2
echo "e2e: $passed passed, $failed failed"
[ "$suite" -eq 0 ] && [ "$ui" -eq 0 ] && [ "$page" -eq 0 ] && [ "$probe" -eq 0 ] && [ "$editor" -eq 0 ] && [ "$known" -eq 0 ]
