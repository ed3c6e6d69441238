# The handler class is misspelt: Lambda would fail every invocation with ClassNotFoundException.
resource "aws_lambda_function" "processor" {
  function_name = "p"
  handler       = "dev.eventpipe.processor.ProcesorHandler"
}
