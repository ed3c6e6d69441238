# A log group that keeps logs forever.
resource "aws_cloudwatch_log_group" "f" {
  name = "/aws/lambda/f"
}

resource "aws_lambda_function" "f" {
  function_name = "f"
  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.f.name
  }
}
