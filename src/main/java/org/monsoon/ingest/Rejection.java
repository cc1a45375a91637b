package org.monsoon.ingest;

/**
 * Why a record was refused: a dead-letter code of the contract and a reason a CERT can act on (it
 * names the field and the value that failed).
 */
public record Rejection(Code code, String reason) {

    /** The contract's dead-letter codes. */
    public enum Code {
        DESERIALIZATION_FAILED,
        REPORTER_MISMATCH,
        INVALID_REPORT,
        /** The report was accepted without the indicators this letter names: it is not a refusal. */
        INVALID_INDICATOR,
        /** A withdrawal of a report id never accepted from that member. */
        UNKNOWN_REPORT,
        OVERSIZED
    }

    public static Rejection invalid(String reason) {
        return new Rejection(Code.INVALID_REPORT, reason);
    }

    public static Rejection oversized(String reason) {
        return new Rejection(Code.OVERSIZED, reason);
    }

    /**
     * The field the reason is about ({@code indicators[3]}, {@code title}, {@code value}), never a value:
     * what a log line may say about a report whose content must not leave the dead-letter topic.
     */
    public String field() {
        int end = 0;
        while (end < reason.length()
                && (Character.isLetterOrDigit(reason.charAt(end)) || "_[].".indexOf(reason.charAt(end)) >= 0)) {
            end++;
        }
        return end == 0 ? "record" : reason.substring(0, end);
    }

    @Override
    public String toString() {
        return code + ": " + reason;
    }
}
