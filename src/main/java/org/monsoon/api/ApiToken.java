package org.monsoon.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The bearer token the API and {@code /metrics} require when one is configured, compared in constant
 * time. Without one both are open, which suits a laptop on loopback only.
 */
final class ApiToken {
    private final byte[] expected;

    ApiToken(String token) {
        this.expected = isSet(token) ? ("Bearer " + token).getBytes(StandardCharsets.UTF_8) : null;
    }

    static boolean isSet(String token) {
        return token != null && !token.isBlank();
    }

    boolean required() {
        return expected != null;
    }

    /** Whether a request with this {@code Authorization} header may pass. */
    boolean admits(String authorizationHeader) {
        if (expected == null) {
            return true;
        }
        byte[] given = authorizationHeader == null ? new byte[0] : authorizationHeader.getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, given);
    }
}
