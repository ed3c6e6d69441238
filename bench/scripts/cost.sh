#!/usr/bin/env bash
# The three loads of docs/cost.md through CostBench, each in a fresh JVM, against a running `eventpipe up`
# (its S3 and SQS in that process, so the worker's CPU here is the processor's alone).
#   eventpipe up --data-dir /tmp/cost-up &     # then export the lines it prints
#   bench/scripts/cost.sh /tmp/cost-data       # generates the loads there on first use (about 350 MB)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
data="${1:?usage: cost.sh DATA_DIR}"
gen="$here/../shared/bench/gen_events.py"
[ -d "$data/10k-x-100" ] || python3 "$gen" --rows 1000000 --split 100 --split-dir "$data/10k-x-100" --seed 7
[ -d "$data/100-x-10k" ] || python3 "$gen" --rows 1000000 --split 10000 --split-dir "$data/100-x-10k" --seed 8
[ -f "$data/1-x-1m/events-1m.csv" ] || { mkdir -p "$data/1-x-1m"; python3 "$gen" --rows 1000000 --seed 9 --csv-out "$data/1-x-1m/events-1m.csv"; }
# A copy of the harness, so a rebuild while the loads run does not change the jars under the JVM.
mkdir -p "$data/harness"
cp "$here/bench/target/eventpipe-bench.jar" "$data/harness/" && rm -rf "$data/harness/lib" && cp -r "$here/bench/target/lib" "$data/harness/"
cp="$data/harness/eventpipe-bench.jar:$data/harness/lib/*"
for load in 10k-x-100 100-x-10k 1-x-1m; do
  # The JVM options Lambda's Java runtime starts a 512 MB function with: the serial collector, C1 only,
  # a heap of 85% of the memory (docs/cost.md). JVM_OPTS replaces them, e.g. to try another memory size.
  # shellcheck disable=SC2086
  AWS_LAMBDA_FUNCTION_NAME=eventpipe-processor POWERTOOLS_METRICS_NAMESPACE=eventpipe \
    java ${JVM_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx435m} -cp "$cp" dev.eventpipe.bench.CostBench \
    --label "$load" "$data/$load" 2>"$data/$load.log"
done
