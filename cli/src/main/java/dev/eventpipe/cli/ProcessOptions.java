package dev.eventpipe.cli;

import picocli.CommandLine.Option;

/**
 * Options of the long-running commands. {@code Main} reads both from the raw arguments before the first
 * logger exists; they are declared here so that help lists them and parsing accepts them.
 */
final class ProcessOptions {

    @Option(names = "--log-format", defaultValue = "text", description = "text (default) or json (the Lambda layout).")
    String logFormat;

    @Option(names = "--verbose", description = "Stack traces with errors.")
    boolean verbose;
}
