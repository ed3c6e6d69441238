# Both functions: Java 21 on arm64 (Graviton: cheaper per GB-second), a version published on every
# change, SnapStart on the published versions, and the alias `live` that every trigger calls.
#
# Blue/green: Terraform creates `live` on the first version and then leaves it alone
# (ignore_changes); the deploy workflow moves it to each new version after a smoke test and moves it
# back if an alarm fires during the bake time (.github/scripts/blue-green.sh, docs/deploy.md).

# ---------------------------------------------------------------------------------------------------
# Processor
# ---------------------------------------------------------------------------------------------------

resource "aws_cloudwatch_log_group" "processor" {
  name              = local.processor_log_group
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.pipeline.arn
  tags              = var.tags
}

resource "aws_lambda_function" "processor" {
  function_name    = local.processor_function_name
  description      = "eventpipe: files queue → validated JSON Lines, receipts and manifests"
  role             = aws_iam_role.processor.arn
  handler          = "dev.eventpipe.processor.ProcessorHandler"
  runtime          = "java21"
  architectures    = ["arm64"]
  memory_size      = var.processor_memory_mb
  timeout          = var.processor_timeout_seconds
  filename         = var.processor_package
  source_code_hash = filebase64sha256(var.processor_package)
  publish          = true

  snap_start {
    apply_on = "PublishedVersions"
  }

  environment {
    variables = merge(var.processor_settings, {
      EVENTPIPE_PROCESSED_BUCKET   = aws_s3_bucket.this["processed"].id
      EVENTPIPE_INPUT_BUCKETS      = aws_s3_bucket.this["input"].id
      POWERTOOLS_SERVICE_NAME      = local.processor_service
      POWERTOOLS_METRICS_NAMESPACE = var.metrics_namespace
      POWERTOOLS_LOG_LEVEL         = var.log_level
    })
  }

  # Powertools writes JSON log lines and EMF documents itself; the Text format passes them unchanged.
  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.processor.name
  }

  tracing_config {
    mode = var.xray_tracing ? "Active" : "PassThrough"
  }

  tags = var.tags

  # The role's permissions must exist before the first SnapStart snapshot initialises the function.
  depends_on = [aws_iam_role_policy.processor]
}

resource "aws_lambda_alias" "processor_live" {
  name             = local.alias_name
  description      = "The version that serves the files queue; moved by the deploy workflow."
  function_name    = aws_lambda_function.processor.function_name
  function_version = aws_lambda_function.processor.version

  lifecycle {
    ignore_changes = [function_version, routing_config]
  }
}

resource "aws_lambda_event_source_mapping" "processor" {
  event_source_arn = aws_sqs_queue.files.arn
  # The alias, never the bare function: the mapping follows `live` as it is moved between versions.
  function_name                      = aws_lambda_alias.processor_live.arn
  batch_size                         = var.processor_batch_size
  maximum_batching_window_in_seconds = var.processor_batching_window_seconds
  # The processor returns the ids of failed messages; without this Lambda ignores that answer and
  # retries the whole batch (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html).
  function_response_types = ["ReportBatchItemFailures"]

  scaling_config {
    maximum_concurrency = var.processor_maximum_concurrency
  }

  lifecycle {
    precondition {
      condition     = var.processor_batch_size <= 10 || var.processor_batching_window_seconds >= 1
      error_message = "An SQS event source mapping with a batch size over 10 needs a batching window of at least 1 second."
    }
  }
}

# ---------------------------------------------------------------------------------------------------
# Reporter
# ---------------------------------------------------------------------------------------------------

resource "aws_cloudwatch_log_group" "reporter" {
  name              = local.reporter_log_group
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.pipeline.arn
  tags              = var.tags
}

resource "aws_lambda_function" "reporter" {
  function_name                  = local.reporter_function_name
  description                    = "eventpipe: the daily report to S3 and SNS"
  role                           = aws_iam_role.reporter.arn
  handler                        = "dev.eventpipe.reporter.ReporterHandler"
  runtime                        = "java21"
  architectures                  = ["arm64"]
  memory_size                    = var.reporter_memory_mb
  timeout                        = var.reporter_timeout_seconds
  filename                       = var.reporter_package
  source_code_hash               = filebase64sha256(var.reporter_package)
  publish                        = true
  reserved_concurrent_executions = var.reporter_reserved_concurrency == null ? -1 : var.reporter_reserved_concurrency

  snap_start {
    apply_on = "PublishedVersions"
  }

  environment {
    variables = merge(var.reporter_settings, {
      EVENTPIPE_PROCESSED_BUCKET   = aws_s3_bucket.this["processed"].id
      EVENTPIPE_REPORTS_BUCKET     = aws_s3_bucket.this["reports"].id
      EVENTPIPE_REPORT_TOPIC_ARN   = aws_sns_topic.reports.arn
      EVENTPIPE_QUEUE_URL          = aws_sqs_queue.files.id
      EVENTPIPE_DLQ_URL            = aws_sqs_queue.files_dlq.id
      EVENTPIPE_INPUT_BUCKETS      = aws_s3_bucket.this["input"].id
      EVENTPIPE_REPORT_ZONE        = var.report_time_zone
      POWERTOOLS_SERVICE_NAME      = local.reporter_service
      POWERTOOLS_METRICS_NAMESPACE = var.metrics_namespace
      POWERTOOLS_LOG_LEVEL         = var.log_level
    })
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.reporter.name
  }

  tracing_config {
    mode = var.xray_tracing ? "Active" : "PassThrough"
  }

  tags = var.tags

  depends_on = [aws_iam_role_policy.reporter]
}

resource "aws_lambda_alias" "reporter_live" {
  name             = local.alias_name
  description      = "The version the schedule invokes; moved by the deploy workflow."
  function_name    = aws_lambda_function.reporter.function_name
  function_version = aws_lambda_function.reporter.version

  lifecycle {
    ignore_changes = [function_version, routing_config]
  }
}
