package dev.eventpipe.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

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
        // picocli looks for Groovy's closure class otherwise: a miss that opens every jar of the class path (~50 ms).
        System.setProperty("picocli.disable.closures", "true");
        configureLogging(Arrays.asList(args));
        WarmUp.start(args);
        CommandLine cl = commandLine(args);
        return cl.execute(args);
    }

    /**
     * The command tree with this tool's converters and error handling (the CDS training runs it too). When the
     * first argument names a command, only that command is built under the root: picocli reads every option of
     * every command it is given by reflection, and the whole tree costs a quick command about 0.1 s of its start
     * (docs/benchmarks.md#the-command-line-tools-start). Anything else (no arguments, the root's help or version,
     * an unknown command) gets the whole tree, so the root's usage and picocli's suggestions stay as they were.
     */
    static CommandLine commandLine(String... args) {
        CommandLine cl = args.length > 0 ? only(args[0]) : null;
        if (cl == null) {
            cl = new CommandLine(new EventpipeCommand());
        }
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

    /** The root with the one subcommand of {@link EventpipeCommand}'s list that is called {@code name}; null when none is. */
    private static CommandLine only(String name) {
        for (Class<?> sub : EventpipeCommand.class.getAnnotation(Command.class).subcommands()) {
            Command c = sub.getAnnotation(Command.class);
            if (c != null && (c.name().equals(name) || Arrays.asList(c.aliases()).contains(name))) {
                CommandLine root = new CommandLine(CommandLine.Model.CommandSpec.create().name("eventpipe"));
                root.addSubcommand(c.name(), new CommandLine(sub, CommandLine.defaultFactory()), c.aliases());
                return root;
            }
        }
        return null;
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
        if (!json && System.getProperty("slf4j.provider") == null) {
            // The SDK's loggers start Log4j only when they print something (DeferredLogging); SLF4J would say so on
            // stderr at every start unless told to report only its warnings.
            System.setProperty("slf4j.provider", DeferredLogging.class.getName());
            System.setProperty("slf4j.internal.verbosity", "WARN");
        }
        String fields = "%notEmpty{ outcome=%X{outcome}}%notEmpty{ key=%X{key}}%notEmpty{ valid=%X{rowsValid}}"
                + "%notEmpty{ rejected=%X{rowsRejected}}%notEmpty{ reason=%X{reason}}%notEmpty{ why=%X{why}}";
        String exception = args.contains("--verbose") ? "%n%ex{full}" : "%notEmpty{ (%ex{short.message})}%n";
        System.setProperty("eventpipe.logPattern", "%d{HH:mm:ss.SSS} %-5level %msg" + fields + exception);
        // Shutdown flushes the logs itself after the drain: Log4j's own hook would stop them first.
        System.setProperty("log4j2.shutdownHookEnabled", "false");
    }
}
