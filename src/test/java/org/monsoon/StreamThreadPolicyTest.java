package org.monsoon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class StreamThreadPolicyTest {
    private Instant now = Instant.parse("2026-11-28T00:00:00Z");

    private StreamThreadPolicy policy() {
        return new StreamThreadPolicy(new org.monsoon.testing.FollowingClock(() -> now));
    }

    @Test
    void replacesWithAGrowingBackoffThenGivesUpWithTheReason() {
        StreamThreadPolicy policy = policy();
        long[] backoffs = {1, 2, 4, 8, 16};
        Exception failure = new StreamsException(new RecordTooLargeException("1048710 bytes"));
        for (long seconds : backoffs) {
            StreamThreadPolicy.Decision d = policy.onFailure(failure);
            assertEquals(StreamThreadExceptionResponse.REPLACE_THREAD, d.response());
            assertEquals(Duration.ofSeconds(seconds), d.backoff());
            now = now.plusSeconds(30);
        }
        StreamThreadPolicy.Decision last = policy.onFailure(failure);
        assertEquals(StreamThreadExceptionResponse.SHUTDOWN_CLIENT, last.response());
        assertTrue(
                policy.givenUp().orElseThrow().contains("RecordTooLargeException"),
                policy.givenUp().toString());
        assertTrue(!policy.givenUp().orElseThrow().contains("1048710"), "no message on the open readiness endpoint");
    }

    @Test
    void failuresOutsideTheWindowAreForgotten() {
        StreamThreadPolicy policy = policy();
        for (int i = 0; i < 20; i++) {
            assertEquals(
                    StreamThreadExceptionResponse.REPLACE_THREAD,
                    policy.onFailure(new IllegalStateException("x")).response());
            now = now.plus(Duration.ofMinutes(3)); // at most four in any ten minutes
        }
        assertTrue(policy.givenUp().isEmpty());
    }
}
