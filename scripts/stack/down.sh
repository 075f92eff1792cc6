#!/usr/bin/env bash
# Stops every stack component that up.sh started (its whole process group), politely first,
# then by force, and checks that nothing is left.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
source "$here/lib.sh"

if [[ "${1:-}" == "--help" || "${1:-}" == "-h" ]]; then
  echo "Usage: scripts/stack/down.sh   stops the stack started from \$AGENT_OTEL_RUN_DIR (default .run/stack)"
  exit 0
fi

run_dir="$(stack_run_dir "$root")"
shopt -s nullglob
pidfiles=("$run_dir"/pids/*.pid)
[[ ${#pidfiles[@]} -gt 0 ]] || { step "no stack running from $run_dir"; exit 0; }
for f in "${pidfiles[@]}"; do
  kill -TERM -- "-$(cat "$f")" 2>/dev/null || true
done
deadline=$((SECONDS + 15))
left=1
while ((left)); do
  left=0
  for f in "${pidfiles[@]}"; do
    if kill -0 -- "-$(cat "$f")" 2>/dev/null; then left=1; fi
  done
  ((left)) || break
  if ((SECONDS >= deadline)); then
    for f in "${pidfiles[@]}"; do kill -KILL -- "-$(cat "$f")" 2>/dev/null || true; done
    sleep 0.5
    break
  fi
  sleep 0.2
done
for f in "${pidfiles[@]}"; do
  name="$(basename "$f" .pid)"
  if kill -0 -- "-$(cat "$f")" 2>/dev/null; then die "$name (pid $(cat "$f")) is still running"; fi
  rm -f "$f"
done
step "stack stopped ($run_dir)"
