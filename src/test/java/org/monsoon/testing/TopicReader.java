package org.monsoon.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/** Reads a topic from the beginning, committed records only, until a condition holds or time runs out. */
public final class TopicReader {
    private TopicReader() {}

    public static <K, V> List<ConsumerRecord<K, V>> readUntil(
            String bootstrap,
            String topic,
            Deserializer<K> keys,
            Deserializer<V> values,
            Predicate<List<ConsumerRecord<K, V>>> done,
            Duration timeout) {
        List<ConsumerRecord<K, V>> records = new ArrayList<>();
        try (KafkaConsumer<K, V> consumer = fromBeginning(bootstrap, topic, keys, values)) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(records) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(300)).forEach(records::add);
            }
        }
        return records;
    }

    /** Everything committed on the topic now (reads up to the end offsets). */
    public static <K, V> List<ConsumerRecord<K, V>> readAll(
            String bootstrap, String topic, Deserializer<K> keys, Deserializer<V> values) {
        List<ConsumerRecord<K, V>> records = new ArrayList<>();
        try (KafkaConsumer<K, V> consumer = fromBeginning(bootstrap, topic, keys, values)) {
            Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(300)).forEach(records::add);
            }
        }
        return records;
    }

    private static <K, V> KafkaConsumer<K, V> fromBeginning(
            String bootstrap, String topic, Deserializer<K> keys, Deserializer<V> values) {
        KafkaConsumer<K, V> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false),
                keys,
                values);
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }
}
