package dev.eventpipe.local.outbox;

import dev.eventpipe.shared.notify.Notifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * SNS's stand-in in local mode: each message becomes one {@code .eml} file in the outbox folder, as the
 * email subscription would deliver it (RFC 5322 headers, a UTF-8 plain-text body), so any mail client
 * opens it. Files are written whole under a temporary name and then renamed: a reader never sees half a
 * message.
 *
 * <p>Hand-written rather than through Jakarta Mail: a dozen header lines do not justify a mail library
 * and its activation framework in the local tool.
 */
public final class OutboxNotifier implements Notifier {

    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final Path outbox;
    private final String from;
    private final String to;
    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong();

    /** The local stack's outbox: from {@code eventpipe@localhost} to {@code stakeholders@localhost}, by the system clock. */
    public static OutboxNotifier local(Path outbox) {
        return new OutboxNotifier(outbox, "eventpipe@localhost", "stakeholders@localhost", Clock.systemUTC());
    }

    public OutboxNotifier(Path outbox, String from, String to, Clock clock) {
        this.outbox = outbox;
        this.from = from;
        this.to = to;
        this.clock = clock;
    }

    /** The folder messages are written to. */
    public Path outbox() {
        return outbox;
    }

    @Override
    public void publish(Message message) {
        var now = clock.instant();
        String name = FILE_TIME.format(now) + "-" + String.format(Locale.ROOT, "%03d", sequence.incrementAndGet()) + "-"
                + slug(message.subject()) + ".eml";
        String eml = "From: " + from + "\r\n"
                + "To: " + to + "\r\n"
                + "Subject: " + encodedWord(message.subject()) + "\r\n"
                + "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(now.atOffset(ZoneOffset.UTC)) + "\r\n"
                + "Message-ID: <" + name.replace(".eml", "") + "@eventpipe.local>\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n"
                + "\r\n"
                + message.body().replace("\r\n", "\n").replace("\n", "\r\n");
        try {
            Files.createDirectories(outbox);
            Path tmp = Files.createTempFile(outbox, ".sending-", ".tmp");
            Files.writeString(tmp, eml, StandardCharsets.UTF_8);
            Files.move(tmp, outbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new NotificationException("could not write to the outbox " + outbox + ": " + e.getMessage(), e);
        }
    }

    /** RFC 2047: plain ASCII as is, anything else as a base64 encoded word. */
    static String encodedWord(String text) {
        if (text.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            return text;
        }
        return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)) + "?=";
    }

    private static String slug(String subject) {
        String s = subject.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return s.length() > 60 ? s.substring(0, 60) : s;
    }
}
