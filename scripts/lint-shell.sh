#!/usr/bin/env bash
# Runs shellcheck over every shell script (scripts/**/*.sh and .ci/run), following the files
# they source; `npm run lint` runs it after biome.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/stack/lib.sh
command -v shellcheck >/dev/null || die "shellcheck is not installed (scripts/install-shellcheck.sh installs Debian's package)"
shopt -s globstar nullglob
files=(scripts/**/*.sh .ci/run)
# SCRIPTDIR: `source "$here/lib.sh"` resolves next to the script; paths such as
# `source scripts/stack/lib.sh` resolve from the repository root, where this runs.
shellcheck -x --source-path=SCRIPTDIR "${files[@]}"
step "shellcheck: ${#files[@]} scripts clean"
