# An unencrypted topic.
resource "aws_sns_topic" "t" {
  name = "t"
}
