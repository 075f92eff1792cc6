#!/usr/bin/env bash
# Installs Debian's Chromium for the fleet console's browser tests (playwright-core drives it;
# browser downloads by test tools are not used).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/stack/lib.sh"
[[ "${1:-}" == "--help" ]] && { echo "Usage: scripts/install-chromium.sh   installs /usr/bin/chromium from Debian if missing"; exit 0; }
# the browser tests launch /usr/bin/chromium itself, not whichever chromium is first on PATH
apt_install chromium /usr/bin/chromium
step "chromium: installed ($(/usr/bin/chromium --version 2>/dev/null | head -1))"
