#!/usr/bin/env bash
# Blue/green release of the processor and reporter: the alias `live` moves from the version it serves
# (blue) to the version the last terraform apply published (green), after smoke tests, and moves back
# if the smoke test fails or an alarm fires during the bake time.
#
#   1. wait until the new versions are active (SnapStart takes its snapshot when a version is published)
#   2. smoke test through the serving version: upload a sample file, wait for its receipt
#      (checks the infrastructure change itself: queue policy, key policy, notification)
#   3. invoke the new processor version directly with an s3:TestEvent message: it starts, restores
#      from its snapshot and answers with no failed message
#   4. shift `live` to the new versions
#   5. smoke test again, now processed by the new processor
#   6. bake: for BAKE_MINUTES, any alarm that enters ALARM (and was not in ALARM before) rolls back
#
# Needs: awscli v2, Java 17 (for ./eventpipe), credentials of the deploy role, and these variables:
#   PROCESSOR_FUNCTION REPORTER_FUNCTION ALIAS PROCESSOR_VERSION REPORTER_VERSION ALARM_NAMES (JSON list)
#   INPUT_BUCKET SMOKE_PREFIX EVENTPIPE_QUEUE_URL EVENTPIPE_DLQ_URL EVENTPIPE_PROCESSED_BUCKET
#   BAKE_MINUTES (default 10) SMOKE_FILE (default sample_data/clean-events.csv) RUN_ID (default: time)
set -euo pipefail

: "${PROCESSOR_FUNCTION:?}" "${REPORTER_FUNCTION:?}" "${ALIAS:?}" "${PROCESSOR_VERSION:?}" "${REPORTER_VERSION:?}"
: "${ALARM_NAMES:?}" "${INPUT_BUCKET:?}" "${SMOKE_PREFIX:?}"
: "${EVENTPIPE_QUEUE_URL:?}" "${EVENTPIPE_DLQ_URL:?}" "${EVENTPIPE_PROCESSED_BUCKET:?}"
BAKE_MINUTES="${BAKE_MINUTES:-10}"
SMOKE_FILE="${SMOKE_FILE:-sample_data/clean-events.csv}"
RUN_ID="${RUN_ID:-$(date -u +%Y%m%dT%H%M%SZ)}"
export EVENTPIPE_QUEUE_URL EVENTPIPE_DLQ_URL EVENTPIPE_PROCESSED_BUCKET

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*"; }

summary() {
  if [[ -n "${GITHUB_STEP_SUMMARY:-}" ]]; then
    printf '%s\n' "$*" >>"$GITHUB_STEP_SUMMARY"
  fi
}

live_version() {
  aws lambda get-alias --function-name "$1" --name "$ALIAS" --query FunctionVersion --output text
}

point_alias() { # function version
  aws lambda update-alias --function-name "$1" --name "$ALIAS" --function-version "$2" \
    --query '[Name,FunctionVersion]' --output text
}

smoke() { # label
  log "smoke test ($1): $SMOKE_FILE -> s3://$INPUT_BUCKET/${SMOKE_PREFIX}${RUN_ID}-$1/"
  ./eventpipe ingest "$SMOKE_FILE" --bucket "$INPUT_BUCKET" --prefix "${SMOKE_PREFIX}${RUN_ID}-$1/" \
    --wait --timeout 600
}

alarms_in_alarm() {
  local names
  mapfile -t names < <(jq -r '.[]' <<<"$ALARM_NAMES")
  aws cloudwatch describe-alarms --alarm-names "${names[@]}" --state-value ALARM \
    --query 'MetricAlarms[].AlarmName' --output text | tr '\t' '\n' | sed '/^$/d' | sort
}

