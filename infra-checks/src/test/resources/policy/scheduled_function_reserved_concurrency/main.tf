# A scheduled function without reserved concurrency.
resource "aws_lambda_function" "f" {
  function_name = "f"
}

resource "aws_lambda_alias" "live" {
  name             = "live"
  function_name    = aws_lambda_function.f.function_name
  function_version = aws_lambda_function.f.version
}

resource "aws_scheduler_schedule" "s" {
  name                         = "s"
  schedule_expression          = "cron(0 8 * * ? *)"
  schedule_expression_timezone = "UTC"
  flexible_time_window {
    mode = "OFF"
  }
  target {
    arn      = aws_lambda_alias.live.arn
    role_arn = "arn:aws:iam::123456789012:role/x"
  }
}
