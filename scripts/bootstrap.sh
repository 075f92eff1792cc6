#!/usr/bin/env bash
# Installs the npm dependencies, including the pinned Node (the `node` dev dependency), when
# node_modules is missing or older than package-lock.json. OpenTelemetry JS 3.x needs
# Node >= 22.15 (the project pins 26); this works under the machine's older Node because the
# lock file pins versions.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/stack/lib.sh
stamp=node_modules/.agent-otel-installed
if [[ ! -f "$stamp" || package-lock.json -nt "$stamp" ]]; then
  command -v npm >/dev/null || die "npm is needed to install the dependencies (any Node >= 18 with npm)"
  step "installing npm dependencies from package-lock.json"
  # `npm ci` refuses this lock file: npm leaves the optional per-platform packages of some tools
  # (biome's other-OS binaries) out of it. `npm install` honours the locked versions just the same.
  npm install --no-audit --no-fund --loglevel=error
  touch "$stamp"
fi
[[ -x node_modules/.bin/node ]] || die "the pinned node (devDependency 'node') did not install; see npm ci output"
