# The AWS-managed key: S3 notifications to this queue are dropped silently.
resource "aws_sqs_queue" "q" {
  name              = "q"
  kms_master_key_id = "alias/aws/sqs"
}
