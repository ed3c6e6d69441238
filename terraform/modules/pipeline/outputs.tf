output "input_bucket" {
  description = "Where files are uploaded."
  value       = aws_s3_bucket.this["input"].id
}

output "processed_bucket" {
  description = "Events, rejects, manifests, receipts (EVENTPIPE_PROCESSED_BUCKET)."
  value       = aws_s3_bucket.this["processed"].id
}

output "reports_bucket" {
  description = "Daily reports."
  value       = aws_s3_bucket.this["reports"].id
}

output "queue_url" {
  description = "The files queue (EVENTPIPE_QUEUE_URL)."
  value       = aws_sqs_queue.files.id
}

output "dlq_url" {
  description = "The files queue's DLQ (EVENTPIPE_DLQ_URL)."
  value       = aws_sqs_queue.files_dlq.id
}

output "schedule_dlq_url" {
  description = "Report triggers the scheduler could not deliver."
  value       = aws_sqs_queue.schedule_dlq.id
}

output "kms_key_arn" {
  description = "The pipeline key: uploaders need kms:GenerateDataKey on it, readers kms:Decrypt."
  value       = aws_kms_key.pipeline.arn
}

output "reports_topic_arn" {
  description = "The daily report's SNS topic."
  value       = aws_sns_topic.reports.arn
}

output "alarms_topic_arn" {
  description = "Where the alarms notify (subscribe a pager or chat integration here)."
  value       = aws_sns_topic.alarms.arn
}

output "processor_function_name" {
  description = "The processor function."
  value       = aws_lambda_function.processor.function_name
}

output "reporter_function_name" {
  description = "The reporter function."
  value       = aws_lambda_function.reporter.function_name
}

output "alias_name" {
  description = "The alias the triggers call; the deploy workflow moves it between versions."
  value       = local.alias_name
}

output "processor_version" {
  description = "The processor version this apply published (live may still point at an older one until the deploy shifts it)."
  value       = aws_lambda_function.processor.version
}

output "reporter_version" {
  description = "The reporter version this apply published."
  value       = aws_lambda_function.reporter.version
}

output "alarm_names" {
  description = "Every alarm of the stack; the deploy's bake step watches these."
  value       = sort([for a in aws_cloudwatch_metric_alarm.this : a.alarm_name])
}

output "dashboard_urls" {
  description = "CloudWatch console links to the dashboards."
  value = {
    for k, d in aws_cloudwatch_dashboard.this :
    k => "https://${local.region}.console.aws.amazon.com/cloudwatch/home?region=${local.region}#dashboards/dashboard/${d.dashboard_name}"
  }
}

output "smoke_test_prefix" {
  description = "Key prefix for the deploy's smoke-test uploads (inside the notification filter)."
  value       = "${var.notification_prefix}smoke/"
}

output "try_it" {
  description = "Commands to try the deployed stack with the eventpipe tool (default credential chain)."
  value       = <<-EOT
    export AWS_REGION=${local.region}
    export EVENTPIPE_QUEUE_URL=${aws_sqs_queue.files.id}
    export EVENTPIPE_DLQ_URL=${aws_sqs_queue.files_dlq.id}
    export EVENTPIPE_PROCESSED_BUCKET=${aws_s3_bucket.this["processed"].id}
    export EVENTPIPE_REPORTS_BUCKET=${aws_s3_bucket.this["reports"].id}
    ./eventpipe ingest sample_data/ --bucket ${aws_s3_bucket.this["input"].id} --prefix ${var.notification_prefix}try/ --wait
    ./eventpipe receipt s3://${aws_s3_bucket.this["input"].id}/${var.notification_prefix}try/clean-events.csv
    ./eventpipe dlq status
    ./eventpipe report --date $(date -u +%F) --no-notify
  EOT
}

output "compactor_function_name" {
  description = "The compactor Lambda (invoke with {\"date\":\"YYYY-MM-DD\"} to recompact a day)."
  value       = aws_lambda_function.compactor.function_name
}

output "glue_database" {
  description = "The Glue Data Catalog database of the tables events, rejects, receipts and curated_events (docs/query.md)."
  value       = aws_glue_catalog_database.this.name
}

output "athena_workgroup" {
  description = "The Athena workgroup to run queries in (enforced settings: encrypted results, per-query scan limit)."
  value       = aws_athena_workgroup.this.name
}

output "query_results_bucket" {
  description = "Where Athena writes result files (results/, expiring after athena_results_expiration_days)."
  value       = aws_s3_bucket.this["query-results"].id
}

output "analyst_policy_arn" {
  description = "Read-only SQL over the processed data: attach to the analysts' role or group."
  value       = aws_iam_policy.analyst.arn
}
