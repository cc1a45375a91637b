package org.monsoon.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.monsoon.config.TopicScan;

/**
 * The operators' view of the dead-letter topic: read its letters, replay them to their source topics
 * once the cause is fixed, or close them as resolved (a corrected report superseded them). A replay
 * re-sends the original key and value bytes with a {@link #REPLAYED} header naming the letter, and in
 * the same transaction writes a marker keyed by the letter's coordinates to a compacted log; a resolve
 * writes a marker too. A letter is replayed at most once, however often a replay is interrupted or run
 * again with other filters; and a letter the pipeline wrote for a replayed record (its offspring, which
 * names the letter it came from) is never replayed, so a replay cannot loop.
 */
public final class DeadLetters {
    /** Header of a replayed record: the letter it was replayed from, {@code <dlq topic>/<partition>@<offset>}. */
    public static final String REPLAYED = "monsoon.replayed";

    /** Where a letter stands. */
    public enum Status {
        /** Neither replayed nor resolved. */
        OPEN,
        /** Sent back to its source topic. */
        REPLAYED,
        /** Closed by an operator: a corrected report superseded it. */
        RESOLVED
    }

    /**
     * One dead letter.
     *
     * @param replayOf the letter whose replay this letter is (its record was refused again), or null
     * @param status whether it was replayed or resolved, and {@code closedAt} when
     */
    public record Letter(
            int partition,
            long offset,
            Instant time,
            String member,
            String code,
            String reason,
            String sourceTopic,
            boolean truncated,
            byte[] key,
            byte[] value,
            String replayOf,
            Status status,
            Instant closedAt) {
        /** {@code partition@offset}, how an operator names it. */
        public String coordinates() {
            return partition + "@" + offset;
        }
    }

    /**
     * What a replay did (or, dry, would do).
     *
     * @param closed letters replayed or resolved before
     * @param offspring letters written for an earlier replay's records, never replayed again
     * @param notReplayable letters whose report was accepted anyway (INVALID_INDICATOR) or whose bytes
     *     were truncated
     */
    public record Replayed(int sent, int closed, int offspring, int notReplayable) {}

    private final Map<String, Object> clientConfig;
    private final String dlqTopic;
    private final String markerTopic;
    private final String memberTopicPrefix;

    /**
     * @param markerTopic the compacted log of replayed letters
     * @param memberTopicPrefix member topics are {@code <prefix><cc>}: a letter's member comes from its source
     */
    public DeadLetters(
            Map<String, Object> clientConfig, String dlqTopic, String markerTopic, String memberTopicPrefix) {
        this.clientConfig = Map.copyOf(clientConfig);
        this.dlqTopic = dlqTopic;
        this.markerTopic = markerTopic;
        this.memberTopicPrefix = memberTopicPrefix;
    }

