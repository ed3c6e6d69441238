# The mapping invokes the bare function: moving the alias would not move the traffic.
resource "aws_sqs_queue" "q" {
  name = "q"
}

resource "aws_lambda_function" "f" {
  function_name = "f"
}

resource "aws_lambda_alias" "live" {
  name             = "live"
  function_name    = aws_lambda_function.f.function_name
  function_version = aws_lambda_function.f.version
}

resource "aws_lambda_event_source_mapping" "m" {
  event_source_arn        = aws_sqs_queue.q.arn
  function_name           = aws_lambda_function.f.arn
  function_response_types = ["ReportBatchItemFailures"]
  scaling_config {
    maximum_concurrency = 5
  }
}
