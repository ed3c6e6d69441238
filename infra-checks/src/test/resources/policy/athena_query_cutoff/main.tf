# No per-query scan limit: one careless SELECT * scans (and bills) the whole bucket.
resource "aws_kms_key" "pipeline" {
  enable_key_rotation = true
}

resource "aws_s3_bucket" "results" {
  bucket = "eventpipe-query-results"
}

resource "aws_athena_workgroup" "this" {
  name = "eventpipe"

  configuration {
    enforce_workgroup_configuration    = true
    publish_cloudwatch_metrics_enabled = true


    result_configuration {
      output_location = "s3://${aws_s3_bucket.results.id}/results/"
      encryption_configuration {
        encryption_option = "SSE_KMS"
        kms_key_arn       = aws_kms_key.pipeline.arn
      }
    }
  }
}
