# Two topics, both encrypted with the pipeline key: the daily report, and the alarms.
#
# E-mail subscriptions stay "PendingConfirmation" until the recipient clicks the link AWS sends. Terraform
# creates them but cannot confirm them, and AWS refuses to delete a pending subscription (it expires by
# itself after a few days), so removing an unconfirmed address from the list only drops it from the
# state. docs/deploy.md says how to confirm, re-send and clean up.

resource "aws_sns_topic" "reports" {
  name              = "${var.name}-reports"
  kms_master_key_id = aws_kms_key.pipeline.arn
  tags              = var.tags
}

resource "aws_sns_topic_subscription" "report_emails" {
  for_each = var.report_emails

  topic_arn = aws_sns_topic.reports.arn
  protocol  = "email"
  endpoint  = each.value
}

resource "aws_sns_topic" "alarms" {
  name              = "${var.name}-alarms"
  kms_master_key_id = aws_kms_key.pipeline.arn
  tags              = var.tags
}

resource "aws_sns_topic_policy" "alarms" {
  arn    = aws_sns_topic.alarms.arn
  policy = data.aws_iam_policy_document.alarms_topic.json
}

data "aws_iam_policy_document" "alarms_topic" {
  # Only this account's CloudWatch alarms publish here.
  statement {
    sid       = "CloudWatchAlarms"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.alarms.arn]
    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${local.partition}:cloudwatch:${local.region}:${local.account_id}:alarm:${var.name}-*"]
    }
  }
}

resource "aws_sns_topic_subscription" "alarm_emails" {
  for_each = var.alarm_emails

  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = each.value
}
