# A bucket policy, but it does not deny plain HTTP.
resource "aws_s3_bucket" "b" {
  bucket = "x"
}

resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.b.id
  policy = data.aws_iam_policy_document.b.json
}

data "aws_iam_policy_document" "b" {
  statement {
    effect    = "Deny"
    actions   = ["s3:DeleteBucket"]
    resources = [aws_s3_bucket.b.arn]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}
