#!/usr/bin/env bash
# Installs Debian's shellcheck, which the lint phase runs over the shell scripts.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/stack/lib.sh"
[[ "${1:-}" == "--help" ]] && { echo "Usage: scripts/install-shellcheck.sh   installs shellcheck from Debian if missing"; exit 0; }
apt_install shellcheck shellcheck
step "shellcheck: installed ($(shellcheck --version | sed -n 's/^version: //p'))"
