package org.monsoon.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP request and its answer, as Monsoon's handlers see it: the few things they read and write,
 * whatever server carries them.
 */
public interface HttpCall {
    String method();

    /** The path as sent, still percent-encoded. */
    String rawPath();

    /** The query as sent, or null. */
    String rawQuery();

    /** A request header, or null. */
    String header(String name);

    /**
     * The request body, at most {@code maxBytes}.
     *
     * @throws BodyTooLarge when it is longer
     */
    byte[] body(int maxBytes) throws IOException;

    /** Sets a response header (before {@link #respond}). */
    void setHeader(String name, String value);

    /** Sends the answer; a call is answered once. */
    void respond(int status, String contentType, byte[] body) throws IOException;

    default void respond(int status, String contentType, String body) throws IOException {
        respond(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** A request body over its limit. */
    final class BodyTooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        public BodyTooLarge(int maxBytes) {
            super("request body larger than " + maxBytes + " bytes");
        }
    }

    /** What serves a path. */
    @FunctionalInterface
    interface Handler {
        void handle(HttpCall call) throws IOException;
    }
}
