#!/usr/bin/env bash
# Installs Debian's wrk, the load generator of the heartbeat intake benchmark: one process on one
# core pushes several times what one core of the receiver can take, so requests per second measure
# the receiver rather than the load generator.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/stack/lib.sh"
[[ "${1:-}" == "--help" ]] && { echo "Usage: scripts/install-wrk.sh   installs wrk from Debian if missing"; exit 0; }
apt_install wrk wrk
step "wrk: installed ($(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2))"
