provider "aws" {
  region = var.region

  # Refuse to run against any other account: a wrong profile fails the plan, not production.
  allowed_account_ids = [var.account_id]

  default_tags {
    tags = {
      "app"         = "eventpipe"
      "environment" = var.environment
      "managed-by"  = "terraform"
    }
  }
}

module "pipeline" {
  source = "../../modules/pipeline"

  name              = "eventpipe-${var.environment}"
  processor_package = var.processor_package
  reporter_package  = var.reporter_package
  compactor_package = var.compactor_package

  notification_prefix = "incoming/"
  report_time_zone    = var.report_time_zone
  report_emails       = var.report_emails
  alarm_emails        = var.alarm_emails
  metrics_namespace   = var.metrics_namespace
  xray_tracing        = var.xray_tracing

  processor_maximum_concurrency = var.processor_maximum_concurrency
  reporter_reserved_concurrency = var.reporter_reserved_concurrency
  processor_settings            = var.processor_settings
}
