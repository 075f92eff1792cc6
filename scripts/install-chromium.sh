#!/usr/bin/env bash
# Installs Debian's Chromium for the fleet console's browser tests (playwright-core drives it;
# browser downloads by test tools are not used).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/stack/lib.sh"
[[ "${1:-}" == "--help" ]] && { echo "Usage: scripts/install-chromium.sh   installs /usr/bin/chromium from Debian if missing"; exit 0; }
if [[ -x /usr/bin/chromium ]]; then step "chromium: installed ($(/usr/bin/chromium --version 2>/dev/null | head -1))"; exit 0; fi
command -v apt-get >/dev/null || die "the browser test needs /usr/bin/chromium (Debian package chromium); apt-get is not available"
sudo=""
[[ "$(id -u)" == 0 ]] || sudo="sudo"
log="$(mktemp)"
step "chromium: installing the Debian package"
run_logged "$log" $sudo apt-get update
DEBIAN_FRONTEND=noninteractive run_logged "$log" $sudo apt-get install -y --no-install-recommends chromium
step "chromium: installed"