PROCESSOR_BLUE="$(live_version "$PROCESSOR_FUNCTION")"
REPORTER_BLUE="$(live_version "$REPORTER_FUNCTION")"
log "processor: live=$PROCESSOR_BLUE new=$PROCESSOR_VERSION; reporter: live=$REPORTER_BLUE new=$REPORTER_VERSION"
summary "| function | blue (before) | green (new) |" "|---|---|---|" \
  "| $PROCESSOR_FUNCTION | $PROCESSOR_BLUE | $PROCESSOR_VERSION |" \
  "| $REPORTER_FUNCTION | $REPORTER_BLUE | $REPORTER_VERSION |"

shifted=false
rollback() {
  if [[ "$shifted" == true ]]; then
    log "ROLLBACK: $ALIAS back to processor $PROCESSOR_BLUE, reporter $REPORTER_BLUE"
    point_alias "$PROCESSOR_FUNCTION" "$PROCESSOR_BLUE"
    point_alias "$REPORTER_FUNCTION" "$REPORTER_BLUE"
    summary "" "**Rolled back** to processor $PROCESSOR_BLUE, reporter $REPORTER_BLUE: $1"
  fi
  exit 1
}

# 1. The new versions are ready (a SnapStart version is usable once its snapshot is taken).
aws lambda wait published-version-active --function-name "$PROCESSOR_FUNCTION" --qualifier "$PROCESSOR_VERSION"
aws lambda wait published-version-active --function-name "$REPORTER_FUNCTION" --qualifier "$REPORTER_VERSION"

# 2. The stack as deployed, through the version that serves now.
smoke blue || rollback "smoke test through the serving version failed"

if [[ "$PROCESSOR_BLUE" == "$PROCESSOR_VERSION" && "$REPORTER_BLUE" == "$REPORTER_VERSION" ]]; then
  log "no new version published: nothing to shift"
  summary "" "No new version: infrastructure change only."
  exit 0
fi

# 3. The new processor version answers a harmless message (S3's own test event) with no failure.
if [[ "$PROCESSOR_BLUE" != "$PROCESSOR_VERSION" ]]; then
  body='{"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2026-01-01T00:00:00.000Z","Bucket":"'"$INPUT_BUCKET"'"}'
  jq -n --arg body "$body" '{Records: [{messageId: "deploy-canary", receiptHandle: "none", body: $body,
    attributes: {ApproximateReceiveCount: "1"}, messageAttributes: {}, eventSource: "aws:sqs"}]}' >canary-event.json
  aws lambda invoke --function-name "$PROCESSOR_FUNCTION" --qualifier "$PROCESSOR_VERSION" \
    --cli-binary-format raw-in-base64-out --payload file://canary-event.json canary-answer.json \
    --query FunctionError --output text >canary-error.txt
  if [[ "$(cat canary-error.txt)" != "None" ]] || [[ "$(jq '.batchItemFailures | length' canary-answer.json)" != "0" ]]; then
    log "canary invocation of processor $PROCESSOR_VERSION failed: $(cat canary-answer.json)"
    exit 1
  fi
fi

baseline="$(alarms_in_alarm)"
if [[ -n "$baseline" ]]; then
  log "already in ALARM before the shift (not counted against this release): $baseline"
fi

# 4. Shift.
shifted=true
point_alias "$PROCESSOR_FUNCTION" "$PROCESSOR_VERSION"
point_alias "$REPORTER_FUNCTION" "$REPORTER_VERSION"

# 5. The new processor, through the real path.
smoke green || rollback "smoke test through the new version failed"

# 6. Bake.
deadline=$(($(date +%s) + BAKE_MINUTES * 60))
while (($(date +%s) < deadline)); do
  fired="$(comm -13 <(printf '%s\n' "$baseline" | sed '/^$/d') <(alarms_in_alarm))"
  if [[ -n "$fired" ]]; then
    rollback "alarm(s) fired during the bake: $fired"
  fi
  sleep 30
done

log "released: processor $PROCESSOR_VERSION, reporter $REPORTER_VERSION"
summary "" "**Released** after a ${BAKE_MINUTES}-minute bake."
