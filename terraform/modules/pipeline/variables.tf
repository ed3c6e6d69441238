# ---------------------------------------------------------------------------------------------------
# Naming
# ---------------------------------------------------------------------------------------------------

variable "name" {
  description = "Prefix of every resource name (functions, queues, topics, alarms, dashboards), e.g. eventpipe-prod. Lower case, digits and hyphens."
  type        = string
  default     = "eventpipe"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.name))
    error_message = "name must be 3-32 characters of a-z, 0-9 and '-', starting with a letter."
  }
}

variable "bucket_names" {
  description = "Bucket names to use instead of the generated <name>-<role>-<account>-<region> (bucket names are global). Keys: input, processed, reports, query-results."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for k in keys(var.bucket_names) : contains(["input", "processed", "reports", "query-results"], k)])
    error_message = "bucket_names keys must be input, processed, reports or query-results."
  }
}

variable "tags" {
  description = "Tags for every resource that takes them (also set them as provider default_tags if you prefer)."
  type        = map(string)
  default     = {}
}

# ---------------------------------------------------------------------------------------------------
# Storage
# ---------------------------------------------------------------------------------------------------

variable "lifecycle_rules" {
  description = <<-EOT
    Per bucket (input, processed, reports): days after which current objects move to a cheaper storage
    class or expire, and after which noncurrent versions expire. null leaves that step out. Incomplete
    multipart uploads are always aborted after abort_multipart_days.
  EOT
  type = map(object({
    transition_days            = optional(number)
    transition_storage_class   = optional(string, "STANDARD_IA")
    expiration_days            = optional(number)
    noncurrent_expiration_days = optional(number, 30)
    abort_multipart_days       = optional(number, 7)
  }))
  default = {
    input     = { expiration_days = 90 }
    processed = { transition_days = 30 }
    reports   = {}
  }

  validation {
    condition     = alltrue([for k in keys(var.lifecycle_rules) : contains(["input", "processed", "reports"], k)])
    error_message = "lifecycle_rules keys must be input, processed or reports."
  }
}

variable "access_log_bucket" {
  description = "Name of an existing bucket that receives S3 server access logs of the three buckets (under <bucket>/); null turns access logging off. The target bucket must use SSE-S3, not SSE-KMS."
  type        = string
  default     = null
}

variable "force_destroy" {
  description = "Let terraform destroy delete non-empty buckets. Keep false outside throw-away environments."
  type        = bool
  default     = false
}

variable "kms_deletion_window_days" {
  description = "Waiting period before the customer-managed key is deleted after terraform destroy."
  type        = number
  default     = 30
}

# ---------------------------------------------------------------------------------------------------
# Notifications and queue
# ---------------------------------------------------------------------------------------------------

variable "notification_prefix" {
  description = "Only objects whose key starts with this are sent to the processor (\"\" for all)."
  type        = string
  default     = ""
}

variable "notification_suffix" {
  description = "Only objects whose key ends with this are sent to the processor (\"\" for all)."
  type        = string
  default     = ""
}

variable "max_receive_count" {
  description = "Deliveries of a message before SQS moves it to the DLQ."
  type        = number
  default     = 5

  validation {
    condition     = var.max_receive_count >= 1 && var.max_receive_count <= 1000
    error_message = "max_receive_count must be 1-1000."
  }
}

variable "queue_retention_seconds" {
  description = "How long the files queue keeps a message (the DLQ always keeps 14 days)."
  type        = number
  default     = 345600
}

# ---------------------------------------------------------------------------------------------------
# Lambda functions
# ---------------------------------------------------------------------------------------------------

variable "processor_package" {
  description = "Path of processor/target/eventpipe-processor-lambda.zip (built by ./mvnw package)."
  type        = string
}

variable "reporter_package" {
  description = "Path of reporter/target/eventpipe-reporter-lambda.zip (built by ./mvnw package)."
  type        = string
}

variable "processor_memory_mb" {
  # 512 MB is the cheapest size per file that fits every measured load (docs/cost.md): a small file's time
  # is mostly waiting on S3, billed per GB-second whatever the CPU; a large file's CPU time costs the same
  # GB-seconds at any size up to 1,769 MB (one vCPU), just spread over more seconds.
  description = "Processor memory (also buys CPU: 1769 MB is one vCPU). Cost per file by size: docs/cost.md."
  type        = number
  default     = 512
}

