# ACLs stay on: ObjectWriter ownership.
resource "aws_s3_bucket" "b" {
  bucket = "x"
}

resource "aws_s3_bucket_ownership_controls" "b" {
  bucket = aws_s3_bucket.b.id
  rule {
    object_ownership = "ObjectWriter"
  }
}
