# The four buckets share one shape: private, owner-enforced, SSE-KMS with the pipeline key and bucket
# keys, versioned, TLS only, with lifecycle rules. Their roles differ only in who reads and writes
# (iam.tf, athena.tf) and in their lifecycle (local.lifecycle_rules).

resource "aws_s3_bucket" "this" {
  for_each = local.bucket_roles

  bucket        = local.bucket_names[each.key]
  force_destroy = var.force_destroy
  tags          = merge(var.tags, { "eventpipe:role" = each.key })
}

resource "aws_s3_bucket_public_access_block" "this" {
  for_each = aws_s3_bucket.this

  bucket                  = each.value.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# ACLs disabled: the bucket owner owns every object, whoever uploaded it.
resource "aws_s3_bucket_ownership_controls" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.pipeline.arn
    }
    # One data key per bucket instead of a KMS call per object: cuts KMS requests (and cost) by
    # orders of magnitude for a pipeline that writes several objects per file.
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_versioning" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id

  rule {
    id     = "abort-incomplete-multipart-uploads"
    status = "Enabled"
    filter {}
    abort_incomplete_multipart_upload {
      days_after_initiation = coalesce(try(local.lifecycle_rules[each.key].abort_multipart_days, null), 7)
    }
  }

  rule {
    id     = "age-out"
    status = "Enabled"
    filter {}

    dynamic "transition" {
      for_each = try(local.lifecycle_rules[each.key].transition_days, null) == null ? [] : [local.lifecycle_rules[each.key]]
      content {
        days          = transition.value.transition_days
        storage_class = transition.value.transition_storage_class
      }
    }

    dynamic "expiration" {
      for_each = try(local.lifecycle_rules[each.key].expiration_days, null) == null ? [] : [local.lifecycle_rules[each.key]]
      content {
        days = expiration.value.expiration_days
      }
    }

    noncurrent_version_expiration {
      noncurrent_days = coalesce(try(local.lifecycle_rules[each.key].noncurrent_expiration_days, null), 30)
    }
  }

  # A lifecycle configuration on a bucket that is not yet versioned is rejected for noncurrent rules.
  depends_on = [aws_s3_bucket_versioning.this]
}

resource "aws_s3_bucket_logging" "this" {
  for_each = var.access_log_bucket == null ? {} : aws_s3_bucket.this

  bucket        = each.value.id
  target_bucket = var.access_log_bucket
  target_prefix = "${each.value.id}/"
}

resource "aws_s3_bucket_policy" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id
  policy = data.aws_iam_policy_document.bucket[each.key].json

  # The policy must not race the public access block (S3 answers 409 to concurrent bucket config calls).
  depends_on = [aws_s3_bucket_public_access_block.this]
}

data "aws_iam_policy_document" "bucket" {
  for_each = local.bucket_roles

  # TLS only: any request over plain HTTP is denied, whoever makes it.
  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      "arn:${local.partition}:s3:::${local.bucket_names[each.key]}",
      "arn:${local.partition}:s3:::${local.bucket_names[each.key]}/*",
    ]
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

# ---------------------------------------------------------------------------------------------------
# Input bucket → files queue
# ---------------------------------------------------------------------------------------------------

resource "aws_s3_bucket_notification" "input" {
  bucket = aws_s3_bucket.this["input"].id

  queue {
    id            = "eventpipe-files"
    queue_arn     = aws_sqs_queue.files.arn
    events        = ["s3:ObjectCreated:*"]
    filter_prefix = var.notification_prefix == "" ? null : var.notification_prefix
    filter_suffix = var.notification_suffix == "" ? null : var.notification_suffix
  }

  # S3 validates the destination when the configuration is put: it sends s3:TestEvent and fails with
  # "Unable to validate the following destination configurations" unless the queue policy already
  # admits the bucket. Hence the explicit order.
  depends_on = [aws_sqs_queue_policy.files]
}
