package org.monsoon.warninglist;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.monsoon.config.MonsoonConfig;
import org.monsoon.config.Topics;
import org.monsoon.schema.WarninglistEntry;

/**
 * Reads and writes the compacted {@code monsoon.warninglist} topic: seeding the bundled MISP lists on
 * first start, and the {@code monsoon warninglist} commands. Removing an entry writes a tombstone.
 */
public final class WarninglistAdmin implements AutoCloseable {
    private final MonsoonConfig config;
    private final Topics.Topic<String, WarninglistEntry> topic;
    private final KafkaProducer<String, WarninglistEntry> producer;

    public WarninglistAdmin(MonsoonConfig config, Topics topics) {
        this.config = config;
        this.topic = topics.warninglist();
        Map<String, Object> props = config.clientConfig();
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        this.producer = new KafkaProducer<>(
                props, topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    /** Writes entries; returns once the broker has them all. */
    public int put(Collection<WarninglistEntry> entries) {
        List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
        for (WarninglistEntry entry : entries) {
            sent.add(producer.send(new ProducerRecord<>(topic.name(), WarninglistEntries.key(entry), entry)));
        }
        producer.flush();
        awaitAll(sent);
        return entries.size();
    }

    /** Removes the entry stored under {@code key} (a tombstone). */
    public void remove(String key) {
        awaitAll(List.of(producer.send(new ProducerRecord<>(topic.name(), key, null))));
    }

    /** Seeds the bundled MISP warninglists when the topic has never been written; returns how many. */
    public int seedIfEmpty() throws java.io.IOException {
        if (!isEmpty()) {
            return 0;
        }
        int count = 0;
        for (MispWarninglist.Parsed list : MispWarninglist.bundled(java.time.Instant.now())) {
            count += put(list.entries());
        }
        return count;
    }

    /** The current entries, latest per key, tombstones applied. */
    public Map<String, WarninglistEntry> list() {
        Map<String, WarninglistEntry> entries = new TreeMap<>();
        try (KafkaConsumer<String, WarninglistEntry> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, WarninglistEntry> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() == null) {
                        entries.remove(r.key());
                    } else {
                        entries.put(r.key(), r.value());
                    }
                }
            }
        }
        return entries;
    }

    private boolean isEmpty() {
        try (KafkaConsumer<String, WarninglistEntry> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer);
            return consumer.endOffsets(partitions).values().stream().allMatch(offset -> offset == 0);
        }
    }

    private KafkaConsumer<String, WarninglistEntry> consumer() {
        Map<String, Object> props = config.clientConfig();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(
                props, topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    }

    private List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic.name(), p.partition()))
                .toList();
        if (partitions.isEmpty()) {
            throw new IllegalStateException("topic " + topic.name() + " does not exist (start 'monsoon run' first)");
        }
        return partitions;
    }

    private static void awaitAll(List<java.util.concurrent.Future<?>> sent) {
        try {
            for (java.util.concurrent.Future<?> f : sent) {
                f.get(60, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted writing the warninglist", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot write the warninglist: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
