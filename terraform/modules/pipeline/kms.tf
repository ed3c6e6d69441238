# One customer-managed key encrypts the buckets, the files queue and its DLQ, both topics and the log
# groups. A CMK (not the AWS-managed aws/sqs key) because S3 must be allowed to use the key to publish
# notifications: with aws/sqs, S3 cannot encrypt, and the notifications are dropped silently
# (https://docs.aws.amazon.com/AmazonS3/latest/userguide/ways-to-add-notification-config-to-bucket.html).

resource "aws_kms_key" "pipeline" {
  description             = "${var.name}: buckets, queues, topics and logs"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_deletion_window_days
  policy                  = data.aws_iam_policy_document.key.json
  tags                    = var.tags
}

resource "aws_kms_alias" "pipeline" {
  name          = "alias/${var.name}"
  target_key_id = aws_kms_key.pipeline.key_id
}

data "aws_iam_policy_document" "key" {
  # In a key policy, resources = ["*"] means "this key": AWS requires exactly that value there
  # (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html).

  # The default key policy statement: the account (through IAM policies) administers and uses the key.
  # Without it the key becomes unmanageable; AWS documents it with kms:* for the account principal
  # (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam).
  statement {
    sid       = "AccountAdministersKeyThroughIam"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:${local.partition}:iam::${local.account_id}:root"]
    }
  }

  # S3 encrypts the notification it sends to the files queue.
  statement {
    sid       = "S3PublishesNotificationsToEncryptedQueue"
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = ["*"]
    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${local.partition}:s3:::${local.bucket_names.input}"]
    }
  }

  # CloudWatch alarms publish to the encrypted alarms topic.
  statement {
    sid       = "CloudWatchAlarmsPublishToEncryptedTopic"
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = ["*"]
    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }

  # CloudWatch Logs encrypts this stack's log groups
  # (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html).
  statement {
    sid = "CloudWatchLogsEncryptsThisStacksLogGroups"
    actions = [
      "kms:Encrypt",
      "kms:Decrypt",
      "kms:ReEncryptFrom",
      "kms:ReEncryptTo",
      "kms:GenerateDataKey",
      "kms:GenerateDataKeyWithoutPlaintext",
      "kms:DescribeKey",
    ]
    resources = ["*"]
    principals {
      type        = "Service"
      identifiers = ["logs.${local.region}.amazonaws.com"]
    }
    condition {
      test     = "ArnLike"
      variable = "kms:EncryptionContext:aws:logs:arn"
      values   = ["${local.log_group_arn_prefix}*"]
    }
  }
}
