package org.monsoon.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.monsoon.registry.SchemaRegistryException;

class TransientFailureTest {
    private final List<Long> pauses = new ArrayList<>();
    private final TransientFailure.Sleeper recorder = pauses::add;

    @Test
    void aRegistryThatComesBackIsRetriedWithAGrowingPause() {
        AtomicInteger calls = new AtomicInteger();
        String value = TransientFailure.retrying(
                () -> {
                    if (calls.incrementAndGet() < 4) {
                        throw new SerializationException(
                                "wrapped", new SchemaRegistryException(503, 50003, "unreachable"));
                    }
                    return "decoded";
                },
                Duration.ofSeconds(60),
                recorder);
        assertEquals("decoded", value);
        assertEquals(List.of(100L, 200L, 400L), pauses);
    }

    @Test
    void aPermanentFailurePassesAtOnce() {
        SerializationException unknownId =
                new SerializationException("x", new SchemaRegistryException(404, 40403, "no id"));
        assertThrows(
                SerializationException.class,
                () -> TransientFailure.retrying(
                        () -> {
                            throw unknownId;
                        },
                        Duration.ofSeconds(60),
                        recorder));
        assertTrue(pauses.isEmpty());
    }

    @Test
    void aRegistryThatStaysDownEndsInATransientFailureNotARejection() {
        TransientFailure e = assertThrows(
                TransientFailure.class,
                () -> TransientFailure.retrying(
                        () -> {
                            throw new SchemaRegistryException(503, 50003, "unreachable");
                        },
                        Duration.ofMillis(1_000),
                        recorder));
        assertTrue(e.getMessage().startsWith("schema registry unavailable"), e.getMessage());
    }
}
