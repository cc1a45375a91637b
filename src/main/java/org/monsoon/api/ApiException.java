package org.monsoon.api;

/** An HTTP error answer: status and a reason for the client. */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final java.util.List<String> candidates;

    public ApiException(int status, String reason) {
        this(status, reason, java.util.List.of());
    }

    private ApiException(int status, String reason, java.util.List<String> candidates) {
        super(reason, null, false, false);
        this.status = status;
        this.candidates = java.util.List.copyOf(candidates);
    }

    public int status() {
        return status;
    }

    /** What an ambiguous request could have meant (409), else empty. */
    public java.util.List<String> candidates() {
        return candidates;
    }

    /** 409: the request names more than one thing; the answer lists them. */
    public static ApiException ambiguous(String reason, java.util.List<String> candidates) {
        return new ApiException(409, reason, candidates);
    }

    public static ApiException badRequest(String reason) {
        return new ApiException(400, reason);
    }

    public static ApiException notFound(String reason) {
        return new ApiException(404, reason);
    }

    public static ApiException unavailable(String reason) {
        return new ApiException(503, reason);
    }
}
