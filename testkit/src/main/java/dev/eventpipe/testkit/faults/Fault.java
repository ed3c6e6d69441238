package dev.eventpipe.testkit.faults;

/** What the proxy does to one request. */
public enum Fault {
    /** Forwarded untouched. */
    NONE,
    /** Answered 500 {@code InternalError} (S3) / {@code InternalFailure} (SQS) without reaching the endpoint. */
    INTERNAL_ERROR,
    /** Answered 503 {@code SlowDown} (S3) / {@code ServiceUnavailable} (SQS) without reaching the endpoint. */
    SLOW_DOWN,
    /** Answered as throttled without reaching the endpoint: SQS's 400 {@code ThrottlingException}, S3's 503 {@code SlowDown}. */
    THROTTLING,
    /**
     * Forwarded (the endpoint did the work), then the connection is reset (TCP RST) halfway through the
     * response: the client cannot know whether its request took effect.
     */
    RESET_MID_RESPONSE,
    /** Forwarded, then the response's body is cut in half and the connection closed (its Content-Length kept). */
    TRUNCATED_BODY,
    /** Forwarded after the plan's added latency. */
    LATENCY,
    /**
     * Answered 403 {@code AccessDenied} without reaching the endpoint: a failure no retry cures (a key the
     * reader may not read, say). Never drawn at random by a test that wants progress; meant for
     * {@link FaultProxy#failMatching}.
     */
    ACCESS_DENIED
}
