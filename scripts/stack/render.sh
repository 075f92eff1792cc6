#!/usr/bin/env bash
# Renders a config: copies SRC to DST with each placeholder replaced by the value given for it.
#   __NAME__ anywhere in a line        is replaced by NAME's value (templates such as
#                                      collector-builder.yaml);
#   `value # __NAME__` at a line's end has `value` replaced by NAME's value and the comment
#                                      dropped, so a shipped config keeps a working value as it is.
# Fails, naming the file, the line and the placeholder, when SRC has a placeholder with no value,
# when a value names a placeholder SRC does not have (renamed or removed), or when a placeholder
# is left in DST. Usage: scripts/stack/render.sh SRC DST NAME=VALUE...
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() { sed -n '2,9s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }
[[ "${1:-}" != --help && "${1:-}" != -h ]] || { usage; exit 0; }
[[ $# -ge 2 ]] || { usage >&2; exit 2; }
src="$1" dst="$2"
shift 2
declare -A values=() used=()
for kv in "$@"; do
  [[ "$kv" =~ ^[A-Z][A-Z0-9_]*= ]] || die "render: '$kv' is not NAME=VALUE"
  values["${kv%%=*}"]="${kv#*=}"
done
given="${!values[*]}"
given="${given:-none}"
[[ -r "$src" ]] || die "render: cannot read $src"

token='__([A-Z0-9]+(_[A-Z0-9]+)*)__'
marker="^(.*[[:space:]])?[^[:space:]#]+[[:space:]]+#[[:space:]]*${token}[[:space:]]*\$"
out=""
n=0
while IFS= read -r line || [[ -n "$line" ]]; do
  n=$((n + 1))
  if [[ "$line" =~ $marker ]]; then
    name="${BASH_REMATCH[2]}"
    [[ -v "values[$name]" ]] || die "$src:$n: placeholder __${name}__ has no value (given: $given)"
    line="${BASH_REMATCH[1]}${values[$name]}"
    used[$name]=1
  fi
  rest="$line"
  while [[ "$rest" =~ $token ]]; do
    name="${BASH_REMATCH[1]}"
    [[ -v "values[$name]" ]] || die "$src:$n: placeholder __${name}__ has no value (given: $given)"
    # the quoted replacement keeps a value's '&' literal (bash 5.2 patsub_replacement)
    line="${line//"__${name}__"/"${values[$name]}"}"
    rest="${rest//"__${name}__"/}"
    used[$name]=1
  done
  if [[ "$line" =~ $token ]]; then
    die "$src:$n: placeholder ${BASH_REMATCH[0]} left over after rendering (a value holds a placeholder)"
  fi
  out+="$line"$'\n'
done <"$src"
for name in "${!values[@]}"; do
  [[ -v "used[$name]" ]] || die "$src: no placeholder __${name}__ to render (renamed or removed?)"
done
mkdir -p "$(dirname "$dst")"
printf '%s' "$out" >"$dst"
