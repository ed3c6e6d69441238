#!/usr/bin/env bash
# Start-up of the command-line tool: runs each quick command N times through a launcher and prints the
# median wall time and CPU time (user + system) of the whole process. The machine is shared and noisy:
# compare within one run.
#   bench/scripts/clistart.sh [-n RUNS] [--launcher PATH] [-- COMMAND...]
# Without a command: --version, receipt s3://$RECEIPT_OBJECT and dlq status (the last two need the
# environment `eventpipe up` prints, and RECEIPT_OBJECT=bucket/key of a processed upload).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs=7
launcher="$here/eventpipe"
while [ $# -gt 0 ]; do
  case "$1" in
    -n) runs="$2"; shift 2 ;;
    --launcher) launcher="$2"; shift 2 ;;
    --) shift; break ;;
    *) break ;;
  esac
done
tmp="$(mktemp)"
trap 'rm -f "$tmp"' EXIT
measure() {
  local out walls=() cpus=()
  "$launcher" "$@" >/dev/null 2>&1 || true # the first run after a build prepares the archive: not counted
  for _ in $(seq 1 "$runs"); do
    /usr/bin/time -o "$tmp" -f '%e %U %S' "$launcher" "$@" >/dev/null 2>&1 || true
    out=$(tail -1 "$tmp")
    walls+=("$(awk '{print $1}' <<<"$out")")
    cpus+=("$(awk '{printf "%.2f", $2 + $3}' <<<"$out")")
  done
  printf '%-45s wall median %ss (min %ss)   cpu median %ss\n' "$*" \
    "$(printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')" \
    "$(printf '%s\n' "${walls[@]}" | sort -n | head -1)" \
    "$(printf '%s\n' "${cpus[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
}
if [ $# -gt 0 ]; then
  measure "$@"
else
  measure --version
  [ -n "${RECEIPT_OBJECT:-}" ] && measure receipt "s3://$RECEIPT_OBJECT"
  [ -n "${EVENTPIPE_DLQ_URL:-}" ] && measure dlq status
fi
