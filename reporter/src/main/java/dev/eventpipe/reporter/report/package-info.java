/**
 * The report model ({@link dev.eventpipe.reporter.report.DailyReport}) and how a day's figures become
 * one: comparison with earlier days and alerts ({@link dev.eventpipe.reporter.report.ReportAssembler}).
 */
package dev.eventpipe.reporter.report;
