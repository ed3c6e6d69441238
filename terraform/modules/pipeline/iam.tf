# One role per function, each allowed exactly what its code does, on exact ARNs and key prefixes.
# No AWS-managed policies (AWSLambdaBasicExecutionRole grants logs:CreateLogGroup on "*"; the log
# groups are created here instead).

data "aws_iam_policy_document" "lambda_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

# ---------------------------------------------------------------------------------------------------
# Processor
# ---------------------------------------------------------------------------------------------------

resource "aws_iam_role" "processor" {
  name               = "${var.name}-processor"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "processor" {
  name   = "processor"
  role   = aws_iam_role.processor.id
  policy = data.aws_iam_policy_document.processor.json
}

data "aws_iam_policy_document" "processor" {
  statement {
    sid = "ConsumeFilesQueue"
    actions = [
      "sqs:ReceiveMessage",
      "sqs:DeleteMessage",
      "sqs:ChangeMessageVisibility",
      "sqs:GetQueueAttributes",
    ]
    resources = [aws_sqs_queue.files.arn]
  }

  statement {
    sid       = "ReadUploads"
    actions   = ["s3:GetObject", "s3:GetObjectVersion"]
    resources = ["${aws_s3_bucket.this["input"].arn}/*"]
  }

  # ListBucket makes S3 answer 404 rather than 403 for a missing key: the processor tells "object
  # deleted before processing" (acknowledged) and "no receipt yet" from a real failure by that 404
  # (https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html). It lists nothing.
  statement {
    sid       = "MissingKeysAre404"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.this["input"].arn, aws_s3_bucket.this["processed"].arn]
  }

  statement {
    sid     = "WriteOutputs"
    actions = ["s3:PutObject", "s3:GetObject", "s3:AbortMultipartUpload"]
    resources = [
      "${aws_s3_bucket.this["processed"].arn}/events/*",
      "${aws_s3_bucket.this["processed"].arn}/rejects/*",
      "${aws_s3_bucket.this["processed"].arn}/manifests/*",
      "${aws_s3_bucket.this["processed"].arn}/receipts/*",
      "${aws_s3_bucket.this["processed"].arn}/processed-on/*",
    ]
  }

  # EVENTPIPE_SCHEMA=s3://<processed bucket>/schemas/<file> (docs/deploy.md).
  statement {
    sid       = "ReadSchemas"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.this["processed"].arn}/schemas/*"]
  }

  # Objects and messages are encrypted with the pipeline key; multipart uploads need Decrypt as well.
  statement {
    sid       = "UsePipelineKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [aws_kms_key.pipeline.arn]
  }

  statement {
    sid       = "WriteOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.processor.arn}:*"]
  }

  dynamic "statement" {
    for_each = var.xray_tracing ? [1] : []
    content {
      # X-Ray's write actions support no resource-level permissions: AWS requires "*" here
      # (https://docs.aws.amazon.com/xray/latest/devguide/security_iam_service-with-iam.html).
      sid       = "XRayWrite"
      actions   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
      resources = ["*"]
    }
  }
}

# ---------------------------------------------------------------------------------------------------
# Reporter
# ---------------------------------------------------------------------------------------------------

resource "aws_iam_role" "reporter" {
  name               = "${var.name}-reporter"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "reporter" {
  name   = "reporter"
  role   = aws_iam_role.reporter.id
  policy = data.aws_iam_policy_document.reporter.json
}

data "aws_iam_policy_document" "reporter" {
  # Lists one day's prefixes (manifests/dt=D/, processed-on/dt=D/); 404 rather than 403 for a missing
  # receipt, as for the processor.
  statement {
    sid       = "ListProcessedAndReports"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.this["processed"].arn, aws_s3_bucket.this["reports"].arn]
  }

  statement {
    sid     = "ReadManifestsAndReceipts"
    actions = ["s3:GetObject"]
    resources = [
      "${aws_s3_bucket.this["processed"].arn}/manifests/*",
      "${aws_s3_bucket.this["processed"].arn}/receipts/*",
      "${aws_s3_bucket.this["processed"].arn}/processed-on/*",
      "${aws_s3_bucket.this["processed"].arn}/rollups/*",
    ]
  }

  # The hourly roll-up writes rollups/<prefix>at=<hour>.json and deletes the ones that no longer stand;
  # it writes nothing else in the processed bucket.
  statement {
    sid       = "WriteRollups"
    actions   = ["s3:PutObject", "s3:DeleteObject"]
    resources = ["${aws_s3_bucket.this["processed"].arn}/rollups/*"]
  }

  # Writes daily/YYYY/MM/DD/*; reads earlier days for the comparisons; the presigned link to the HTML
  # report is signed with this role, so it needs GetObject there too.
  statement {
    sid       = "WriteAndLinkReports"
    actions   = ["s3:PutObject", "s3:GetObject"]
    resources = ["${aws_s3_bucket.this["reports"].arn}/daily/*"]
  }

  statement {
    sid       = "PublishReport"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.reports.arn]
  }

  statement {
    sid       = "QueueDepths"
    actions   = ["sqs:GetQueueAttributes"]
    resources = [aws_sqs_queue.files.arn, aws_sqs_queue.files_dlq.arn]
  }

  # The report accounts for the day's uploads (docs/report.md, operations.uploads): one listing of the input
  # bucket's versions, as eventpipe audit does; it reads no input object.
  statement {
    sid       = "ListUploads"
    actions   = ["s3:ListBucket", "s3:ListBucketVersions", "s3:GetBucketVersioning"]
    resources = [aws_s3_bucket.this["input"].arn]
  }

  # Reads encrypted manifests, writes encrypted reports, publishes to the encrypted topic.
  statement {
    sid       = "UsePipelineKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [aws_kms_key.pipeline.arn]
  }

  statement {
    sid       = "WriteOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.reporter.arn}:*"]
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
