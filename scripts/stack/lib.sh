# shellcheck shell=bash
# helpers shared by the stack scripts.

stack_cache() { echo "${AGENT_OTEL_CACHE:-$HOME/.cache/agent-otel}"; }

step() { printf '[agent-otel %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# prints the retention of PROFILE: metrics (Prometheus), logs (VictoriaLogs), traces (Jaeger's
# Badger TTL). The shipped values follow the monitoring specification: metrics 30 days; logs 90
# days (its longest for operational logs, the error logs: VictoriaLogs has one period for all);
# detailed traces 7 days. The test profile keeps less: its data lives for one test run.
stack_retention() {
  case "$1" in
    default) echo "30d 90d 168h" ;;
    test) echo "2d 1d 24h" ;;
    *) die "unknown profile '$1' (expected: default, test)" ;;
  esac
}

die() { printf '[agent-otel] error: %s\n' "$*" >&2; exit 1; }

# runs a long command with its output in a log file, printing a heartbeat so CI shows
# progress, and the log tail when it fails.
run_logged() {
  local log="$1"; shift
  "$@" >>"$log" 2>&1 &
  local pid=$! start=$SECONDS next=$((SECONDS + 30)) last
  while kill -0 "$pid" 2>/dev/null; do
    sleep 2
    if ((SECONDS >= next)); then
      # the log's last line (e.g. "go: downloading ...") shows that the step moves
      last="$(tail -n 1 "$log" 2>/dev/null | cut -c 1-100)"
      step "  ... still running after $((SECONDS - start))s: ${*:1:3}${last:+ ($last)}"
      next=$((SECONDS + 30))
    fi
  done
  if ! wait "$pid"; then
    printf '[agent-otel] error: command failed: %s\n--- last lines of %s ---\n' "$*" "$log" >&2
    tail -40 "$log" >&2
    exit 1
  fi
}

# installs a Debian package when COMMAND is missing, with progress output (used for the tools
# that come from Debian rather than npm or the Go module proxy).
apt_install() {
  local package="$1" command="$2" log
  if command -v "$command" >/dev/null; then return 0; fi
  command -v apt-get >/dev/null || die "$command comes from Debian's package $package; apt-get is not available"
  local sudo=()
  [[ "$(id -u)" == 0 ]] || sudo=(sudo)
  log="$(mktemp "${TMPDIR:-/tmp}/agent-otel-apt.XXXXXX")"
  step "$package: installing the Debian package (log: $log)"
  run_logged "$log" "${sudo[@]}" apt-get update
  # RUNLEVEL=1 keeps a package from starting a system service; the stack runner starts its own
  DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 run_logged "$log" \
    "${sudo[@]}" apt-get install -y --no-install-recommends "$package"
  rm -f "$log"
  step "$package: installed"
}

stack_run_dir() { echo "${AGENT_OTEL_RUN_DIR:-$1/.run/stack}"; }

# the ports the stack's components listen on, as "NAME PORT" lines, from ports.env (their one
# definition); the *_RECEIVER_PORT entries there belong to the services, which the stack does not run.
stack_ports() {
  local lib_dir
  lib_dir="$(dirname "${BASH_SOURCE[0]}")"
  sed -nE 's/^([A-Z0-9_]+_PORT)=([0-9]+)[[:space:]]*$/\1 \2/p' "$lib_dir/ports.env" \
    | grep -v '_RECEIVER_PORT '
}

# each TCP listener on one of the stack's ports, as "NAME PORT <ss line>" (the ss line names the
# process when it is ours); prints nothing when none is left.
stack_listeners() {
  command -v ss >/dev/null || die "ss (Debian's iproute2) is needed to look for listeners on the stack's ports"
  local listening
  listening="$(ss -Hltnp)"
  stack_ports | while read -r name port; do
    # the local address is the 4th column, "127.0.0.1:4318", "[::1]:4318" or "*:4318".
    awk -v port="$port" -v name="$name" '{ n = split($4, a, ":"); if (a[n] == port) print name, port, $0 }' \
      <<<"$listening"
  done
}

# true when any component recorded in the run directory is still alive.
stack_running() {
  local f
  for f in "$1"/pids/*.pid; do
    [[ -e "$f" ]] || continue
    kill -0 "$(cat "$f")" 2>/dev/null && return 0
  done
  return 1
}
