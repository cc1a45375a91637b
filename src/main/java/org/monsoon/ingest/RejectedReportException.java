package org.monsoon.ingest;

/**
 * Thrown by the ingest processor for a record that breaks a rule. Kafka Streams hands it to
 * {@link DeadLetterHandlers.Processing}, which has the record's original bytes (KIP-1034) and routes
 * them to the dead-letter topic; stack traces are not filled since this is an expected outcome.
 */
public final class RejectedReportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Rejection rejection;
    private final String reporter;
    private final boolean restricted;
    private final transient Source source;

    /**
     * Where the refused record was read from, when that is not where the stage that refuses it read it:
     * a report accepted without some indicators is lettered by the deduplication stage, after it may have
     * crossed {@code dedup-by-report}; its letter names the member's topic it came from.
     */
    public record Source(String topic, int partition, long offset) {}

    /** A record whose TLP is unknown or shareable. */
    public RejectedReportException(String reporter, Rejection rejection) {
        this(reporter, rejection, false);
    }

    /**
     * @param restricted the record decoded as a RED or AMBER+STRICT report: it is counted only in
     *     aggregate, never under its reporter
     */
    public RejectedReportException(String reporter, Rejection rejection, boolean restricted) {
        this(reporter, rejection, restricted, null);
    }

    /** @param source where the record was read from, or null for the refusing stage's own input */
    public RejectedReportException(String reporter, Rejection rejection, boolean restricted, Source source) {
        // The message holds the code and field only: a reason may quote the report's values.
        super(rejection.code() + " (" + rejection.field() + ")", null, false, false);
        this.reporter = reporter;
        this.rejection = rejection;
        this.restricted = restricted;
        this.source = source;
    }

    /** Where the record was read from, if not the refusing stage's own input. */
    public java.util.Optional<Source> source() {
        return java.util.Optional.ofNullable(source);
    }

    public boolean restricted() {
        return restricted;
    }

    public Rejection rejection() {
        return rejection;
    }

    public String reporter() {
        return reporter;
    }
}
