package org.monsoon.ingest;

/**
 * Thrown by the ingest processor for a record that breaks a rule. Kafka Streams hands it to
 * {@link DeadLetterHandlers.Processing}, which has the record's original bytes (KIP-1034) and routes
 * them to the dead-letter topic; stack traces are not filled since this is an expected outcome.
 */
public final class RejectedReportException extends RuntimeException {
    private final transient Rejection rejection;
    private final String reporter;

    public RejectedReportException(String reporter, Rejection rejection) {
        super(rejection.toString(), null, false, false);
        this.reporter = reporter;
        this.rejection = rejection;
    }

    public Rejection rejection() {
        return rejection;
    }

    public String reporter() {
        return reporter;
    }
}
