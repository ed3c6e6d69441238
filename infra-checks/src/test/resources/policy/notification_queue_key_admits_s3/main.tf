# A CMK whose policy does not let S3 use it.
resource "aws_kms_key" "k" {
  enable_key_rotation = true
  policy              = data.aws_iam_policy_document.key.json
}

data "aws_iam_policy_document" "key" {
  statement {
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::123456789012:root"]
    }
  }
}

resource "aws_sqs_queue" "q" {
  name              = "q"
  kms_master_key_id = aws_kms_key.k.arn
}

resource "aws_s3_bucket_notification" "n" {
  bucket = "x"
  queue {
    queue_arn = aws_sqs_queue.q.arn
    events    = ["s3:ObjectCreated:*"]
  }
}
