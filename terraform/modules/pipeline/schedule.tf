# EventBridge Scheduler (not an EventBridge rule): it takes a time zone, so "08:00 in Europe/Paris"
# stays 08:00 across daylight saving time, and it has a retry policy and a DLQ of its own.

resource "aws_scheduler_schedule" "report" {
  name                         = "${var.name}-daily-report"
  description                  = "Runs the eventpipe reporter for the previous day."
  schedule_expression          = var.report_schedule
  schedule_expression_timezone = var.report_time_zone

  flexible_time_window {
    mode = "OFF"
  }

  target {
    # The alias: the schedule always invokes the version the deploy made live.
    arn      = aws_lambda_alias.reporter_live.arn
    role_arn = aws_iam_role.scheduler.arn
    # No "date": the reporter reports yesterday in EVENTPIPE_REPORT_ZONE.
    input = jsonencode({})

    retry_policy {
      # Retries stop well before the next day starts, so a late retry cannot report the wrong day.
      maximum_event_age_in_seconds = 3600
      maximum_retry_attempts       = 5
    }

    dead_letter_config {
      arn = aws_sqs_queue.schedule_dlq.arn
    }
  }
}

data "aws_iam_policy_document" "scheduler_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["scheduler.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_iam_role" "scheduler" {
  name               = "${var.name}-scheduler"
  assume_role_policy = data.aws_iam_policy_document.scheduler_assume.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "scheduler" {
  name   = "invoke-reporter"
  role   = aws_iam_role.scheduler.id
  policy = data.aws_iam_policy_document.scheduler.json
}

data "aws_iam_policy_document" "scheduler" {
  statement {
    sid       = "InvokeReporterAlias"
    actions   = ["lambda:InvokeFunction"]
    resources = [aws_lambda_alias.reporter_live.arn]
  }

  # The scheduler delivers undeliverable triggers to its DLQ with this role.
  statement {
    sid       = "ScheduleDeadLetters"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.schedule_dlq.arn]
  }
}
