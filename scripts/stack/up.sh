#!/usr/bin/env bash
# Starts the agent-otel stack (prometheus, alertmanager, victorialogs, jaeger, collector) with the configs
# in collector-config/, waits for every readiness endpoint and records pids, logs and rendered
# configs in the run directory. On any failure it names the component, prints its log tail and
# stops everything it started.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
source "$here/versions.env"
source "$here/lib.sh"
source "$here/ports.env"

usage() {
  cat <<USAGE
Usage: scripts/stack/up.sh [--profile default|test]

Installs (if needed) and starts the stack. Ports are listed in the README.
  --profile test   short scrape/evaluation/grouping intervals for the test suites

Environment:
  AGENT_OTEL_RUN_DIR   run directory: pids, logs, data, rendered configs (default: .run/stack)
  AGENT_OTEL_CACHE     install cache (default: \$HOME/.cache/agent-otel)
  AGENT_OTEL_STACK_TIMEOUT  seconds to wait for each component to be ready (default: 60)
  AGENT_OTEL_METRICS_RETENTION how long Prometheus keeps metrics (default: 30d; test profile: 2d)
  AGENT_OTEL_LOGS_RETENTION how long VictoriaLogs keeps logs (its -retentionPeriod; default: 90d;
                            test profile: 1d)
  AGENT_OTEL_TRACES_RETENTION how long Jaeger keeps traces (Badger span TTL; default: 168h;
                            test profile: 24h)
USAGE
}

profile=default
while [[ $# -gt 0 ]]; do
  case "$1" in
    --help|-h) usage; exit 0 ;;
    --profile) profile="${2:?--profile needs a value}"; shift 2 ;;
    --profile=*) profile="${1#*=}"; shift ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done
case "$profile" in
  default) interval=15s; group_wait=30s; group_interval=5m; batch_timeout=1s; spanmetrics_flush=15s ;;
  test)
    interval=1s; group_wait=1s; group_interval=2s; batch_timeout=200ms; spanmetrics_flush=1s
    anomaly_recent=30s; anomaly_baseline=10m; anomaly_for=5s ;;
  *) die "unknown profile '$profile' (expected: default, test)" ;;
esac
read -r metrics_retention logs_retention traces_retention < <(stack_retention "$profile")
metrics_retention="${AGENT_OTEL_METRICS_RETENTION:-$metrics_retention}"
logs_retention="${AGENT_OTEL_LOGS_RETENTION:-$logs_retention}"
traces_retention="${AGENT_OTEL_TRACES_RETENTION:-$traces_retention}"

run_dir="$(stack_run_dir "$root")"
if stack_running "$run_dir"; then
  die "the stack already runs from $run_dir (stop it with scripts/stack/down.sh)"