    /** Every letter now on the topic that {@code filter} keeps, with its status, in partition and offset order. */
    public List<Letter> read(Predicate<Letter> filter) {
        Map<String, String> markers = markers();
        List<Letter> letters = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : readAll(dlqTopic)) {
            Letter letter = letter(r, markers);
            if (filter.test(letter)) {
                letters.add(letter);
            }
        }
        letters.sort(java.util.Comparator.comparingInt(Letter::partition).thenComparingLong(Letter::offset));
        return letters;
    }

    /** Marker key ({@code <dlq topic>/<partition>@<offset>}) to its value ({@code replayed|resolved <instant>}). */
    private Map<String, String> markers() {
        Map<String, String> markers = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : readAll(markerTopic)) {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            if (r.value() == null) {
                markers.remove(key);
            } else {
                markers.put(key, new String(r.value(), StandardCharsets.UTF_8));
            }
        }
        return markers;
    }

    /** Why a letter is not replayed, or null when it is. */
    private static String notReplayed(Letter letter) {
        if (letter.status() != Status.OPEN) {
            return "closed";
        }
        if (letter.replayOf() != null) {
            return "offspring";
        }
        if (letter.truncated() || Rejection.Code.INVALID_INDICATOR.name().equals(letter.code())) {
            return "not replayable";
        }
        return null;
    }

    /** What {@link #replay} would do with the letters {@code filter} keeps, sending nothing. */
    public Replayed dryRun(Predicate<Letter> filter) {
        int[] counts = new int[4];
        for (Letter letter : read(filter)) {
            count(counts, notReplayed(letter));
        }
        return new Replayed(counts[0], counts[1], counts[2], counts[3]);
    }

    private static void count(int[] counts, String why) {
        counts[
                why == null
                        ? 0
                        : switch (why) {
                            case "closed" -> 1;
                            case "offspring" -> 2;
                            default -> 3;
                        }]++;
    }

    /**
     * Replays the open letters {@code filter} keeps to their source topics, in one transaction per batch
     * with their markers. Not replayed: letters replayed or resolved before, the offspring of a replay,
     * truncated letters (their bytes are not the original any more) and INVALID_INDICATOR letters (their
     * report was accepted).
     */
    public Replayed replay(Predicate<Letter> filter, String transactionalId) {
        int[] counts = new int[4];
        Map<String, Object> props = new HashMap<>(clientConfig);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions(); // fences an earlier, interrupted replay and aborts what it left open
            List<Letter> batch = new ArrayList<>();
            for (Letter letter : read(filter)) {
                String why = notReplayed(letter);
                if (why != null) {
                    count(counts, why);
                    continue;
                }
                batch.add(letter);
                if (batch.size() == 500) {
                    counts[0] += send(producer, batch);
                    batch.clear();
                }
            }
            counts[0] += send(producer, batch);
        }
        return new Replayed(counts[0], counts[1], counts[2], counts[3]);
    }

    /**
     * Closes a letter as resolved (its report was corrected and sent again): it is shown as resolved and
     * never replayed.
     *
     * @return the letter as it was before, or empty when there is no such letter
     * @throws IllegalStateException when the letter was replayed or resolved already
     */
    public java.util.Optional<Letter> resolve(int partition, long offset) {
        java.util.Optional<Letter> letter = read(l -> l.partition() == partition && l.offset() == offset).stream()
                .findFirst();
        if (letter.isEmpty()) {
            return letter;
        }
        if (letter.get().status() != Status.OPEN) {
            throw new IllegalStateException("letter " + letter.get().coordinates() + " was "
                    + letter.get().status().name().toLowerCase(java.util.Locale.ROOT) + " at "
                    + letter.get().closedAt());
        }
        Map<String, Object> props = new HashMap<>(clientConfig);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                            markerTopic,
                            (dlqTopic + "/" + letter.get().coordinates()).getBytes(StandardCharsets.UTF_8),
                            ("resolved " + Instant.now()).getBytes(StandardCharsets.UTF_8)))
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(
                    "interrupted resolving " + letter.get().coordinates(), e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(
                    "cannot resolve " + letter.get().coordinates() + ": "
                            + e.getCause().getMessage(),
                    e);
        }
        return letter;
    }

    private int send(KafkaProducer<byte[], byte[]> producer, List<Letter> batch) {
        if (batch.isEmpty()) {
            return 0;
        }
        producer.beginTransaction();
        for (Letter letter : batch) {
            RecordHeaders headers = new RecordHeaders();
            headers.add(REPLAYED, (dlqTopic + "/" + letter.coordinates()).getBytes(StandardCharsets.UTF_8));
            producer.send(new ProducerRecord<>(letter.sourceTopic(), null, letter.key(), letter.value(), headers));
            producer.send(new ProducerRecord<>(
                    markerTopic,
                    (dlqTopic + "/" + letter.coordinates()).getBytes(StandardCharsets.UTF_8),
                    ("replayed " + Instant.now()).getBytes(StandardCharsets.UTF_8)));
        }
        producer.commitTransaction();
        return batch.size();
    }

    private Letter letter(ConsumerRecord<byte[], byte[]> r, Map<String, String> markers) {
        Headers h = r.headers();
        String source = header(h, "monsoon.source.topic");
        String member = source != null && source.startsWith(memberTopicPrefix)
                ? source.substring(memberTopicPrefix.length()).toUpperCase(java.util.Locale.ROOT)
                : "?";
        String marker = markers.get(dlqTopic + "/" + r.partition() + "@" + r.offset());
        Status status = Status.OPEN;
        Instant closedAt = null;
        if (marker != null) {
            // "replayed <instant>" or "resolved <instant>"; a bare instant was written by earlier releases.
            int space = marker.indexOf(' ');
            status = space > 0 && marker.startsWith("resolved") ? Status.RESOLVED : Status.REPLAYED;
            try {
                closedAt = Instant.parse(marker.substring(space + 1));
            } catch (java.time.format.DateTimeParseException e) {
                closedAt = null;
            }
        }
        return new Letter(
                r.partition(),
                r.offset(),
                Instant.ofEpochMilli(r.timestamp()),
                member,
                String.valueOf(header(h, "monsoon.error.code")),
                String.valueOf(header(h, "monsoon.error.reason")),
                source,
                "true".equals(header(h, "monsoon.error.truncated")),
                r.key(),
                r.value(),
                header(h, DeadLetterRecord.REPLAY_OF),
                status,
                closedAt);
    }

    private static String header(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        return TopicScan.readAll(
                clientConfig, topic, new ByteArrayDeserializer(), new ByteArrayDeserializer(), Duration.ofMinutes(5));
    }
}