variable "processor_timeout_seconds" {
  description = "Processor timeout. The files queue's visibility timeout is derived from it (6 x timeout + batching window)."
  type        = number
  default     = 300

  validation {
    condition     = var.processor_timeout_seconds >= 10 && var.processor_timeout_seconds <= 900
    error_message = "processor_timeout_seconds must be 10-900."
  }
}

variable "processor_batch_size" {
  description = "Messages per processor invocation."
  type        = number
  default     = 10

  validation {
    condition     = var.processor_batch_size >= 1 && var.processor_batch_size <= 10000
    error_message = "processor_batch_size must be 1-10000."
  }
}

variable "processor_batching_window_seconds" {
  description = "How long the event source mapping gathers messages before it invokes (required >= 1 when the batch size is over 10)."
  type        = number
  default     = 5

  validation {
    condition     = var.processor_batching_window_seconds >= 0 && var.processor_batching_window_seconds <= 300
    error_message = "processor_batching_window_seconds must be 0-300."
  }
}

variable "processor_maximum_concurrency" {
  description = "Most concurrent processor invocations the event source mapping starts (protects S3 request rates and the account's concurrency)."
  type        = number
  default     = 10

  validation {
    condition     = var.processor_maximum_concurrency >= 2 && var.processor_maximum_concurrency <= 1000
    error_message = "processor_maximum_concurrency must be 2-1000 (an SQS event source mapping limit)."
  }
}

variable "processor_settings" {
  description = "Optional processor settings (see the README's Configuration table), e.g. { EVENTPIPE_MAX_REJECT_RATE = \"0.2\" }. The bucket settings are set by the module."
  type        = map(string)
  default     = {}

  validation {
    condition = alltrue([for k in keys(var.processor_settings) : contains([
      "EVENTPIPE_SCHEMA",
      "EVENTPIPE_OUTPUT_COMPRESSION",
      "EVENTPIPE_MAX_OBJECT_BYTES",
      "EVENTPIPE_MAX_DECOMPRESSED_BYTES",
      "EVENTPIPE_MAX_COMPRESSION_RATIO",
      "EVENTPIPE_MAX_ROW_CHARS",
      "EVENTPIPE_MAX_FIELD_CHARS",
      "EVENTPIPE_MAX_ROWS_PER_FILE",
      "EVENTPIPE_MAX_JSON_DEPTH",
      "EVENTPIPE_MAX_PARTITIONS_PER_FILE",
      "EVENTPIPE_MAX_REJECT_RATE",
      "EVENTPIPE_PART_SIZE",
      "EVENTPIPE_WARM_UP",
    ], k)])
    error_message = "processor_settings takes only the optional EVENTPIPE_* settings the processor reads (README, Configuration)."
  }
}

variable "reporter_memory_mb" {
  description = "Reporter memory."
  type        = number
  default     = 1024
}

variable "reporter_timeout_seconds" {
  description = "Reporter timeout."
  type        = number
  default     = 300

  validation {
    condition     = var.reporter_timeout_seconds >= 10 && var.reporter_timeout_seconds <= 900
    error_message = "reporter_timeout_seconds must be 10-900."
  }
}

variable "reporter_reserved_concurrency" {
  description = "Reserved concurrency of the reporter (1: two report runs never overlap). null leaves it unreserved, which a new account with a concurrency quota of 10 needs (AWS keeps 10 unreserved)."
  type        = number
  default     = 1
}

variable "reporter_settings" {
  description = "Further EVENTPIPE_* settings for the reporter (e.g. its link validity or alert bands), passed as they are."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for k in keys(var.reporter_settings) : can(regex("^EVENTPIPE_[A-Z0-9_]+$", k))])
    error_message = "reporter_settings keys must be EVENTPIPE_* variable names."
  }
}

variable "log_level" {
  description = "POWERTOOLS_LOG_LEVEL of both functions."
  type        = string
  default     = "INFO"

  validation {
    condition     = contains(["TRACE", "DEBUG", "INFO", "WARN", "ERROR"], var.log_level)
    error_message = "log_level must be TRACE, DEBUG, INFO, WARN or ERROR."
  }
}

variable "metrics_namespace" {
  description = "CloudWatch namespace of the EMF metrics (POWERTOOLS_METRICS_NAMESPACE). Give each stack in one account and region its own."
  type        = string
  default     = "eventpipe"
}

variable "log_retention_days" {
  description = "Retention of the functions' log groups."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a value CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ...)."
  }
}

variable "xray_tracing" {
  description = "Active X-Ray tracing on both functions."
  type        = bool
  default     = false
}

