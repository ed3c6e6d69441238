package dev.eventpipe.compactor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** Reads an {@code events/} JSON Lines stream one record at a time (never the whole object). */
final class EventLines {

    private static final JsonFactory JSON = new JsonFactory();

    private EventLines() {
    }

    /** @return the number of records read */
    static long read(InputStream in, Consumer<CuratedEvent> sink) throws IOException {
        long n = 0;
        try (JsonParser p = JSON.createParser(in)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t != JsonToken.START_OBJECT) {
                    throw new IOException("expected a JSON object per line at " + p.currentLocation());
                }
                sink.accept(event(p));
                n++;
            }
        }
        return n;
    }

    private static CuratedEvent event(JsonParser p) throws IOException {
        String id = null, type = null, user = null, action = null, session = null, country = null, device = null;
        Instant ts = null;
        BigDecimal amount = null;
        Map<String, String> attrs = Map.of();
        CuratedEvent.Meta meta = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken t = p.nextToken();
            switch (f) {
                case "event_id" -> id = text(p);
                case "event_type" -> type = text(p);
                case "user_id" -> user = text(p);
                case "timestamp" -> ts = instant(p);
                case "action" -> action = text(p);
                case "amount" -> amount = t == JsonToken.VALUE_NULL ? null : p.getDecimalValue();
                case "session_id" -> session = text(p);
                case "country" -> country = text(p);
                case "device" -> device = text(p);
                case "attributes" -> attrs = attributes(p);
                case "_meta" -> meta = meta(p);
                default -> p.skipChildren();
            }
        }
        return new CuratedEvent(id, type, user, ts, action, amount, session, country, device, attrs, meta);
    }

    private static Map<String, String> attributes(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return Map.of();
        }
        Map<String, String> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            p.nextToken();
            m.put(k, p.getText());
        }
        return m;
    }

    private static CuratedEvent.Meta meta(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        long line = 0;
        String fileId = null, bucket = null, key = null, version = null, etag = null, pv = null;
        Instant at = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            p.nextToken();
            switch (f) {
                case "line" -> line = p.getLongValue();
                case "file_id" -> fileId = text(p);
                case "source_bucket" -> bucket = text(p);
                case "source_key" -> key = text(p);
                case "source_version_id" -> version = text(p);
                case "source_etag" -> etag = text(p);
                case "ingested_at" -> at = instant(p);
                case "pipeline_version" -> pv = text(p);
                default -> p.skipChildren();
            }
        }
        return new CuratedEvent.Meta(line, fileId, bucket, key, version, etag, at, pv);
    }

    private static Instant instant(JsonParser p) throws IOException {
        return p.currentToken() == JsonToken.VALUE_NULL ? null : Instant.parse(p.getText());
    }

    private static String text(JsonParser p) throws IOException {
        return p.currentToken() == JsonToken.VALUE_NULL ? null : p.getText();
    }
}
