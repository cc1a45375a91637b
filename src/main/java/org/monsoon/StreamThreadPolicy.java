package org.monsoon;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

/**
 * What to do when a stream thread dies. Replacing it is right for a passing fault; replacing it forever
 * is a crash loop that stops every member's reports while looking alive. So a replacement waits a
 * growing back-off (1 s, 2 s, 4 s ... up to 60 s), and past {@link #MAX_FAILURES} failures within
 * {@link #WINDOW} the client shuts down: {@code /health/ready} then says why and the
 * {@code MonsoonStreamThreadFailing} alert fires, so a person looks instead of a loop.
 */
final class StreamThreadPolicy {
    static final int MAX_FAILURES = 5;
    static final Duration WINDOW = Duration.ofMinutes(10);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

    /** The response, how long to wait before giving it, and why (for the log and readiness). */
    record Decision(StreamThreadExceptionResponse response, Duration backoff, String reason) {}

    private final Clock clock;
    private final Deque<Long> failures = new ArrayDeque<>();
    private volatile String givenUp;

    StreamThreadPolicy(Clock clock) {
        this.clock = clock;
    }

    synchronized Decision onFailure(Throwable failure) {
        long now = clock.millis();
        failures.addLast(now);
        while (!failures.isEmpty() && failures.peekFirst() < now - WINDOW.toMillis()) {
            failures.removeFirst();
        }
        String cause = describe(failure);
        if (failures.size() > MAX_FAILURES) {
            givenUp = "the stream thread failed " + failures.size() + " times within " + WINDOW.toMinutes()
                    + " min; stopped replacing it (last: " + cause + ")";
            return new Decision(StreamThreadExceptionResponse.SHUTDOWN_CLIENT, Duration.ZERO, givenUp);
        }
        long backoff = Math.min(MAX_BACKOFF.toMillis(), 1_000L << Math.min(16, failures.size() - 1));
        return new Decision(
                StreamThreadExceptionResponse.REPLACE_THREAD,
                Duration.ofMillis(backoff),
                "stream thread failure " + failures.size() + " of at most " + MAX_FAILURES + " within "
                        + WINDOW.toMinutes() + " min: " + cause);
    }

    /** Why the client was shut down, once it was. */
    Optional<String> givenUp() {
        return Optional.ofNullable(givenUp);
    }

    /**
     * The innermost cause's class: what went wrong, without a message that could quote a record, since
     * the reason is shown on the unauthenticated {@code /health/ready} (the log has the whole failure).
     */
    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }
}
