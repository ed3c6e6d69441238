# Versioning suspended.
resource "aws_s3_bucket" "b" {
  bucket = "x"
}

resource "aws_s3_bucket_versioning" "b" {
  bucket = aws_s3_bucket.b.id
  versioning_configuration {
    status = "Suspended"
  }
}
