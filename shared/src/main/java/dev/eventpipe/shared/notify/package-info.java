/** The notifier port: how reports reach people. Adapters live with the SNS client and in local mode. */
package dev.eventpipe.shared.notify;
