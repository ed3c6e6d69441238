variable "region" {
  description = "AWS region of the stack."
  type        = string
}

variable "account_id" {
  description = "The only AWS account this configuration may change."
  type        = string
}

variable "environment" {
  description = "Environment name: part of every resource name (eventpipe-<environment>-...)."
  type        = string
}

variable "processor_package" {
  description = "Path of the processor's Lambda zip."
  type        = string
  default     = "../../../processor/target/eventpipe-processor-lambda.zip"
}

variable "reporter_package" {
  description = "Path of the reporter's Lambda zip."
  type        = string
  default     = "../../../reporter/target/eventpipe-reporter-lambda.zip"
}

variable "report_time_zone" {
  description = "IANA zone of the daily report's schedule and day."
  type        = string
  default     = "UTC"
}

variable "report_emails" {
  description = "Who receives the daily report (each confirms by e-mail)."
  type        = set(string)
  default     = []
}

variable "alarm_emails" {
  description = "Who receives alarms (each confirms by e-mail)."
  type        = set(string)
  default     = []
}

variable "metrics_namespace" {
  description = "CloudWatch namespace of the EMF metrics."
  type        = string
  default     = "eventpipe"
}

variable "xray_tracing" {
  description = "Active X-Ray tracing."
  type        = bool
  default     = false
}

variable "processor_maximum_concurrency" {
  description = "Most concurrent processor invocations."
  type        = number
  default     = 10
}

variable "reporter_reserved_concurrency" {
  description = "Reserved concurrency of the reporter; null on an account whose concurrency quota is still 10."
  type        = number
  default     = 1
}

variable "processor_settings" {
  description = "Optional EVENTPIPE_* settings of the processor."
  type        = map(string)
  default     = {}
}

variable "compactor_package" {
  description = "Path of the compactor's Lambda zip."
  type        = string
  default     = "../../../compactor/target/eventpipe-compactor-lambda.zip"
}
