package dev.eventpipe.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;

/**
 * The {@code eventpipe} command. Exit status 0 only on success; errors print one line, with the stack
 * trace only under {@code --verbose}.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit status (tests call this). */
    public static int run(String... args) {
        configureLogging(Arrays.asList(args));
        CommandLine cl = commandLine(args);
        return cl.execute(args);
    }

    /** The command tree with this tool's converters and error handling (the CDS training runs it too). */
    static CommandLine commandLine(String... args) {
        CommandLine cl = new CommandLine(new EventpipeCommand());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.registerConverter(java.time.Duration.class, Durations::parse);
        cl.setExecutionExceptionHandler((e, command, parseResult) -> {
            PrintWriter err = command.getErr();
            err.println("eventpipe: " + describe(e));
            if (Arrays.asList(args).contains("--verbose")) {
                e.printStackTrace(err);
            }
            err.flush();
            return 1;
        });
        return cl;
    }

    private static String describe(Throwable e) {
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    /**
     * Chosen before the first logger exists: readable console lines by default, the Lambda JSON layout
     * with {@code --log-format json}; stack traces in full only with {@code --verbose}.
     */
    private static void configureLogging(List<String> args) {
        boolean json = args.contains("--log-format=json") || String.join(" ", args).contains("--log-format json");
        System.setProperty("log4j2.configurationFile", json ? "classpath:log4j2.xml" : "classpath:eventpipe-cli-log4j2.xml");
        String fields = "%notEmpty{ outcome=%X{outcome}}%notEmpty{ key=%X{key}}%notEmpty{ valid=%X{rowsValid}}"
                + "%notEmpty{ rejected=%X{rowsRejected}}%notEmpty{ reason=%X{reason}}%notEmpty{ why=%X{why}}";
        String exception = args.contains("--verbose") ? "%n%ex{full}" : "%notEmpty{ (%ex{short.message})}%n";
        System.setProperty("eventpipe.logPattern", "%d{HH:mm:ss.SSS} %-5level %msg" + fields + exception);
        // Shutdown flushes the logs itself after the drain: Log4j's own hook would stop them first.
        System.setProperty("log4j2.shutdownHookEnabled", "false");
    }
}
