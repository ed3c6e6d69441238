/**
 * The report's three renderings: {@code report.json} ({@link dev.eventpipe.reporter.render.ReportJson}),
 * {@code report.txt} for 80 columns ({@link dev.eventpipe.reporter.render.TextReport}) and a
 * self-contained {@code report.html} ({@link dev.eventpipe.reporter.render.HtmlReport}). Pure functions
 * of a {@link dev.eventpipe.reporter.report.DailyReport}.
 */
package dev.eventpipe.reporter.render;
