# An analyst policy that can change the data it queries: writes to the processed bucket, edits a table.
resource "aws_s3_bucket" "processed" {
  bucket = "eventpipe-processed"
}

resource "aws_s3_bucket" "results" {
  bucket = "eventpipe-query-results"
}

resource "aws_athena_workgroup" "this" {
  name = "eventpipe"
  configuration {
    result_configuration {
      output_location = "s3://${aws_s3_bucket.results.id}/results/"
    }
  }
}

data "aws_iam_policy_document" "analyst" {
  statement {
    sid       = "Query"
    actions   = ["athena:StartQueryExecution", "athena:GetQueryResults"]
    resources = [aws_athena_workgroup.this.arn]
  }

  statement {
    sid       = "WriteResults"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.results.arn}/results/*"]
  }

  statement {
    sid       = "ChangeTheData"
    actions   = ["s3:GetObject", "s3:PutObject", "glue:UpdateTable"]
    resources = ["${aws_s3_bucket.processed.arn}/events/*"]
  }
}
