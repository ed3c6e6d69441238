# A lifecycle rule that never aborts incomplete multipart uploads.
resource "aws_s3_bucket" "b" {
  bucket = "x"
}

resource "aws_s3_bucket_lifecycle_configuration" "b" {
  bucket = aws_s3_bucket.b.id
  rule {
    id     = "expire"
    status = "Enabled"
    filter {}
    expiration {
      days = 30
    }
  }
}
