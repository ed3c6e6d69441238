data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
# `name` is deprecated in provider 6 in favour of `region`, but is the one attribute both 5.x and 6.x have.
data "aws_region" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name

  # query-results: Athena's result files (athena.tf), nothing else; same shape as the other three.
  bucket_roles = toset(["input", "processed", "reports", "query-results"])
  bucket_names = {
    for role in local.bucket_roles :
    role => lookup(var.bucket_names, role, "${var.name}-${role}-${local.account_id}-${local.region}")
  }

  processor_function_name = "${var.name}-processor"
  reporter_function_name  = "${var.name}-reporter"
  alias_name              = "live"
  files_queue_name        = "${var.name}-files"
  files_dlq_name          = "${var.name}-files-dlq"
  schedule_dlq_name       = "${var.name}-schedule-dlq"
  processor_log_group     = "/aws/lambda/${local.processor_function_name}"
  reporter_log_group      = "/aws/lambda/${local.reporter_function_name}"

  # The Service dimension of the EMF metrics: Powertools publishes every metric with exactly one
  # dimension set, [Service], whose value is POWERTOOLS_SERVICE_NAME. These are the defaults in
  # dev.eventpipe.shared.metrics.Metric.Emitter; the dashboards and alarms are rendered with the same
  # locals, so a widget always names the value the function emits.
  processor_service = "eventpipe-processor"
  reporter_service  = "eventpipe-reporter"

  # A message must stay invisible while a batch that holds it can still be running, or SQS hands it to a
  # second invocation. AWS: at least six times the function timeout, plus the batching window
  # (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html#events-sqs-queueconfig).
  files_queue_visibility_timeout = 6 * var.processor_timeout_seconds + var.processor_batching_window_seconds

  # The query-results bucket ages out by its own variable (a result file is a cache of a query, not data).
  lifecycle_rules = merge(var.lifecycle_rules, {
    "query-results" = { expiration_days = var.athena_results_expiration_days, noncurrent_expiration_days = 1 }
  })

  log_group_arn_prefix = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:/aws/lambda/${var.name}-"
}
