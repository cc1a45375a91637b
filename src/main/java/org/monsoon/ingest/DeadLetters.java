package org.monsoon.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The operators' view of the dead-letter topic: read its letters, and replay them to their source
 * topics once the cause is fixed. A replay re-sends the original key and value bytes with a
 * {@code monsoon.replayed} header, and in the same transaction writes a marker keyed by the letter's
 * coordinates to a compacted log: a replay that is interrupted and started again, or run again with
 * other filters, never sends a letter twice.
 */
public final class DeadLetters {
    /** One dead letter. */
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
            byte[] value) {
        /** {@code partition@offset}, how an operator names it. */
        public String coordinates() {
            return partition + "@" + offset;
        }
    }

    /** What a replay did. */
    public record Replayed(int sent, int alreadyReplayed, int skippedTruncated) {}

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

    /** Every letter now on the topic that {@code filter} keeps, in partition and offset order. */
    public List<Letter> read(Predicate<Letter> filter) {
        List<Letter> letters = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : readAll(dlqTopic)) {
            Letter letter = letter(r);
            if (filter.test(letter)) {
                letters.add(letter);
            }
        }
        letters.sort(java.util.Comparator.comparingInt(Letter::partition).thenComparingLong(Letter::offset));
        return letters;
    }

    /**
     * Replays the letters {@code filter} keeps and not replayed before, to their source topics, in one
     * transaction per batch with their markers. Truncated letters are not replayed: their bytes are not
     * the original any more.
     */
    public Replayed replay(Predicate<Letter> filter, String transactionalId) {
        Set<String> done = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : readAll(markerTopic)) {
            if (r.value() != null) {
                done.add(new String(r.key(), StandardCharsets.UTF_8));
            }
        }
        int sent = 0;
        int already = 0;
        int truncated = 0;
        Map<String, Object> props = new HashMap<>(clientConfig);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions(); // fences an earlier, interrupted replay and aborts what it left open
            List<Letter> batch = new ArrayList<>();
            for (Letter letter : read(filter)) {
                String marker = dlqTopic + "/" + letter.coordinates();
                if (done.contains(marker)) {
                    already++;
                } else if (letter.truncated()) {
                    truncated++;
                } else {
                    batch.add(letter);
                }
                if (batch.size() == 500) {
                    sent += send(producer, batch);
                    batch.clear();
                }
            }
            sent += send(producer, batch);
        }
        return new Replayed(sent, already, truncated);
    }

    private int send(KafkaProducer<byte[], byte[]> producer, List<Letter> batch) {
        if (batch.isEmpty()) {
            return 0;
        }
        producer.beginTransaction();
        for (Letter letter : batch) {
            RecordHeaders headers = new RecordHeaders();
            headers.add("monsoon.replayed", (dlqTopic + "/" + letter.coordinates()).getBytes(StandardCharsets.UTF_8));
            producer.send(new ProducerRecord<>(letter.sourceTopic(), null, letter.key(), letter.value(), headers));
            producer.send(new ProducerRecord<>(
                    markerTopic,
                    (dlqTopic + "/" + letter.coordinates()).getBytes(StandardCharsets.UTF_8),
                    Instant.now().toString().getBytes(StandardCharsets.UTF_8)));
        }
        producer.commitTransaction();
        return batch.size();
    }

    private Letter letter(ConsumerRecord<byte[], byte[]> r) {
        Headers h = r.headers();
        String source = header(h, "monsoon.source.topic");
        String member = source != null && source.startsWith(memberTopicPrefix)
                ? source.substring(memberTopicPrefix.length()).toUpperCase(java.util.Locale.ROOT)
                : "?";
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
                r.value());
    }

    private static String header(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        Map<String, Object> props = new HashMap<>(clientConfig);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            if (partitions.isEmpty()) {
                return records;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("timed out reading " + topic);
                }
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }
}