# ---------------------------------------------------------------------------------------------------
# Reports
# ---------------------------------------------------------------------------------------------------

variable "report_schedule" {
  description = "When the reporter runs (EventBridge Scheduler expression, in report_time_zone)."
  type        = string
  default     = "cron(0 8 * * ? *)"
}

variable "report_time_zone" {
  description = "IANA time zone of the schedule and of the report's day (EVENTPIPE_REPORT_ZONE)."
  type        = string
  default     = "UTC"
}

variable "report_emails" {
  description = "E-mail addresses subscribed to the daily report. Each must confirm the subscription from the e-mail AWS sends (docs/deploy.md)."
  type        = set(string)
  default     = []
}

variable "alarm_emails" {
  description = "E-mail addresses subscribed to the alarms topic (confirmation needed as for report_emails)."
  type        = set(string)
  default     = []
}

# ---------------------------------------------------------------------------------------------------
# Alarms
# ---------------------------------------------------------------------------------------------------

variable "alarm_thresholds" {
  description = "Thresholds of the alarms in dashboards/alarms.json."
  type = object({
    oldest_message_age_seconds = optional(number, 900)
    reject_rate_percent        = optional(number, 5)
    report_grace_hours         = optional(number, 1)
  })
  default = {}
}

variable "dashboards_dir" {
  description = "Directory of the dashboard bodies and alarm definitions; null for the repository's dashboards/ (the default layout: this module at terraform/modules/pipeline)."
  type        = string
  default     = null
}

variable "rollup_schedule" {
  description = "When the hourly roll-up of receipts and manifests runs (EventBridge Scheduler expression, in UTC); keep it away from report_schedule's minute."
  type        = string
  default     = "cron(30 * * * ? *)"
}

variable "compactor_package" {
  description = "Path of compactor/target/eventpipe-compactor-lambda.zip (built by ./mvnw package)."
  type        = string
}

variable "compactor_memory_mb" {
  description = "Memory of the compactor: one 32 MiB row group, one multipart part, the reader's buffers."
  type        = number
  default     = 1024
}

variable "compactor_timeout_seconds" {
  description = "Timeout of one compaction run (several days of the lookback window may be rewritten)."
  type        = number
  default     = 900
}

variable "compaction_schedule" {
  description = "When the compactor runs, in UTC: after the day has closed (grace EVENTPIPE_COMPACT_GRACE_MINUTES, 60)."
  type        = string
  default     = "cron(15 1 * * ? *)"
}

variable "compaction_lookback_days" {
  description = "How many closed days each compaction run re-checks for late or replaced inputs."
  type        = number
  default     = 7
}

# ---------------------------------------------------------------------------------------------------
# SQL over the processed data: Glue Data Catalog and Athena (glue.tf, athena.tf, docs/query.md)
# ---------------------------------------------------------------------------------------------------

variable "glue_database_name" {
  description = "Name of the Glue Data Catalog database of the tables; null for <name> with '-' as '_' (Athena names are lower case, digits and '_')."
  type        = string
  default     = null

  validation {
    condition     = var.glue_database_name == null || can(regex("^[a-z0-9_]{1,255}$", var.glue_database_name))
    error_message = "glue_database_name must be lower-case letters, digits and '_'."
  }
}

variable "partition_start_date" {
  description = "The first dt (yyyy-MM-dd) the tables' partition projection covers; the range ends at NOW. Earlier dates are invisible to queries, so set it to the first day of data."
  type        = string
  default     = "2026-01-01"

  validation {
    condition     = can(regex("^\\d{4}-\\d{2}-\\d{2}$", var.partition_start_date))
    error_message = "partition_start_date must be a date as yyyy-MM-dd."
  }
}

variable "athena_bytes_scanned_cutoff" {
  description = "Per-query data limit of the workgroup, in bytes: Athena cancels a query that would scan more (at $5 per TB, 10 GiB is about $0.05). AWS minimum: 10 MB."
  type        = number
  default     = 10737418240

  validation {
    condition     = var.athena_bytes_scanned_cutoff >= 10485760
    error_message = "athena_bytes_scanned_cutoff must be at least 10485760 (10 MB, the AWS minimum)."
  }
}

variable "athena_results_expiration_days" {
  description = "Days after which Athena's result files in the query-results bucket expire."
  type        = number
  default     = 7

  validation {
    condition     = var.athena_results_expiration_days >= 1
    error_message = "athena_results_expiration_days must be at least 1."
  }
}
