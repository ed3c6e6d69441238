# Dashboards and alarms come from dashboards/ (one source, checked against the code's metric catalogue
# by infra-checks). The files are Terraform templates: ${...} placeholders only, filled in here from
# locals that are known at plan time (the alarms' for_each keys come from alarms.json).

locals {
  dashboards_dir = coalesce(var.dashboards_dir, "${path.module}/../../../dashboards")

  alarm_names = [for a in local.alarm_definitions : "${var.name}-${a.key}"]

  # Placeholders of alarms.json and of the dashboards.
  template_vars = {
    name                = var.name
    region              = local.region
    namespace           = var.metrics_namespace
    processor_service   = local.processor_service
    reporter_service    = local.reporter_service
    processor_function  = local.processor_function_name
    reporter_function   = local.reporter_function_name
    alias               = local.alias_name
    files_queue         = local.files_queue_name
    files_dlq           = local.files_dlq_name
    schedule_dlq        = local.schedule_dlq_name
    processor_log_group = local.processor_log_group
    reporter_log_group  = local.reporter_log_group

    oldest_message_age_seconds = var.alarm_thresholds.oldest_message_age_seconds
    reject_rate_percent        = var.alarm_thresholds.reject_rate_percent
    # ReportGenerated is summed per hour; the alarm looks back one day plus the grace hours, so it fires
    # about report_grace_hours after a run that should have happened did not.
    report_window_hours = 24 + var.alarm_thresholds.report_grace_hours
  }

  alarm_definitions = jsondecode(templatefile("${local.dashboards_dir}/alarms.json", local.template_vars))

  # The dashboards also show the alarms' states: their ARNs, known from their names before they exist.
  dashboard_vars = merge(local.template_vars, {
    alarm_arns = [for n in local.alarm_names : "arn:${local.partition}:cloudwatch:${local.region}:${local.account_id}:alarm:${n}"]
  })

  dashboards = {
    overview   = "overview.json"
    operations = "operations.json"
  }
}

resource "aws_cloudwatch_dashboard" "this" {
  for_each = local.dashboards

  dashboard_name = "${var.name}-${each.key}"
  # Decoded and encoded again: a JSON mistake fails the plan, not the API call.
  dashboard_body = jsonencode(jsondecode(templatefile("${local.dashboards_dir}/${each.value}", local.dashboard_vars)))
}

resource "aws_cloudwatch_metric_alarm" "this" {
  for_each = { for a in local.alarm_definitions : a.key => a }

  alarm_name          = "${var.name}-${each.key}"
  alarm_description   = "${each.value.description} Runbook: docs/operations.md#${each.value.runbook}"
  comparison_operator = each.value.comparison_operator
  threshold           = tonumber(each.value.threshold)
  evaluation_periods  = tonumber(each.value.evaluation_periods)
  datapoints_to_alarm = tonumber(each.value.datapoints_to_alarm)
  treat_missing_data  = each.value.treat_missing_data

  alarm_actions = [aws_sns_topic.alarms.arn]
  ok_actions    = [aws_sns_topic.alarms.arn]

  dynamic "metric_query" {
    for_each = each.value.metrics
    content {
      id          = metric_query.value.id
      label       = try(metric_query.value.label, null)
      expression  = try(metric_query.value.expression, null)
      return_data = try(metric_query.value.return_data, false)

      dynamic "metric" {
        for_each = try(metric_query.value.metric_name, null) == null ? [] : [metric_query.value]
        content {
          namespace   = metric.value.namespace
          metric_name = metric.value.metric_name
          dimensions  = metric.value.dimensions
          stat        = metric.value.stat
          period      = tonumber(metric.value.period)
        }
      }
    }
  }

  tags = var.tags
}
