# x86_64 and no SnapStart.
resource "aws_lambda_function" "f" {
  function_name = "f"
  runtime       = "java21"
  architectures = ["x86_64"]
  publish       = true
}
