/**
 * Offline checks of the infrastructure code: Terraform parsed by HashiCorp's own HCL parser (through
 * Node.js), policy rules over the parsed configuration, dashboards and alarms against the metric
 * catalogue, Lambda handlers and environment variables against the code, and workflows through
 * actionlint. Nothing here talks to AWS.
 */
package dev.eventpipe.infra;
