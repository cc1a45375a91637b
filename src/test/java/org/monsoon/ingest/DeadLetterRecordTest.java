package org.monsoon.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class DeadLetterRecordTest {
    private static final int LIMIT = DeadLetterRecord.DEFAULT_MAX_REQUEST_SIZE;
    private static final Rejection GARBAGE =
            new Rejection(Rejection.Code.DESERIALIZATION_FAILED, "value: Unknown magic byte");

    private static String header(ProducerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Value sizes around the limit: each dead letter fits, and is cut only when it must be. */
    @Test
    void everyDeadLetterFitsUnderTheProducerLimit() {
        int[] sizes = {0, 10, 500_000, LIMIT - 2_000, LIMIT - 300, LIMIT, 1_048_401, LIMIT + 10_000, 5 * LIMIT};
        for (int size : sizes) {
            byte[] value = new byte[size];
            ProducerRecord<byte[], byte[]> r = DeadLetterRecord.of(
                    "dlq", "k".getBytes(StandardCharsets.UTF_8), value, GARBAGE, "monsoon.reports.sg", 0, 42, LIMIT);
            assertTrue(DeadLetterRecord.size(r) + DeadLetterRecord.FRAMING_ALLOWANCE <= LIMIT, "size " + size);
            boolean cut = r.value().length < size;
            assertEquals(cut ? "true" : null, header(r, "monsoon.error.truncated"), "size " + size);
            if (cut) {
                assertEquals(String.valueOf(size), header(r, "monsoon.error.original.value.size"));
                assertTrue(r.value().length > LIMIT - 4_000, "keeps as much as fits");
            } else {
                assertArrayEquals(value, r.value());
            }
            assertEquals("DESERIALIZATION_FAILED", header(r, "monsoon.error.code"));
            assertEquals("42", header(r, "monsoon.source.offset"));
        }
    }

    @Test
    void aHugeKeyAndAHugeReasonAreCutToo() {
        Rejection wordy = Rejection.invalid("x".repeat(100_000));
        ProducerRecord<byte[], byte[]> r =
                DeadLetterRecord.of("dlq", new byte[LIMIT], new byte[LIMIT], wordy, "t", 1, 1, LIMIT);
        assertTrue(DeadLetterRecord.size(r) + DeadLetterRecord.FRAMING_ALLOWANCE <= LIMIT);
        assertTrue(header(r, "monsoon.error.reason").length() <= DeadLetterRecord.MAX_REASON_CHARS + 3);
        assertEquals(String.valueOf(LIMIT), header(r, "monsoon.error.original.key.size"));
    }

    @Test
    void aTombstoneStaysATombstone() {
        ProducerRecord<byte[], byte[]> r = DeadLetterRecord.of("dlq", null, null, GARBAGE, "t", 0, 0, LIMIT);
        assertNull(r.value());
        assertNull(r.key());
    }
}
