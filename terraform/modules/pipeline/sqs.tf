# The files queue (S3 notifications → processor) and its DLQ. Both are encrypted with the pipeline CMK,
# whose key policy lets S3 use it (kms.tf); the AWS-managed aws/sqs key would silently swallow every
# notification.

resource "aws_sqs_queue" "files" {
  name                              = local.files_queue_name
  kms_master_key_id                 = aws_kms_key.pipeline.arn
  kms_data_key_reuse_period_seconds = 300
  visibility_timeout_seconds        = local.files_queue_visibility_timeout
  message_retention_seconds         = var.queue_retention_seconds
  receive_wait_time_seconds         = 20

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.files_dlq.arn
    maxReceiveCount     = var.max_receive_count
  })

  tags = var.tags
}

resource "aws_sqs_queue" "files_dlq" {
  name                              = local.files_dlq_name
  kms_master_key_id                 = aws_kms_key.pipeline.arn
  kms_data_key_reuse_period_seconds = 300
  # The longest SQS allows: the DLQ is where operators look, so it keeps what it holds as long as it can.
  message_retention_seconds = 1209600
  tags                      = var.tags
}

# Only the files queue may use the DLQ, and only then can `eventpipe dlq redrive` move messages back
# with StartMessageMoveTask, which needs the DLQ's redrive-allow policy to name the source queue
# (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-configure-dead-letter-queue-redrive.html).
resource "aws_sqs_queue_redrive_allow_policy" "files_dlq" {
  queue_url = aws_sqs_queue.files_dlq.id
  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.files.arn]
  })
}

resource "aws_sqs_queue_policy" "files" {
  queue_url = aws_sqs_queue.files.id
  policy    = data.aws_iam_policy_document.files_queue.json
}

data "aws_iam_policy_document" "files_queue" {
  # Only the input bucket of this account may send: aws:SourceArn alone would admit a bucket of the same
  # name re-created in another account, so aws:SourceAccount is checked too.
  statement {
    sid       = "InputBucketNotifications"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.files.arn]
    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }
    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_s3_bucket.this["input"].arn]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["sqs:*"]
    resources = [aws_sqs_queue.files.arn]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

# Where EventBridge Scheduler puts a report trigger it could not deliver after its retries. SSE-SQS:
# the scheduler writes with its execution role, which then needs no KMS permission.
resource "aws_sqs_queue" "schedule_dlq" {
  name                      = local.schedule_dlq_name
  sqs_managed_sse_enabled   = true
  message_retention_seconds = 1209600
  tags                      = var.tags
}
