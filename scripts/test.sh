#!/usr/bin/env bash
# The one test command: installs dependencies (with the pinned Node), builds, lints, runs the
# unit tests, installs/starts the stack and runs the end-to-end suites. Prints timings.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/stack/lib.sh

if [[ "${1:-}" == "--help" || "${1:-}" == "-h" ]]; then
  cat <<USAGE
Usage: npm test   (or scripts/test.sh)

Runs everything CI runs: npm install from the lock file (with the pinned Node), Chromium,
shellcheck and the oldest Node the SDK supports, build, lint, unit tests (on the pinned Node and
on that oldest one), stack install + start (test profile), end-to-end suites, stack stop and a
check that no process is left. Set
AGENT_OTEL_KEEP_STACK=1 to leave the stack running afterwards.
USAGE
  exit 0
fi

timings=()
phase() {
  local name="$1"; shift
  local t0=$SECONDS
  step "== $name"
  "$@"
  timings+=("$(printf '%-22s %5ss' "$name" $((SECONDS - t0)))")
}

scripts/bootstrap.sh
# npm scripts put node_modules/.bin (with the pinned node) first on PATH; do the same here.
export PATH="$root/node_modules/.bin:$PATH"
step "node $(node --version) from $(command -v node)"

# the e2e fixture stops the stack it starts, but not when the run is interrupted or fails before
# its teardown: on every exit, stop a stack this run started (unless asked to keep it).
stack_was_running=0
if stack_running "$(stack_run_dir "$root")"; then stack_was_running=1; fi
cleanup() {
  local rc=$?
  trap - EXIT
  if ((!stack_was_running)) && [[ "${AGENT_OTEL_KEEP_STACK:-}" != 1 ]] \
    && stack_running "$(stack_run_dir "$root")"; then
    step "stopping the stack this run started"
    scripts/stack/down.sh || true
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

phase chromium scripts/install-chromium.sh
phase shellcheck scripts/install-shellcheck.sh
oldest_node=""
install_oldest_node() { oldest_node="$(scripts/install-oldest-node.sh)"; }
phase oldest-node install_oldest_node
# a clean build: tsc never deletes the output of a removed or renamed source, and mocha's e2e
# glob would still run a stale compiled test.
clean_build() { rm -rf "$root/dist" && npm run --silent build; }
phase build clean_build
phase lint npm run --silent lint
phase unit-tests npm run --silent test:unit
# engines allows Node 22.15 and later: the SDK and the services must hold on that floor too, not
# only on the pinned Node (the e2e suite runs the SDK's entry points on it as well).
phase unit-tests-oldest "$oldest_node" node_modules/mocha/bin/mocha.js --config test/.mocharc.unit.json --reporter dot
phase stack-install scripts/stack/install.sh
phase e2e-tests npm run --silent test:e2e
# the e2e fixture stops the stack it started; nothing of it may be left running or listening.
# jaeger and the collector run from the cache, so their command lines do not name the run
# directory: the stack's ports (ports.env) find them.
leak_check() {
  local left listeners tries=0
  left="$(pgrep -af "$(stack_run_dir "$root")" || true)"
  listeners="$(stack_listeners)"
  # a component stopped a moment ago may still be closing its sockets.
  while [[ -n "$listeners" ]] && ((tries++ < 10)); do
    sleep 0.5
    listeners="$(stack_listeners)"
  done
  [[ -z "$left" ]] || die "stack processes left after down:
$left"
  [[ -z "$listeners" ]] || die "the stack's ports still have listeners after down (port name, port, listener):
$listeners"
}
if [[ "${AGENT_OTEL_KEEP_STACK:-}" != 1 ]]; then phase leak-check leak_check; fi

step "timings:"
for t in "${timings[@]}"; do printf '  %s\n' "$t" >&2; done
