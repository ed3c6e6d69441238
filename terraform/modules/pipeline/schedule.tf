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

# The hourly roll-up of the per-file receipts and manifests (docs/report.md, "Roll-ups"): the same function
# and alias as the report, with {"rollup": true}. At :30, away from the report's run, because the reporter's
# reserved concurrency may be 1; a roll-up that is throttled or fails is retried, and a missed one only
# means the next report reads more documents one by one (the figures are the same).
resource "aws_scheduler_schedule" "rollup" {
  name                         = "${var.name}-hourly-rollup"
  description                  = "Rolls up the eventpipe receipts and manifests of today and yesterday for the reporter."
  schedule_expression          = var.rollup_schedule
  schedule_expression_timezone = "UTC"

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = aws_lambda_alias.reporter_live.arn
    role_arn = aws_iam_role.scheduler.arn
    input    = jsonencode({ rollup = true })

    retry_policy {
      # Within the hour: the next run would do the same work.
      maximum_event_age_in_seconds = 1800
      maximum_retry_attempts       = 3
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