fi
"$here/install.sh"
cache="$(stack_cache)"
mkdir -p "$run_dir"/{pids,logs,config,data}
rm -f "$run_dir"/pids/*.pid
echo "$profile" >"$run_dir/profile"

# the shipped prometheus and alertmanager configs hold production values; their placeholders
# (`value # __NAME__`) take this profile's intervals and the ports of ports.env.
cfg="$root/collector-config"
"$here/render.sh" "$cfg/prometheus/prometheus.yml" "$run_dir/config/prometheus/prometheus.yml" \
  SCRAPE_INTERVAL="$interval" EVALUATION_INTERVAL="$interval" \
  ALERTMANAGER_ADDRESS="127.0.0.1:$ALERTMANAGER_PORT" \
  COLLECTOR_METRICS_ADDRESS="127.0.0.1:$COLLECTOR_METRICS_PORT" \
  PROMETHEUS_ADDRESS="127.0.0.1:$PROMETHEUS_PORT"
mkdir -p "$run_dir/config/prometheus/rules"
cp "$cfg"/prometheus/rules/*.yml "$run_dir/config/prometheus/rules/"
# the anomaly rules compare a recent window with a baseline before it (5 min against a day, as
# shipped); the test profile shrinks both, and the `for` of the anomaly and anti-drift alerts, to
# seconds (a game day's short run waits for them).
if [[ "$profile" == test ]]; then
  "$here/render.sh" "$cfg/prometheus/rules/anomaly.yml" "$run_dir/config/prometheus/rules/anomaly.yml" \
    ANOMALY_RECENT_RANGE="[$anomaly_recent]" ANOMALY_RECENT_WINDOW="$anomaly_recent" \
    ANOMALY_BASELINE_RANGE="[$anomaly_baseline]" ANOMALY_FOR="$anomaly_for"
  "$here/render.sh" "$cfg/prometheus/rules/anti-drift.yml" "$run_dir/config/prometheus/rules/anti-drift.yml" \
    ANTI_DRIFT_FOR="$anomaly_for"
fi
"$here/render.sh" "$cfg/alertmanager/alertmanager.yml" "$run_dir/config/alertmanager/alertmanager.yml" \
  GROUP_WAIT="$group_wait" GROUP_INTERVAL="$group_interval" \
  WATCHDOG_URL="http://127.0.0.1:$HEARTBEAT_RECEIVER_PORT/v1/alertmanager"

# starts one component in its own session (so down.sh can stop its whole process group).
start() {
  local name="$1"; shift
  step "starting $name"
  started=1
  setsid "$@" >"$run_dir/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$run_dir/pids/$name.pid"
}

fail() {
  local name="$1" why="$2"
  printf '[agent-otel] error: %s %s\n--- last lines of %s ---\n' "$name" "$why" "$run_dir/logs/$name.log" >&2
  tail -30 "$run_dir/logs/$name.log" >&2 || true
  exit 1
}

# on any exit but success (a component that fails, a missing binary, Ctrl-C, an error under
# set -e) stop whatever this run started; never a stack this run found already running.
started=0
up=0
cleanup() {
  local rc=$?
  trap - EXIT
  if ((!up && started)); then
    step "stopping what this run started"
    "$here/down.sh" >&2 || true
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

wait_ready() {
  local name="$1" url="$2" deadline=$((SECONDS + ${AGENT_OTEL_STACK_TIMEOUT:-60}))
  local pid
  pid="$(cat "$run_dir/pids/$name.pid")"
  until curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || fail "$name" "exited before it was ready"
    ((SECONDS < deadline)) || fail "$name" "was not ready at $url within ${AGENT_OTEL_STACK_TIMEOUT:-60}s"
    sleep 0.5
  done
  step "$name ready ($url)"
}

# alerts that fire before Prometheus has discovered Alertmanager are dropped, and sent again only
# after the resend delay (1 min): the stack counts as up once Prometheus lists Alertmanager.
wait_alertmanager_known() {
  local url="http://127.0.0.1:$PROMETHEUS_PORT/api/v1/alertmanagers"
  local deadline=$((SECONDS + ${AGENT_OTEL_STACK_TIMEOUT:-60}))
  until curl -fsS --max-time 2 "$url" 2>/dev/null | grep -q "127.0.0.1:$ALERTMANAGER_PORT"; do
    ((SECONDS < deadline)) || fail prometheus "had not discovered Alertmanager at $url within ${AGENT_OTEL_STACK_TIMEOUT:-60}s"
    sleep 0.5
  done
  step "prometheus sends alerts to alertmanager (127.0.0.1:$ALERTMANAGER_PORT)"
}

start prometheus prometheus \
  --config.file="$run_dir/config/prometheus/prometheus.yml" \
  --storage.tsdb.path="$run_dir/data/prometheus" \
  --web.listen-address="127.0.0.1:$PROMETHEUS_PORT" \
  --web.enable-remote-write-receiver --web.enable-lifecycle \
  --storage.tsdb.retention.time="$metrics_retention"
start alertmanager "$cache/alertmanager-$ALERTMANAGER_VERSION/alertmanager" \
  --config.file="$run_dir/config/alertmanager/alertmanager.yml" \
  --storage.path="$run_dir/data/alertmanager" \
  --web.listen-address="127.0.0.1:$ALERTMANAGER_PORT" \
  --cluster.listen-address=
start victorialogs "$cache/victorialogs-$VICTORIALOGS_VERSION/victoria-logs" \
  -httpListenAddr="127.0.0.1:$VICTORIALOGS_PORT" \
  -storageDataPath="$run_dir/data/victorialogs" \
  -retentionPeriod="$logs_retention" \
  -loggerLevel=WARN
AGENT_OTEL_JAEGER_OTLP_GRPC_ENDPOINT="127.0.0.1:$JAEGER_OTLP_GRPC_PORT" \
  AGENT_OTEL_JAEGER_OTLP_HTTP_ENDPOINT="127.0.0.1:$JAEGER_OTLP_HTTP_PORT" \
  AGENT_OTEL_JAEGER_QUERY_HTTP_ENDPOINT="127.0.0.1:$JAEGER_QUERY_PORT" \
  AGENT_OTEL_JAEGER_QUERY_GRPC_ENDPOINT="127.0.0.1:$JAEGER_QUERY_GRPC_PORT" \
  AGENT_OTEL_JAEGER_HEALTH_ENDPOINT="127.0.0.1:$JAEGER_HEALTH_PORT" \
  AGENT_OTEL_JAEGER_METRICS_PORT="$JAEGER_METRICS_PORT" \
  AGENT_OTEL_JAEGER_DATA_DIR="$run_dir/data/jaeger" \
  AGENT_OTEL_JAEGER_TRACES_TTL="$traces_retention" \
  start jaeger "$cache/jaeger-$JAEGER_MODULE_VERSION/jaeger" --config="$cfg/jaeger/jaeger.yaml"
AGENT_OTEL_COLLECTOR_OTLP_GRPC_ENDPOINT="127.0.0.1:$COLLECTOR_OTLP_GRPC_PORT" \
  AGENT_OTEL_COLLECTOR_OTLP_HTTP_ENDPOINT="127.0.0.1:$COLLECTOR_OTLP_HTTP_PORT" \
  AGENT_OTEL_COLLECTOR_HEALTH_ENDPOINT="127.0.0.1:$COLLECTOR_HEALTH_PORT" \
  AGENT_OTEL_COLLECTOR_METRICS_PORT="$COLLECTOR_METRICS_PORT" \
  AGENT_OTEL_COLLECTOR_ZPAGES_ENDPOINT="127.0.0.1:$COLLECTOR_ZPAGES_PORT" \
  AGENT_OTEL_COLLECTOR_PPROF_ENDPOINT="127.0.0.1:$COLLECTOR_PPROF_PORT" \
  AGENT_OTEL_COLLECTOR_STORAGE_DIR="$run_dir/data/collector" \
  AGENT_OTEL_COLLECTOR_BATCH_TIMEOUT="$batch_timeout" \
  AGENT_OTEL_SPANMETRICS_FLUSH_INTERVAL="$spanmetrics_flush" \
  AGENT_OTEL_JAEGER_OTLP_ENDPOINT="127.0.0.1:$JAEGER_OTLP_GRPC_PORT" \
  AGENT_OTEL_VICTORIALOGS_OTLP_ENDPOINT="http://127.0.0.1:$VICTORIALOGS_PORT/insert/opentelemetry" \
  AGENT_OTEL_PROMETHEUS_REMOTE_WRITE_ENDPOINT="http://127.0.0.1:$PROMETHEUS_PORT/api/v1/write" \
  start collector "$cache/collector-$COLLECTOR_VERSION/otelcol-agent-otel" --config="$cfg/collector/collector.yaml"

wait_ready prometheus "http://127.0.0.1:$PROMETHEUS_PORT/-/ready"
wait_ready alertmanager "http://127.0.0.1:$ALERTMANAGER_PORT/-/ready"
wait_ready victorialogs "http://127.0.0.1:$VICTORIALOGS_PORT/health"
wait_ready jaeger "http://127.0.0.1:$JAEGER_HEALTH_PORT/status"
wait_ready collector "http://127.0.0.1:$COLLECTOR_HEALTH_PORT/"
wait_alertmanager_known
up=1
step "stack is up (profile $profile); run directory $run_dir; stop it with scripts/stack/down.sh"
