#!/usr/bin/env bash
# Installs the oldest Node the SDK supports (the floor of `engines.node` in package.json) into the
# cache, so the e2e suite can run the SDK on it as well as on the pinned Node. It comes from the
# `node` package on npm, like the pinned one.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/stack/lib.sh"
if [[ "${1:-}" == "--help" ]]; then
  echo "Usage: scripts/install-oldest-node.sh   installs the Node of package.json's engines floor into \$AGENT_OTEL_CACHE/node-<version>"
  echo "and prints the path of its node binary (progress goes to stderr)"
  exit 0
fi
# ">=22.15.0" -> 22.15.0
version="$(sed -n 's/^ *"node": *">=\([0-9.]*\)".*/\1/p' "$root/package.json" | head -1)"
[[ -n "$version" ]] || die "package.json has no engines.node of the form \">=x.y.z\""
dir="$(stack_cache)/node-$version"
if [[ ! -x "$dir/node_modules/.bin/node" ]]; then
  step "oldest supported node: installing $version into $dir"
  mkdir -p "$dir"
  # stdout carries the path alone
  npm install --prefix "$dir" --no-save --no-audit --no-fund --loglevel=error "node@$version" >&2
fi
[[ "$("$dir/node_modules/.bin/node" --version)" == "v$version" ]] || die "$dir/node_modules/.bin/node is not v$version"
step "oldest supported node: $dir/node_modules/.bin/node (v$version)"
echo "$dir/node_modules/.bin/node"
