package dev.eventpipe.cli.ops;

/** The exit statuses of the operator commands (see the package documentation). */
final class ExitCodes {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int NOT_YET = 3;

    private ExitCodes() {
    }
}
