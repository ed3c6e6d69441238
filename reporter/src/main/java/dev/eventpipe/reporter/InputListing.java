package dev.eventpipe.reporter;

import dev.eventpipe.shared.audit.Upload;
import java.time.Instant;
import java.util.List;

/** The uploads of a window in the input buckets, for the report's accounting of the day's uploads. */
public interface InputListing {

    /** The buckets listed, for the report to name. */
    List<String> buckets();

    /** Every object version created at or after {@code since} and before {@code until}. */
    List<Upload> created(Instant since, Instant until);
}
