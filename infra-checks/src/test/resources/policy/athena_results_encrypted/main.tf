# Results encrypted with an S3-managed key, not the pipeline's customer-managed key.
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
    bytes_scanned_cutoff_per_query     = 10737418240

    result_configuration {
      output_location = "s3://${aws_s3_bucket.results.id}/results/"
      encryption_configuration {
        encryption_option = "SSE_S3"
      }
    }
  }
}
