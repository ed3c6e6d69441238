# A misspelt variable: the processor would not start (its required bucket is unset).
resource "aws_lambda_function" "processor" {
  function_name = "p"
  handler       = "dev.eventpipe.processor.ProcessorHandler"
  environment {
    variables = {
      EVENTPIPE_PROCESSED_BUCKETS = "b"
      POWERTOOLS_SERVICE_NAME     = "eventpipe-processor"
    }
  }
}
