# A DLQ without a redrive-allow policy: StartMessageMoveTask cannot move its messages back.
resource "aws_sqs_queue" "q" {
  name                    = "q"
  sqs_managed_sse_enabled = true
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dlq.arn
    maxReceiveCount     = 5
  })
}

resource "aws_sqs_queue" "dlq" {
  name                    = "dlq"
  sqs_managed_sse_enabled = true
}
