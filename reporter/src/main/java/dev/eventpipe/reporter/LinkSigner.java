package dev.eventpipe.reporter;

import java.net.URI;
import java.time.Duration;

/** Makes a time-limited link to an object, for the notification to point at the HTML report. */
public interface LinkSigner {

    URI link(String bucket, String key, Duration validity);
}
