#!/usr/bin/env bash
# The processor's cold start, N times: each run uploads the same 200-row CSV under a new key (so every
# run processes a file, none is skipped as a duplicate) and starts a fresh JVM whose class path is
# exactly the Lambda zip's, which builds the handler and answers one batch. Needs a running
# `eventpipe up` (S3 at $S3, default http://127.0.0.1:9090) and awscli.
#   bench/scripts/coldstart.sh [-n RUNS] [-- JVM_OPTIONS...]
# Prints one line per run (JVM start -> first batch answered, from ColdStart) and the median.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs=5
if [ "${1:-}" = "-n" ]; then runs="$2"; shift 2; fi
[ "${1:-}" = "--" ] && shift
S3="${S3:-http://127.0.0.1:9090}"
work="${COLDSTART_DIR:-/tmp/eventpipe-coldstart}"
mkdir -p "$work"
zip="$here/processor/target/eventpipe-processor-lambda.zip"
if [ ! -d "$work/lz" ] || [ "$zip" -nt "$work/lz" ]; then
  rm -rf "$work/lz" && mkdir -p "$work/lz" && (cd "$work/lz" && unzip -q "$zip")
fi
[ -f "$work/cold-200.csv" ] || python3 "$here/../shared/bench/gen_events.py" --rows 200 --seed 3 --csv-out "$work/cold-200.csv" >/dev/null
export AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
aws --endpoint-url "$S3" s3 mb s3://cold-input >/dev/null 2>&1 || true
results=()
cpus=()
for i in $(seq 1 "$runs"); do
  key="cold/$(date +%s%N)-$i.csv"
  aws --endpoint-url "$S3" s3 cp --quiet "$work/cold-200.csv" "s3://cold-input/$key"
  cat > "$work/body.json" <<JSON
{"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1","eventTime":"2026-12-03T08:00:00.000Z","eventName":"ObjectCreated:Put","s3":{"s3SchemaVersion":"1.0","bucket":{"name":"cold-input","arn":"arn:aws:s3:::cold-input"},"object":{"key":"$key","size":$(stat -c %s "$work/cold-200.csv"),"sequencer":"00$i"}}}]}
JSON
  line=$(AWS_ENDPOINT_URL="$S3" EVENTPIPE_PROCESSED_BUCKET=eventpipe-processed POWERTOOLS_METRICS_NAMESPACE=eventpipe \
      java "$@" -cp "$here/bench/target/eventpipe-bench.jar:$(ls "$here"/bench/target/lib/aws-lambda-java-core-*.jar)" dev.eventpipe.bench.ColdStart "$work/lz" "$work/body.json" \
      2>"$work/stderr.log" | grep 'first batch answered')
  echo "$line"
  results+=("$(sed -E 's/.*answered: ([0-9]+) ms.*/\1/' <<<"$line")")
  cpus+=("$(sed -E 's/.*process CPU ([0-9]+) ms.*/\1/' <<<"$line")")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {printf "%s ms (min %s, max %s)", a[int((NR+1)/2)], a[1], a[NR]}'; }
echo "median of $runs runs: wall $(median "${results[@]}"), process CPU $(median "${cpus[@]}")"
