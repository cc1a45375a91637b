package org.monsoon.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a whole topic as it stands: every committed record of every partition, from the beginning to
 * the end offsets at the start of the scan, with no consumer group. What the tools and the start-up
 * checks read their compacted state with (bookmarks, the state-format record, dead letters and their
 * markers, the advisories a history is seeded from).
 */
public final class TopicScan {
    private TopicScan() {}

    /**
     * Every record of {@code topic} up to its end when the scan starts, partition by partition.
     *
     * @throws IllegalStateException when the topic cannot be read to its end within {@code timeout}
     */
    public static <K, V> List<ConsumerRecord<K, V>> readAll(
            Map<String, Object> clientConfig,
            String topic,
            Deserializer<K> keys,
            Deserializer<V> values,
            Duration timeout) {
        List<ConsumerRecord<K, V>> records = new ArrayList<>();
        scan(clientConfig, topic, keys, values, timeout, records::add);
        return records;
    }

    /**
     * Hands every record of {@code topic} up to its end when the scan starts to {@code each}, without
     * keeping them: what a large topic (the advisories a history is seeded from) is read with.
     *
     * @throws IllegalStateException when the topic cannot be read to its end within {@code timeout}
     */
    public static <K, V> void scan(
            Map<String, Object> clientConfig,
            String topic,
            Deserializer<K> keys,
            Deserializer<V> values,
            Duration timeout,
            java.util.function.Consumer<ConsumerRecord<K, V>> each) {
        Map<String, Object> props = new HashMap<>(clientConfig);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(props, keys, values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            if (partitions.isEmpty()) {
                return;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p, timeout) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "cannot read " + topic + " to its end within " + timeout.toSeconds() + " s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(each);
            }
        }
    }
}
