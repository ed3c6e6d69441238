# The visibility timeout typed as a number, not derived from the function timeout.
resource "aws_sqs_queue" "q" {
  name                       = "q"
  visibility_timeout_seconds = 300
}

resource "aws_lambda_function" "f" {
  function_name = "f"
  timeout       = var.timeout
}

resource "aws_lambda_alias" "live" {
  name             = "live"
  function_name    = aws_lambda_function.f.function_name
  function_version = aws_lambda_function.f.version
}

resource "aws_lambda_event_source_mapping" "m" {
  event_source_arn                   = aws_sqs_queue.q.arn
  function_name                      = aws_lambda_alias.live.arn
  maximum_batching_window_in_seconds = var.window
}

variable "timeout" {
  type = number
}

variable "window" {
  type = number
}
