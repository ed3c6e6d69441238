# Athena over the Glue tables (glue.tf): one workgroup whose settings the client cannot override, with
# encrypted results in their own bucket, a per-query scan limit and CloudWatch metrics; a read-only
# analyst policy; named queries for the usual questions (docs/query.md).

resource "aws_athena_workgroup" "this" {
  name          = var.name
  description   = "${var.name}: SQL over the processed data (docs/query.md)."
  state         = "ENABLED"
  force_destroy = var.force_destroy
  tags          = var.tags

  configuration {
    # The workgroup's settings win over the client's: nobody writes results unencrypted or elsewhere,
    # and nobody lifts the scan limit from their own session
    # (https://docs.aws.amazon.com/athena/latest/ug/workgroups-settings-override.html).
    enforce_workgroup_configuration    = true
    publish_cloudwatch_metrics_enabled = true
    # Athena cancels a query once it has scanned this much (and bills what it scanned until then).
    bytes_scanned_cutoff_per_query = var.athena_bytes_scanned_cutoff

    engine_version {
      selected_engine_version = "Athena engine version 3"
    }

    result_configuration {
      output_location = "s3://${aws_s3_bucket.this["query-results"].id}/results/"

      encryption_configuration {
        encryption_option = "SSE_KMS"
        kms_key_arn       = aws_kms_key.pipeline.arn
      }

      # The bucket is owner-enforced: results belong to this account whoever ran the query.
      acl_configuration {
        s3_acl_option = "BUCKET_OWNER_FULL_CONTROL"
      }
    }
  }
}

# ---------------------------------------------------------------------------------------------------
# Named queries: the questions analysts ask first. Each names its table's partition (dt) so it scans one
# day, not the bucket. Athena has no parameters in named queries: edit the date or the file id in the
# console, or run them through `aws athena start-query-execution` (docs/query.md).
# ---------------------------------------------------------------------------------------------------

locals {
  named_queries = {
    "day-counts-by-type" = {
      description = "Records of one event date by event type (the daily report's first table)."
      query       = <<-SQL
        SELECT event_type, count(*) AS records, count(DISTINCT user_id) AS users
        FROM ${local.glue_database}.events
        WHERE dt = '2026-11-25'
        GROUP BY event_type
        ORDER BY records DESC
      SQL
    }
    "rejects-by-reason" = {
      description = "Rejected rows of one arrival date by reason code, with an example file and line each."
      query       = <<-SQL
        SELECT r.code, count(*) AS rejected_rows, min(rj."_meta".source_key) AS example_key, min(rj.line) AS example_line
        FROM ${local.glue_database}.rejects AS rj
        CROSS JOIN UNNEST(rj.reasons) AS r
        WHERE rj.dt = '2026-11-25'
        GROUP BY r.code
        ORDER BY rejected_rows DESC
      SQL
    }
    "records-of-a-file" = {
      description = "Every record of one input file by its fileId (eventpipe receipt shows it), in line order."
      query       = <<-SQL
        SELECT dt, "_meta".line AS line, event_id, event_type, user_id, "timestamp", action, amount, attributes
        FROM ${local.glue_database}.events
        WHERE dt BETWEEN '2026-11-24' AND '2026-11-26'
          AND "_meta".file_id = '0123456789abcdef0123456789abcdef'
        ORDER BY dt, line
      SQL
    }
  }
}

resource "aws_athena_named_query" "this" {
  for_each = local.named_queries

  name        = each.key
  description = each.value.description
  workgroup   = aws_athena_workgroup.this.id
  database    = aws_glue_catalog_database.this.name
  query       = each.value.query
}

# ---------------------------------------------------------------------------------------------------
# The analyst: runs queries in this workgroup and reads what they need; changes nothing but result files.
# Attach the policy to the people's role or group (output analyst_policy_arn).
# ---------------------------------------------------------------------------------------------------

resource "aws_iam_policy" "analyst" {
  name        = "${var.name}-analyst"
  description = "${var.name}: read-only SQL over the processed data in the ${var.name} Athena workgroup."
  policy      = data.aws_iam_policy_document.analyst.json
  tags        = var.tags
}

data "aws_iam_policy_document" "analyst" {
  statement {
    sid = "QueryInTheWorkgroup"
    actions = [
      "athena:StartQueryExecution",
      "athena:StopQueryExecution",
      "athena:GetQueryExecution",
      "athena:GetQueryResults",
      "athena:GetQueryRuntimeStatistics",
      "athena:ListQueryExecutions",
      "athena:BatchGetQueryExecution",
      "athena:GetWorkGroup",
      "athena:ListNamedQueries",
      "athena:GetNamedQuery",
      "athena:BatchGetNamedQuery",
    ]
    resources = [aws_athena_workgroup.this.arn]
  }

  # Glue read actions authorise on the catalog, the database and each table
  # (https://docs.aws.amazon.com/glue/latest/dg/glue-specifying-resource-arns.html).
  statement {
    sid = "ReadTheCatalog"
    actions = [
      "glue:GetDatabase",
      "glue:GetDatabases",
      "glue:GetTable",
      "glue:GetTables",
      "glue:GetPartition",
      "glue:GetPartitions",
    ]
    resources = [
      "arn:${local.partition}:glue:${local.region}:${local.account_id}:catalog",
      "arn:${local.partition}:glue:${local.region}:${local.account_id}:database/${aws_glue_catalog_database.this.name}",
      "arn:${local.partition}:glue:${local.region}:${local.account_id}:table/${aws_glue_catalog_database.this.name}/*",
    ]
  }

  # Athena reads the data with the caller's credentials: the prefixes the tables cover, nothing else of
  # the processed bucket (no manifests, receipts/ by file id, schemas or roll-ups).
  statement {
    sid       = "ListTheProcessedPrefixes"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.this["processed"].arn]
    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["events/*", "rejects/*", "processed-on/*", "curated/events/*"]
    }
  }

  statement {
    sid     = "ReadTheProcessedPrefixes"
    actions = ["s3:GetObject"]
    resources = [
      "${aws_s3_bucket.this["processed"].arn}/events/*",
      "${aws_s3_bucket.this["processed"].arn}/rejects/*",
      "${aws_s3_bucket.this["processed"].arn}/processed-on/*",
      "${aws_s3_bucket.this["processed"].arn}/curated/events/*",
    ]
  }

  # Athena writes each query's result file with the caller's credentials, and reads it back.
  statement {
    sid = "WriteAndReadQueryResults"
    actions = [
      "s3:PutObject",
      "s3:GetObject",
      "s3:AbortMultipartUpload",
      "s3:ListMultipartUploadParts",
    ]
    resources = ["${aws_s3_bucket.this["query-results"].arn}/results/*"]
  }

  statement {
    sid       = "ListQueryResults"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.this["query-results"].arn]
  }

  # GetBucketLocation carries no s3:prefix, so it cannot share the listing's condition.
  statement {
    sid       = "LocateTheBuckets"
    actions   = ["s3:GetBucketLocation"]
    resources = [aws_s3_bucket.this["processed"].arn, aws_s3_bucket.this["query-results"].arn]
  }

  # Decrypt to read the data and the results; GenerateDataKey to write the encrypted results.
  statement {
    sid       = "UsePipelineKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [aws_kms_key.pipeline.arn]
  }
}
