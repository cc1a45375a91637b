package org.monsoon.ingest;

import java.time.Duration;
import java.util.function.Supplier;
import org.monsoon.registry.SchemaRegistryException;

/**
 * A dependency that is down (the schema registry unreachable or failing), as opposed to a bad record:
 * the report is not the CERT's fault and must not be dead-lettered. Ingest retries the call with a
 * back-off for a while; if the dependency stays down it throws this, the processing handler fails the
 * thread instead of skipping the record, and the replaced thread (with its own back-off) reads the same
 * record again. {@code /health/ready} meanwhile names the dependency that is down.
 */
public final class TransientFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** How long one record waits, retrying, before its thread is failed; well inside max.poll.interval.ms. */
    static final Duration RETRY_BUDGET = Duration.ofSeconds(60);

    TransientFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether {@code failure} or one of its causes is a dependency that is down (registry 5xx or unreachable). */
    static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SchemaRegistryException e && e.status() >= 500) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs {@code call}, retrying with a back-off (100 ms doubling to 5 s) while it fails transiently, for
     * at most {@code budget}; permanent failures pass through at once.
     */
    static <T> T retrying(Supplier<T> call, Duration budget, Sleeper sleeper) {
        long deadline = System.nanoTime() + budget.toNanos();
        long pause = 100;
        while (true) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                if (!isTransient(e)) {
                    throw e;
                }
                if (System.nanoTime() + pause * 1_000_000 > deadline) {
                    throw new TransientFailure(
                            "schema registry unavailable for " + budget.toSeconds() + " s: " + e.getMessage(), e);
                }
                sleeper.sleep(pause);
                pause = Math.min(5_000, pause * 2);
            }
        }
    }

    /** Waits; a test passes one that does not. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long millis);

        Sleeper THREAD = millis -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TransientFailure("interrupted while waiting for the schema registry", e);
            }
        };
    }
}
