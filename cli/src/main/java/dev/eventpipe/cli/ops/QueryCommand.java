package dev.eventpipe.cli.ops;

import dev.eventpipe.ingest.Progress;
import dev.eventpipe.ingest.query.CacheDirs;
import dev.eventpipe.ingest.query.CacheSummary;
import dev.eventpipe.ingest.query.DateRange;
import dev.eventpipe.ingest.query.LocalCache;
import dev.eventpipe.ingest.query.QueryClients;
import dev.eventpipe.ingest.query.QueryException;
import dev.eventpipe.ingest.query.ResultFormat;
import dev.eventpipe.ingest.query.SqlEngine;
import dev.eventpipe.ingest.query.Table;
import dev.eventpipe.shared.aws.AwsClients;
import dev.eventpipe.shared.lifecycle.DaemonThreads;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code eventpipe query "SELECT ..."}: SQL over a local copy of the processed bucket (docs/query.md). */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = {"Runs one SQL statement (DuckDB's dialect) over the processed bucket: the views events, rejects, receipts "
                + "and curated_events, with the Glue tables' columns. The objects of the days asked for are fetched into a "
                + "local cache first (only what changed since the last run: same ETag, no download), for the tables the "
                + "statement names.",
            "Exit status: 0 the statement ran; 1 it failed (a SQL error, a failed fetch); 2 a usage error."})
public final class QueryCommand implements Callable<Integer> {


    @Parameters(index = "0", paramLabel = "SQL", description = "The statement, or - to read it from standard input.")
    String sql;

    @Option(names = "--from", description = "First UTC date to read, or a number of days before --to (default: ${DEFAULT-VALUE}: a week).",
            defaultValue = "6")
    String from;

    @Option(names = "--to", description = "Last UTC date to read, included (default: today, UTC).")
    String to;

    @Option(names = "--format", defaultValue = "table", description = "table, csv or json (default: ${DEFAULT-VALUE}; --json = json).")
    String format;

    @Option(names = "--max-rows", defaultValue = "1000", description = "Rows a table shows at most (default: ${DEFAULT-VALUE}); csv and json print all.")
    int maxRows;

    @Option(names = "--cache-dir", description = "The local copy (default: the user's cache directory, e.g. ~/.cache/eventpipe/query; "
            + "delete it to clear the cache).")
    Path cacheDir;

    @Option(names = "--processed-bucket", description = "The processed bucket (default: $EVENTPIPE_PROCESSED_BUCKET).")
    String processedBucket;

    @Option(names = "--readers", defaultValue = "16", description = "Concurrent listings and downloads (default: ${DEFAULT-VALUE}).")
    int readers;

    @Mixin
    AwsOptions aws;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        String bucket = Settings.required(spec, processedBucket, "--processed-bucket", Settings.PROCESSED_BUCKET);
        String statement = "-".equals(sql) ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8) : sql;
        if (statement.isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "the SQL statement is empty");
        }
        ResultFormat fmt;
        DateRange range;
        try {
            fmt = aws.json ? ResultFormat.JSON : ResultFormat.parse(format);
            range = range(LocalDate.now(Clock.systemUTC()));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (readers < 1 || readers > 256) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--readers must be 1..256");
        }
        Path cache = cacheDir != null ? cacheDir
                : CacheDirs.defaultDir(System.getenv(), System.getProperty("os.name"), System.getProperty("user.home"));
        boolean interactive = System.console() != null;
        boolean quiet = !interactive && fmt != ResultFormat.TABLE; // a program reads stdout: stderr stays for errors
        List<Table> tables = Table.mentionedIn(statement, List.of(Table.values()));
        ExecutorService pool = Executors.newFixedThreadPool(readers, DaemonThreads.named("eventpipe-query-fetch"));
        CacheSummary summary;
        long started = System.nanoTime();
        try (AwsClients clients = aws.clients(); QueryClients q = QueryClients.open(clients, readers)) {
            LocalCache local = new LocalCache(q.store(), cache, pool);
            try (Ticker ticker = Ticker.start("objects", interactive, quiet || tables.isEmpty())) {
                summary = local.fetch(bucket, range, tables, ticker.progress());
            }
        } finally {
            pool.shutdownNow();
        }
        if (!quiet) {
            System.err.printf(Locale.ROOT, "%s .. %s: %d objects fetched (%s), %d from the cache, in %.1f s%n", range.from(), range.to(),
                    summary.fetched(), Progress.size(summary.bytes()), summary.reused(), (System.nanoTime() - started) / 1e9);
        }
        long queried = System.nanoTime();
        try (SqlEngine engine = SqlEngine.over(summary)) {
            long rows = engine.run(statement, fmt.sink(System.out, maxRows));
            if (!quiet) {
                System.err.printf(Locale.ROOT, "%,d rows in %.1f s%n", rows, (System.nanoTime() - queried) / 1e9);
            }
            return ExitCodes.OK;
        } catch (QueryException e) {
            System.out.flush();
            System.err.println("eventpipe query: " + e.getMessage());
            return ExitCodes.FAILED;
        }
    }

    /** --from is a date, or (its default) a number of days before --to. */
    private DateRange range(LocalDate today) {
        LocalDate last = to == null ? today : date(to, "--to");
        LocalDate first = from.matches("\\d{1,3}") ? last.minusDays(Integer.parseInt(from)) : date(from, "--from");
        return new DateRange(first, last);
    }

    private static LocalDate date(String text, String option) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " '" + text + "' is not a date (2026-11-25)");
        }
    }
}
