package org.monsoon.ingest;

/**
 * Why a record was refused: a dead-letter code of the contract and a reason a CERT can act on (it
 * names the field and the value that failed).
 */
public record Rejection(Code code, String reason) {

    /** The contract's dead-letter codes. */
    public enum Code { DESERIALIZATION_FAILED, REPORTER_MISMATCH, INVALID_REPORT, OVERSIZED }

    public static Rejection invalid(String reason) {
        return new Rejection(Code.INVALID_REPORT, reason);
    }

    public static Rejection oversized(String reason) {
        return new Rejection(Code.OVERSIZED, reason);
    }

    @Override
    public String toString() {
        return code + ": " + reason;
    }
}
