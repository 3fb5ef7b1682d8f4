#!/usr/bin/env bash
# Runs every test of ntt110: finds a JDK 25 (scripts/jdk.sh), makes sure the operating-system packages the tests need
# are installed — with apt-get when run as root on Debian/Ubuntu, else it prints the exact command and stops — then
# runs ./mvnw verify. Arguments go to Maven, e.g. ./test.sh -pl routing-service -am.
#
# Packages: Kamailio with its extra, json and utils modules and sipp (the SIP edge's tests), Chromium and ChromeDriver
# (the console's browser tests); and, with npm, the pinned OpenAPI linter of tools/api-lint (Node.js 20.19+ or
# 22.12+ must be there). NTT110_SKIP_PACKAGES=true skips the check (e.g. a machine without the tests that
# need them); a test whose tool is then missing says so, and fails when CI=true.
set -euo pipefail
cd "$(dirname "$0")"
# shellcheck source=scripts/jdk.sh
source scripts/jdk.sh

PACKAGES=(kamailio kamailio-extra-modules kamailio-json-modules kamailio-utils-modules kamailio-postgres-modules sip-tester chromium chromium-driver)
say() { printf '[test.sh] %s\n' "$*"; }

installed() {
  if command -v dpkg-query >/dev/null 2>&1; then
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
  else
    case $1 in
      sip-tester) command -v sipp >/dev/null 2>&1 ;;
      chromium-driver) command -v chromedriver >/dev/null 2>&1 ;;
      kamailio-*-modules) command -v kamailio >/dev/null 2>&1 ;;
      *) command -v "$1" >/dev/null 2>&1 ;;
    esac
  fi
}

if [ "${NTT110_SKIP_PACKAGES:-false}" != true ]; then
  missing=()
  for package in "${PACKAGES[@]}"; do installed "$package" || missing+=("$package"); done
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      say "installing ${missing[*]} (apt-get)"
      # Debian's kamailio package would start its own service on port 5060; policy-rc.d keeps it from starting.
      policy=/usr/sbin/policy-rc.d
      made_policy=false
      if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && made_policy=true; fi
      started=$SECONDS
      { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"; } \
        >/tmp/ntt110-apt.log 2>&1 || { $made_policy && rm -f "$policy"; tail -20 /tmp/ntt110-apt.log; say "apt-get failed (log: /tmp/ntt110-apt.log)"; exit 1; }
      $made_policy && rm -f "$policy"
      say "installed in $((SECONDS - started)) s"
    else
      say "the tests need these packages, which are missing: ${missing[*]}"
      say "install them with:  sudo apt-get install -y --no-install-recommends ${missing[*]}"
      say "(or run ./test.sh as root on Debian/Ubuntu to have them installed; NTT110_SKIP_PACKAGES=true to go on without)"
      exit 1
    fi
  fi
fi

# The OpenAPI lint (ServiceBasicsContract): Redocly CLI, pinned in tools/api-lint, wants Node.js 20.19+ or 22.12+.
if [ "${NTT110_SKIP_PACKAGES:-false}" != true ]; then
  node_version=$(node --version 2>/dev/null || true)
  # What the pinned CLI accepts (its engines field): 20.19+ on the 20 line, or 22.12 and later.
  if ! printf '%s\n' "$node_version" | grep -Eq '^v(2[3-9]|[3-9][0-9]|[1-9][0-9]{2,}|22\.(1[2-9]|[2-9][0-9]|[1-9][0-9]{2,})|20\.(19|[2-9][0-9]|[1-9][0-9]{2,}))\.' \
      || ! command -v npm >/dev/null 2>&1; then
    say "the OpenAPI lint needs Node.js 20.19+ (on 20.x) or 22.12+, with npm; found: ${node_version:-no node}, npm: $(command -v npm || echo none)"
    say "install Node.js (https://nodejs.org/en/download), or NTT110_SKIP_PACKAGES=true to go on without it"
    exit 1
  fi
  # node_modules/.ntt110-lock: the lock file it was installed from, so a changed pin reinstalls.
  if [ ! -x tools/api-lint/node_modules/.bin/redocly ] || ! cmp -s tools/api-lint/package-lock.json tools/api-lint/node_modules/.ntt110-lock; then
    say "installing the OpenAPI linter (npm ci in tools/api-lint, Node.js $node_version)"
    npm ci --prefix tools/api-lint --no-audit --no-fund --loglevel=error >/tmp/ntt110-npm.log 2>&1 \
      || { tail -20 /tmp/ntt110-npm.log; say "npm ci failed (log: /tmp/ntt110-npm.log)"; exit 1; }
    cp tools/api-lint/package-lock.json tools/api-lint/node_modules/.ntt110-lock
  fi
fi

say "Java: $(java -version 2>&1 | head -n 1) ($JAVA_HOME)"
exec ./mvnw -B verify "$@"
