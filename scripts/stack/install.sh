#!/usr/bin/env bash
# Installs the pinned observability stack into a cache outside the repository, keyed by
# version, so repeat runs reuse it:
#   otelcol-agent-otel (built with the collector builder), jaeger v2, victorialogs and
#   alertmanager + amtool (built from the go module proxy), prometheus + promtool (debian).
# Usage: scripts/stack/install.sh [--help] [component...]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "$here/versions.env"
source "$here/lib.sh"

usage() {
  cat <<USAGE
Usage: scripts/stack/install.sh [component...]

Installs (or reuses) the agent-otel stack in \$AGENT_OTEL_CACHE
(default: \$HOME/.cache/agent-otel). Components: collector jaeger victorialogs alertmanager prometheus.
With no component, installs all of them. Prints where each binary lives.

Environment:
  AGENT_OTEL_CACHE   cache directory (default \$HOME/.cache/agent-otel)
  GOPROXY            go module proxy used for the Go builds (go's own default applies)
USAGE
}

require_go() {
  command -v go >/dev/null || die "Go is required to build the collector, Jaeger, VictoriaLogs and Alertmanager (not found on PATH)"
  # a cold build needs the module proxy; fail early with a clear message when it is unreachable
  if ! go list -m -json "go.opentelemetry.io/collector/cmd/builder@v${COLLECTOR_VERSION}" >/dev/null 2>"$tmp/proxy.err"; then
    die "the Go module proxy is unreachable or refused go.opentelemetry.io/collector/cmd/builder@v${COLLECTOR_VERSION} (GOPROXY=$(go env GOPROXY)):
$(tail -3 "$tmp/proxy.err")"
  fi
}

install_collector() {
  local dir="$cache/collector-$COLLECTOR_VERSION"
  if [[ -x "$dir/otelcol-agent-otel" ]]; then step "collector $COLLECTOR_VERSION (Apache-2.0): cached at $dir"; return; fi
  require_go
  step "collector $COLLECTOR_VERSION (Apache-2.0): installing the collector builder"
  partial+=("$dir/otelcol-agent-otel.tmp")
  GOBIN="$dir/tools" go install "go.opentelemetry.io/collector/cmd/builder@v${COLLECTOR_VERSION}"
  local build="$tmp/collector" manifest="$tmp/collector/manifest.yaml"
  mkdir -p "$build"
  "$here/render.sh" "$here/collector-builder.yaml" "$manifest" COLLECTOR_VERSION="$COLLECTOR_VERSION" \
    STABLE_VERSION="$COLLECTOR_STABLE_VERSION" OUTPUT="$build/src"
  step "collector $COLLECTOR_VERSION: generating sources"
  # the builder's own `go mod tidy` also resolves the test-only modules of every component,
  # some of which the proxy does not serve; so generate the sources only and let `go get`
  # and `go build` fetch just what the binary imports.
  run_logged "$build/build.log" "$dir/tools/builder" --config="$manifest" --skip-get-modules --skip-compilation
  local modules
  modules="$(sed -n 's/^ *- gomod: \([^ ]*\) \(v[^ ]*\).*/\1@\2/p' "$manifest")"
  step "collector $COLLECTOR_VERSION: building contrib components (cold: several minutes)"
  (
    cd "$build/src"
    run_logged "$build/build.log" go mod init otelcol-agent-otel
    # $modules is a whitespace-separated list of module@version words, split on purpose
    # shellcheck disable=SC2086
    run_logged "$build/build.log" go get $modules "go.opentelemetry.io/collector/otelcol@v$COLLECTOR_VERSION" \
      "go.opentelemetry.io/collector/confmap@v$COLLECTOR_STABLE_VERSION"
    CGO_ENABLED=0 run_logged "$build/build.log" \
      go build -mod=mod -trimpath -ldflags="-s -w" -o "$dir/otelcol-agent-otel.tmp" .
  )
  mv "$dir/otelcol-agent-otel.tmp" "$dir/otelcol-agent-otel"
  step "collector $COLLECTOR_VERSION: built $dir/otelcol-agent-otel"
}

# go install refuses modules with replace directives, so build inside a writable copy.
copy_module() {
  local mod="$1" dest="$2" dir
  dir="$(go mod download -json "$mod" | sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p')"
  [[ -n "$dir" && -d "$dir" ]] || die "could not download $mod from the Go module proxy"
  rm -rf "$dest"
  cp -r "$dir" "$dest"
  chmod -R u+w "$dest"
}

install_jaeger() {
  local dir="$cache/jaeger-$JAEGER_MODULE_VERSION"
  if [[ -x "$dir/jaeger" ]]; then step "jaeger (module $JAEGER_MODULE_VERSION, Apache-2.0): cached at $dir"; return; fi
  require_go
  step "jaeger (module $JAEGER_MODULE_VERSION, Apache-2.0): downloading source"
  copy_module "github.com/jaegertracing/jaeger@v$JAEGER_MODULE_VERSION" "$tmp/jaeger"
  step "jaeger (module $JAEGER_MODULE_VERSION): building cmd/jaeger (cold: several minutes)"
  mkdir -p "$dir"
  partial+=("$dir/jaeger.tmp")
  (cd "$tmp/jaeger" && CGO_ENABLED=0 run_logged "$tmp/jaeger-build.log" \
    go build -mod=mod -trimpath -ldflags="-s -w" -o "$dir/jaeger.tmp" ./cmd/jaeger)
  mv "$dir/jaeger.tmp" "$dir/jaeger"
  step "jaeger: built $dir/jaeger"
}

# victorialogs and alertmanager have no replace directives, so `go install module@version`
# builds them straight from the module proxy.
go_install() {
  local pkg="$1" dir="$2" log="$3" ldflags="$4"
  partial+=("$dir")
  mkdir -p "$dir"
  CGO_ENABLED=0 GOBIN="$dir" run_logged "$log" \
    go install -trimpath -ldflags="-s -w $ldflags" "$pkg"
}

install_victorialogs() {
  local dir="$cache/victorialogs-$VICTORIALOGS_VERSION"
  if [[ -x "$dir/victoria-logs" ]]; then step "victorialogs $VICTORIALOGS_VERSION (Apache-2.0): cached at $dir"; return; fi
  require_go
  step "victorialogs $VICTORIALOGS_VERSION (Apache-2.0): building app/victoria-logs (cold: 1-2 minutes)"
  go_install "github.com/VictoriaMetrics/VictoriaLogs/app/victoria-logs@v$VICTORIALOGS_VERSION" "$dir.tmp" \
    "$tmp/victorialogs-build.log" \
    "-X github.com/VictoriaMetrics/VictoriaMetrics/lib/buildinfo.Version=victoria-logs-v$VICTORIALOGS_VERSION"
  rm -rf "$dir" && mv "$dir.tmp" "$dir"
  step "victorialogs: built $dir/victoria-logs"
}

# built rather than Debian's package: Debian strips alertmanager's web UI, the module
# still embeds the compiled one (asset/assets_vfsdata.go).
install_alertmanager() {
  local dir="$cache/alertmanager-$ALERTMANAGER_VERSION"
  if [[ -x "$dir/alertmanager" && -x "$dir/amtool" ]]; then
    step "alertmanager $ALERTMANAGER_VERSION (Apache-2.0): cached at $dir"
    return
  fi
  require_go
  step "alertmanager $ALERTMANAGER_VERSION (Apache-2.0): building cmd/alertmanager and cmd/amtool (cold: 2-5 minutes)"
  local v="github.com/prometheus/common/version"
  local ldflags="-X $v.Version=$ALERTMANAGER_VERSION -X $v.Branch=v$ALERTMANAGER_VERSION"
  go_install "github.com/prometheus/alertmanager/cmd/alertmanager@v$ALERTMANAGER_VERSION" "$dir.tmp" \
    "$tmp/alertmanager-build.log" "$ldflags"
  go_install "github.com/prometheus/alertmanager/cmd/amtool@v$ALERTMANAGER_VERSION" "$dir.tmp" \
    "$tmp/alertmanager-build.log" "$ldflags"
  rm -rf "$dir" && mv "$dir.tmp" "$dir"
  step "alertmanager: built $dir/alertmanager and $dir/amtool"
}

install_prometheus() {
  apt_install prometheus prometheus
  command -v promtool >/dev/null || die "promtool is missing although prometheus is installed (Debian's prometheus package ships both)"
  step "prometheus (Apache-2.0): installed ($(prometheus --version 2>&1 | head -1))"
}

# on every exit (success, a failed build, Ctrl-C) remove the build directory and any half-written
# output, so the cache holds only complete binaries; safe to run twice.
tmp=""
partial=()
cleanup() {
  local rc=$?
  trap - EXIT
  rm -rf "${partial[@]}" ${tmp:+"$tmp"}
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

main() {
  [[ "${1:-}" == "--help" || "${1:-}" == "-h" ]] && { usage; exit 0; }
  cache="$(stack_cache)"
  mkdir -p "$cache"
  tmp="$(mktemp -d "${TMPDIR:-/tmp}/agent-otel-install.XXXXXX")"
  local components=("$@")
  [[ ${#components[@]} -gt 0 ]] || components=(prometheus collector jaeger victorialogs alertmanager)
  for c in "${components[@]}"; do
    local t0=$SECONDS
    case "$c" in
      collector) install_collector ;;
      jaeger) install_jaeger ;;
      victorialogs) install_victorialogs ;;
      alertmanager) install_alertmanager ;;
      prometheus) install_prometheus ;;
      *) die "unknown component '$c' (expected: collector jaeger victorialogs alertmanager prometheus)" ;;
    esac
    step "$c: ready in $((SECONDS - t0))s"
  done
}

main "$@"
