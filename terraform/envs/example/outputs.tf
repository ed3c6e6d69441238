output "input_bucket" {
  description = "Where files are uploaded (under incoming/)."
  value       = module.pipeline.input_bucket
}

output "processed_bucket" {
  description = "Events, rejects, manifests, receipts."
  value       = module.pipeline.processed_bucket
}

output "reports_bucket" {
  description = "Daily reports."
  value       = module.pipeline.reports_bucket
}

output "queue_url" {
  description = "EVENTPIPE_QUEUE_URL."
  value       = module.pipeline.queue_url
}

output "dlq_url" {
  description = "EVENTPIPE_DLQ_URL."
  value       = module.pipeline.dlq_url
}

output "processor_function_name" {
  description = "The processor function."
  value       = module.pipeline.processor_function_name
}

output "reporter_function_name" {
  description = "The reporter function."
  value       = module.pipeline.reporter_function_name
}

output "alias_name" {
  description = "The alias the deploy moves."
  value       = module.pipeline.alias_name
}

output "processor_version" {
  description = "The processor version this apply published."
  value       = module.pipeline.processor_version
}

output "reporter_version" {
  description = "The reporter version this apply published."
  value       = module.pipeline.reporter_version
}

output "alarm_names" {
  description = "The alarms the deploy's bake step watches."
  value       = module.pipeline.alarm_names
}

output "dashboard_urls" {
  description = "The dashboards."
  value       = module.pipeline.dashboard_urls
}

output "smoke_test_prefix" {
  description = "Key prefix of the deploy's smoke-test uploads."
  value       = module.pipeline.smoke_test_prefix
}

output "try_it" {
  description = "Commands to try the stack."
  value       = module.pipeline.try_it
}
