package dev.eventpipe.local.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipe.shared.notify.Notifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxNotifierTest {

    @TempDir
    Path dir;

    @Test
    void writesOneEmlPerMessage_withHeadersAndCrlfBody() throws IOException {
        OutboxNotifier outbox = new OutboxNotifier(dir.resolve("outbox"), "eventpipe@localhost", "team@localhost",
                Clock.fixed(Instant.parse("2026-11-26T08:00:00Z"), ZoneOffset.UTC));

        outbox.publish(new Notifier.Message("eventpipe 2026-11-25: 6 files, 0.6% rejected, 1 quarantined", "line 1\nline 2\n"));
        outbox.publish(new Notifier.Message("Café report", "é\n"));

        List<Path> files;
        try (Stream<Path> s = Files.list(dir.resolve("outbox"))) {
            files = s.sorted().toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly(
                "20261126T080000Z-001-eventpipe-2026-11-25-6-files-0-6-rejected-1-quarantined.eml",
                "20261126T080000Z-002-caf-report.eml");
        String first = Files.readString(files.get(0), StandardCharsets.UTF_8);
        assertThat(first).startsWith("From: eventpipe@localhost\r\nTo: team@localhost\r\n"
                + "Subject: eventpipe 2026-11-25: 6 files, 0.6% rejected, 1 quarantined\r\n"
                + "Date: Thu, 26 Nov 2026 08:00:00 GMT\r\n");
        assertThat(first).contains("Content-Type: text/plain; charset=utf-8\r\n").endsWith("\r\n\r\nline 1\r\nline 2\r\n");
        assertThat(Files.readString(files.get(1), StandardCharsets.UTF_8))
                .contains("Subject: =?UTF-8?B?Q2Fmw6kgcmVwb3J0?=\r\n");
    }
}
