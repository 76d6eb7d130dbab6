#!/usr/bin/env bash
# Installs the outside programs the test tiers beyond `npm test` need (Debian, as root), and only what is
# missing: running it again changes nothing.
#   npm run test:system  neovim (a real LSP client), nginx-light (keepalive_timeout, limit_conn), openssl
#   npm run test:e2e     chromium and libkrb5-dev from Debian, then Node 24, code-server and playwright-core
#                        from npm into ~/.cache/http-resilience-e2e (client/test/e2e/install-code-server.sh)
# `npm test` needs none of them. Usage: scripts/install-test-tools.sh [--system-only]
set -euo pipefail
cd "$(dirname "$0")/.."

system_only=
case "${1:-}" in
  '') ;;
  --system-only) system_only=1 ;;
  *) echo "usage: $0 [--system-only]" >&2; exit 2 ;;
esac

packages=(neovim nginx-light openssl)
[ -n "$system_only" ] || packages+=(chromium libkrb5-dev)

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
missing=()
for package in "${packages[@]}"; do installed "$package" || missing+=("$package"); done

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "$0: missing Debian packages: ${missing[*]}; run this script as root (it uses apt-get)" >&2
    exit 1
  fi
  # No service may start on install (nginx would take port 80, and the tests start their own): invoke-rc.d
  # asks /usr/sbin/policy-rc.d, and 101 means "not allowed". Only a policy this script wrote is removed again.
  policy=/usr/sbin/policy-rc.d
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\n# Written by http-resilience scripts/install-test-tools.sh for the duration of apt-get install.\nexit 101\n' >"$policy"
    chmod +x "$policy"
    trap 'rm -f "$policy"' EXIT
  fi
  echo "installing from Debian: ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# nginx is in /usr/sbin, which not every PATH has; the system test looks there too.
echo "nvim: $(command -v nvim)  nginx: $(command -v nginx || echo /usr/sbin/nginx)  openssl: $(command -v openssl)" >&2

# ESLint 9 and 10 (with typescript-eslint) and oxlint, installed from the registry once into a cache, so the
# plugin's install test can `npm install --offline` its packed tarball beside them (tests reach only loopback).
# eslint10 pairs with TypeScript 6.0.2, the version our analyzer bundles, so that test sees the parser's tree reused.
tools="$HOME/.cache/http-resilience-test-tools"
if [ ! -f "$tools/eslint-plugin/ready" ]; then
  echo "installing ESLint 9/10, typescript-eslint and oxlint into $tools" >&2
  rm -rf "$tools/eslint-plugin"
  npm_install() { npm install --prefix "$tools/eslint-plugin/$1" --cache "$tools/npm-cache" --save-exact --no-audit --no-fund --loglevel=error "${@:2}" >/dev/null; }
  npm_install eslint9 eslint@9 typescript-eslint@8 typescript@5
  npm_install eslint10 eslint@10 typescript-eslint@8 typescript@6.0.2
  npm_install oxlint oxlint@1
  touch "$tools/eslint-plugin/ready"
fi

if [ -z "$system_only" ]; then
  # code-server & co. for the editor tests, cached outside the project; prints where they are.
  bash client/test/e2e/install-code-server.sh >&2
fi
echo "test tools ready${system_only:+ (system tests only)}" >&2
