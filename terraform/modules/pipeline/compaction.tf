# The compactor (compactor/README.md): once a day, after the UTC day has closed, it rewrites each closed
# day's events/dt=D/ into a few Parquet files under curated/events/dt=D/ and recompacts any day of the
# lookback window whose inputs changed since (late or replayed files).

locals {
  compactor_function_name = "${var.name}-compactor"
  compactor_log_group     = "/aws/lambda/${local.compactor_function_name}"
}

resource "aws_cloudwatch_log_group" "compactor" {
  name              = local.compactor_log_group
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.pipeline.arn
  tags              = var.tags
}

resource "aws_lambda_function" "compactor" {
  function_name = local.compactor_function_name
  description   = "eventpipe: closed days of events/ to Parquet under curated/events/"
  role          = aws_iam_role.compactor.arn
  handler       = "dev.eventpipe.compactor.CompactorHandler"
  runtime       = "java21"
  architectures = ["arm64"]
  # One row group (32 MiB) buffered, a multipart part (5 MiB) in flight, the JSON reader's buffers.
  memory_size                    = var.compactor_memory_mb
  timeout                        = var.compactor_timeout_seconds
  filename                       = var.compactor_package
  source_code_hash               = filebase64sha256(var.compactor_package)
  reserved_concurrent_executions = 1
  publish                        = true

  snap_start {
    apply_on = "PublishedVersions"
  }

  environment {
    variables = {
      EVENTPIPE_PROCESSED_BUCKET      = aws_s3_bucket.this["processed"].id
      EVENTPIPE_COMPACT_LOOKBACK_DAYS = tostring(var.compaction_lookback_days)
      POWERTOOLS_SERVICE_NAME         = "eventpipe-compactor"
      POWERTOOLS_LOG_LEVEL            = var.log_level
    }
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.compactor.name
  }

  tracing_config {
    mode = var.xray_tracing ? "Active" : "PassThrough"
  }

  tags = var.tags

  depends_on = [aws_iam_role_policy.compactor]
}

# The schedule invokes the alias. Unlike the processor's and reporter's, the deploy workflow does not move it
# (no canary for a daily batch job): each apply points it at the version just published.
resource "aws_lambda_alias" "compactor_live" {
  name             = local.alias_name
  description      = "The version the compaction schedule invokes."
  function_name    = aws_lambda_function.compactor.function_name
  function_version = aws_lambda_function.compactor.version
}

resource "aws_iam_role" "compactor" {
  name               = "${var.name}-compactor"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "compactor" {
  name   = "compactor"
  role   = aws_iam_role.compactor.id
  policy = data.aws_iam_policy_document.compactor.json
}

data "aws_iam_policy_document" "compactor" {
  # Lists events/dt=D/ and curated/events/dt=D/ (and gets a 404, not a 403, for a missing manifest).
  statement {
    sid       = "ListProcessed"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.this["processed"].arn]
  }

  statement {
    sid       = "ReadEvents"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.this["processed"].arn}/events/*"]
  }

  # Writes the Parquet files (multipart) and manifests, deletes superseded files; nothing outside curated/.
  statement {
    sid       = "WriteCurated"
    actions   = ["s3:PutObject", "s3:GetObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]
    resources = ["${aws_s3_bucket.this["processed"].arn}/curated/*"]
  }

  statement {
    sid       = "UsePipelineKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [aws_kms_key.pipeline.arn]
  }

  statement {
    sid       = "WriteOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.compactor.arn}:*"]
  }

  dynamic "statement" {
    for_each = var.xray_tracing ? [1] : []
    content {
      # X-Ray's write actions support no resource-level permissions: AWS requires "*" here.
      sid       = "XRayWrite"
      actions   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
      resources = ["*"]
    }
  }
}

resource "aws_scheduler_schedule" "compaction" {
  name                         = "${var.name}-daily-compaction"
  description                  = "Compacts the closed days of eventpipe's events/ into Parquet."
  schedule_expression          = var.compaction_schedule
  schedule_expression_timezone = "UTC"

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = aws_lambda_alias.compactor_live.arn
    role_arn = aws_iam_role.compaction_scheduler.arn
    # No "date": the lookback window of closed UTC days.
    input = jsonencode({})

    retry_policy {
      maximum_event_age_in_seconds = 3600
      maximum_retry_attempts       = 3
    }

    dead_letter_config {
      arn = aws_sqs_queue.schedule_dlq.arn
    }
  }
}

resource "aws_iam_role" "compaction_scheduler" {
  name               = "${var.name}-compaction-scheduler"
  assume_role_policy = data.aws_iam_policy_document.scheduler_assume.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "compaction_scheduler" {
  name   = "invoke-compactor"
  role   = aws_iam_role.compaction_scheduler.id
  policy = data.aws_iam_policy_document.compaction_scheduler.json
}

data "aws_iam_policy_document" "compaction_scheduler" {
  statement {
    sid       = "InvokeCompactor"
    actions   = ["lambda:InvokeFunction"]
    resources = [aws_lambda_alias.compactor_live.arn]
  }

  statement {
    sid       = "ScheduleDeadLetters"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.schedule_dlq.arn]
  }
}

resource "aws_cloudwatch_metric_alarm" "compactor_errors" {
  alarm_name          = "${var.name}-compactor-errors"
  alarm_description   = "A compaction run failed: docs/operations.md#recompact-a-day"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = aws_lambda_function.compactor.function_name }
  statistic           = "Sum"
  period              = 3600
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
  tags                = var.tags
}
