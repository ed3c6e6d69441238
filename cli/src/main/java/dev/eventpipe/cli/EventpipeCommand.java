package dev.eventpipe.cli;

import picocli.CommandLine.Command;

/** The top of the command tree. */
@Command(name = "eventpipe", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Event-driven data pipeline for AWS: CSV/JSON uploads to validated, date-partitioned JSON Lines.",
        subcommands = {DemoCommand.class, UpCommand.class, WorkerCommand.class, ReportCommand.class,
            dev.eventpipe.cli.ops.IngestCommand.class, dev.eventpipe.cli.ops.DlqCommand.class,
            dev.eventpipe.cli.ops.ReplayCommand.class, dev.eventpipe.cli.ops.ReceiptCommand.class, ConsoleCommand.class,
            dev.eventpipe.cli.ops.AuditCommand.class, dev.eventpipe.cli.ops.QueryCommand.class,
            CdsTraining.class},
        footer = {"", "Run 'eventpipe COMMAND --help' for a command's options."})
final class EventpipeCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
