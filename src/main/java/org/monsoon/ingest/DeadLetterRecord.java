package org.monsoon.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds the dead-letter copy of a refused record so that it always fits: a record that arrived close
 * to Kafka's size limit would otherwise grow past it with the error headers, the producer would refuse
 * it, and the stream thread would fail on the same record forever. What does not fit is cut, and the
 * headers say so ({@code monsoon.error.truncated}, the original sizes).
 */
public final class DeadLetterRecord {
    /** The producer's default {@code max.request.size}. */
    public static final int DEFAULT_MAX_REQUEST_SIZE = 1024 * 1024;
    /** Room for the record batch and record framing around key, value and headers. */
    static final int FRAMING_ALLOWANCE = 512;
    /** A reason longer than this is cut: it is meant for people, and exception texts can be long. */
    static final int MAX_REASON_CHARS = 2_048;

    private DeadLetterRecord() {}

    /** Header naming the letter a refused record was replayed from ({@code <dlq topic>/<partition>@<offset>}). */
    public static final String REPLAY_OF = "monsoon.error.replay-of";

    /** The dead letter of {@code key}/{@code value} from topic-partition@offset, at most {@code maxBytes} in all. */
    public static ProducerRecord<byte[], byte[]> of(
            String dlqTopic,
            byte[] key,
            byte[] value,
            Rejection rejection,
            String topic,
            int partition,
            long offset,
            int maxBytes) {
        return of(dlqTopic, key, value, rejection, topic, partition, offset, maxBytes, null);
    }

    /**
     * The dead letter as {@link #of(String, byte[], byte[], Rejection, String, int, long, int)} says, naming
     * the letter the record was replayed from when it was ({@code replayOf}, else null): a letter's
     * offspring is never replayed again, so a replay cannot loop.
     */
    public static ProducerRecord<byte[], byte[]> of(
            String dlqTopic,
            byte[] key,
            byte[] value,
            Rejection rejection,
            String topic,
            int partition,
            long offset,
            int maxBytes,
            String replayOf) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("monsoon.error.code", bytes(rejection.code().name()));
        headers.add("monsoon.error.reason", bytes(clip(rejection.reason())));
        if (replayOf != null) {
            headers.add(REPLAY_OF, bytes(clip(replayOf)));
        }
        return fitted(dlqTopic, key, value, source(headers, topic, partition, offset), maxBytes);
    }

    /**
     * The operator-facing record of Monsoon's own failure ({@code monsoon.errors}): never a CERT's fault,
     * so never on the dead-letter topic. It names the stage, the exception and the source coordinates,
     * and keeps the record's bytes (cut to fit) so nothing is lost.
     */
    public static ProducerRecord<byte[], byte[]> internalError(
            String errorsTopic,
            byte[] key,
            byte[] value,
            String stage,
            Throwable failure,
            String topic,
            int partition,
            long offset,
            int maxBytes) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("monsoon.error.stage", bytes(stage));
        headers.add("monsoon.error.exception", bytes(failure.getClass().getName()));
        headers.add("monsoon.error.message", bytes(clip(String.valueOf(failure.getMessage()))));
        return fitted(errorsTopic, key, value, source(headers, topic, partition, offset), maxBytes);
    }

    private static RecordHeaders source(RecordHeaders headers, String topic, int partition, long offset) {
        headers.add("monsoon.source.topic", bytes(String.valueOf(topic)));
        headers.add("monsoon.source.partition", bytes(String.valueOf(partition)));
        headers.add("monsoon.source.offset", bytes(String.valueOf(offset)));
        return headers;
    }

    private static ProducerRecord<byte[], byte[]> fitted(
            String target, byte[] key, byte[] value, RecordHeaders headers, int maxBytes) {
        int keySize = key == null ? 0 : key.length;
        int valueSize = value == null ? 0 : value.length;
        // Room for the truncation headers is kept whether or not they are needed, so the sum is simple.
        int budget = maxBytes - FRAMING_ALLOWANCE - headerBytes(headers) - 128;
        if (keySize + valueSize <= budget) {
            return new ProducerRecord<>(target, null, key, value, headers);
        }
        int keptKey = Math.min(keySize, Math.max(0, budget / 8)); // a key is an id: it rarely needs much room
        int keptValue = Math.max(0, Math.min(valueSize, budget - keptKey));
        headers.add("monsoon.error.truncated", bytes("true"));
        headers.add("monsoon.error.original.key.size", bytes(String.valueOf(keySize)));
        headers.add("monsoon.error.original.value.size", bytes(String.valueOf(valueSize)));
        return new ProducerRecord<>(
                target,
                null,
                key == null ? null : Arrays.copyOf(key, keptKey),
                value == null ? null : Arrays.copyOf(value, keptValue),
                headers);
    }

    /** Bytes a record takes on the wire, roughly: key, value and headers (without framing). */
    public static long size(ProducerRecord<byte[], byte[]> record) {
        long bytes =
                (record.key() == null ? 0 : record.key().length) + (record.value() == null ? 0 : record.value().length);
        return bytes + headerBytes((RecordHeaders) record.headers());
    }

    private static int headerBytes(RecordHeaders headers) {
        int bytes = 0;
        for (var header : headers) {
            bytes += header.key().length() + (header.value() == null ? 0 : header.value().length) + 4;
        }
        return bytes;
    }

    private static String clip(String reason) {
        return reason.length() <= MAX_REASON_CHARS ? reason : reason.substring(0, MAX_REASON_CHARS) + "...";
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
