# Two functions share a role.
resource "aws_iam_role" "shared" {
  name = "shared"
}

resource "aws_lambda_function" "a" {
  function_name = "a"
  role          = aws_iam_role.shared.arn
}

resource "aws_lambda_function" "b" {
  function_name = "b"
  role          = aws_iam_role.shared.arn
}
