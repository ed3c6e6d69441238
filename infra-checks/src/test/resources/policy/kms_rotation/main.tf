# A key that never rotates.
resource "aws_kms_key" "k" {
  description = "x"
}
