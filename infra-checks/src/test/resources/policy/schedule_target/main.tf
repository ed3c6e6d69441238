# No time zone, the bare function, no retry policy, no DLQ.
resource "aws_lambda_function" "f" {
  function_name = "f"
}

resource "aws_scheduler_schedule" "s" {
  name                = "s"
  schedule_expression = "cron(0 8 * * ? *)"
  flexible_time_window {
    mode = "OFF"
  }
  target {
    arn      = aws_lambda_function.f.arn
    role_arn = "arn:aws:iam::123456789012:role/x"
  }
}
