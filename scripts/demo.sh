#!/usr/bin/env bash
# The main job: the stack, the three receivers and a demo fleet of instrumented agents.
# Runs until Ctrl-C (or --duration), then stops everything it started.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/stack/lib.sh
source scripts/stack/ports.env

agents=6
duration=0
keep_state=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --help|-h)
      cat <<USAGE
Usage: npm run demo [-- --agents N --duration S --keep-state]

Starts the stack (if it is not running), the counters, log and heartbeat receivers, and a demo
fleet of N agents (default 6) that plan, drift, fail, crash and hang, so every dashboard panel and
alert has something to show. Work files go to .run/demo, emptied at each start so the console
shows only this run's agents (--keep-state keeps the receivers' checkpoints and the fleet's
state of the last run). Ctrl-C stops everything it started.
USAGE
      exit 0 ;;
    --agents) agents="${2:?}"; shift 2 ;;
    --duration) duration="${2:?}"; shift 2 ;;
    --keep-state) keep_state=1; shift ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done

scripts/bootstrap.sh
export PATH="$root/node_modules/.bin:$PATH"
step "building"
npm run --silent build

# one exit path for success, errors, Ctrl-C and kill: stop the children and (if this run started
# it) the stack; runs once.
started_stack=0
pids=()
cleanup() {
  local rc=$?
  trap - EXIT
  step "stopping the demo"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if ((started_stack)); then scripts/stack/down.sh || true; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if ! curl -fsS -o /dev/null "http://127.0.0.1:$COLLECTOR_HEALTH_PORT/" 2>/dev/null; then
  scripts/stack/up.sh
  started_stack=1
fi

demo="$root/.run/demo"
# a person starting the demo expects this run's fleet, not agents left in the last run's state
if ((!keep_state)); then rm -rf "$demo"; fi
mkdir -p "$demo/logs" "$demo/state/telemetry"

# receivers run in the demo directory, where the shipped configs' relative paths
# (state/telemetry/counters.jsonl, logs/{agent}/*.log) point at what the fleet writes.
run() {
  local name="$1"; shift
  (cd "$demo" && exec node "$root/dist/cli/main.js" "$@") >"$demo/$name.log" 2>&1 &
  pids+=($!)
  step "started $name (log: .run/demo/$name.log)"
}
run counters-receiver counters --config "$root/collector-config/receivers/counters.yaml"
run log-receiver logs --config "$root/collector-config/receivers/logs.yaml"
run heartbeat-receiver heartbeat --config "$root/examples/demo-fleet/heartbeat.yaml"
sleep 1
(cd "$demo" && exec node "$root/dist/examples/demo-fleet/fleet.js" --agents "$agents" --duration "$duration") &
pids+=($!)

# every URL printed here opens a page a person can use (test/e2e/demo.test.ts opens each in a
# browser and checks its content). Jaeger stays the trace backend, but its UI is not built in.
logs_query='{service.name="agent-logs"}'
logs_query_encoded="$(node -e 'process.stdout.write(encodeURIComponent(process.argv[1]))' "$logs_query")"
cat <<URLS >&2

  agent-otel demo is running ($agents agents). Open:
    fleet console         http://127.0.0.1:$HEARTBEAT_RECEIVER_PORT/
    agent logs            http://127.0.0.1:$VICTORIALOGS_PORT/select/vmui/#/?query=$logs_query_encoded&g0.relative_time=last_15_minutes
    alerts (Prometheus)   http://127.0.0.1:$PROMETHEUS_PORT/classic/alerts
    agents up (PromQL)    http://127.0.0.1:$PROMETHEUS_PORT/classic/graph?g0.expr=agent_up&g0.tab=1
    Alertmanager          http://127.0.0.1:$ALERTMANAGER_PORT/#/alerts
  Grafana dashboards to import: collector-config/grafana/dashboards/
  Ctrl-C stops the demo$( ((started_stack)) && echo " and the stack").

URLS
wait "${pids[-1]}"
