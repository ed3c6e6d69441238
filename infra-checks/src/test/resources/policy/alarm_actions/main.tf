# An alarm nobody hears.
resource "aws_cloudwatch_metric_alarm" "a" {
  alarm_name          = "a"
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  evaluation_periods  = 1
  metric_name         = "Errors"
  namespace           = "AWS/Lambda"
  period              = 60
  statistic           = "Sum"
}
