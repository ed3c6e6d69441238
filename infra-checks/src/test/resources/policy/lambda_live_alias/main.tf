# A function without the alias live.
resource "aws_lambda_function" "f" {
  function_name = "f"
}

resource "aws_lambda_alias" "current" {
  name             = "current"
  function_name    = aws_lambda_function.f.function_name
  function_version = aws_lambda_function.f.version
}
