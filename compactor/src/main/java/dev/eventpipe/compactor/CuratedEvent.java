package dev.eventpipe.compactor;

import com.jerolba.carpet.annotation.Alias;
import com.jerolba.carpet.annotation.PrecisionScale;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * One row of {@code curated/events/}: the columns of an {@code events/} record (docs/storage.md), with the
 * same names, typed for Parquet: timestamps as TIMESTAMP (UTC, microseconds), {@code amount} as
 * DECIMAL(38,9), {@code attributes} as a MAP of strings, {@code _meta} as a STRUCT.
 */
public record CuratedEvent(String event_id, String event_type, String user_id, Instant timestamp, String action,
                           @PrecisionScale(precision = 38, scale = 9) BigDecimal amount, String session_id,
                           String country, String device, Map<String, String> attributes,
                           @Alias("_meta") Meta meta) {

    /** {@code _meta}: where the record came from. */
    public record Meta(long line, String file_id, String source_bucket, String source_key, String source_version_id,
                       String source_etag, Instant ingested_at, String pipeline_version) {
    }
}
