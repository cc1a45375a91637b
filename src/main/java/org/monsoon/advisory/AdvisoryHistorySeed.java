package org.monsoon.advisory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.monsoon.config.Topics;
import org.monsoon.schema.Advisory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills an empty advisory history from the advisories topic, once: a deployment upgraded from a
 * release without the history keeps every advisory in TAXII and the version history. The latest
 * version of each advisory (what compaction kept) is written in one transaction, in the order it was
 * published (timestamp, then id), so a crash half-way leaves the history empty and the next start
 * seeds it again. Run before the pipeline starts, while nothing else writes the history.
 */
public final class AdvisoryHistorySeed {
    private static final Logger LOG = LoggerFactory.getLogger(AdvisoryHistorySeed.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private AdvisoryHistorySeed() {}

    /**
     * Seeds the history when it is empty and the advisories topic is not.
     *
     * @param clientConfig bootstrap servers and credentials
     * @param transactionalId the seeding producer's transactional id (under the application's prefix)
     * @return how many advisories were written
     */
    public static int seedIfEmpty(
            Map<String, Object> clientConfig,
            Topics.Topic<String, Advisory> advisories,
            Topics.Topic<String, Advisory> history,
            String transactionalId) {
        Map<String, Object> props = new HashMap<>(clientConfig);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, Advisory>> latest;
        try (KafkaConsumer<String, Advisory> consumer = new KafkaConsumer<>(
                props,
                advisories.keySerde().deserializer(),
                advisories.valueSerde().deserializer())) {
            TopicPartition historyPartition = new TopicPartition(history.name(), 0);
            if (consumer.endOffsets(List.of(historyPartition), TIMEOUT).get(historyPartition) > 0) {
                return 0;
            }
            latest = latestVersions(consumer, advisories.name());
        }
        if (latest.isEmpty()) {
            return 0;
        }
        Map<String, Object> producerProps = new HashMap<>(clientConfig);
        producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, Advisory> producer = new KafkaProducer<>(
                producerProps,
                history.keySerde().serializer(),
                history.valueSerde().serializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (ConsumerRecord<String, Advisory> record : latest) {
                producer.send(new ProducerRecord<>(history.name(), record.key(), record.value()));
            }
            producer.commitTransaction();
        }
        LOG.info(
                "Seeded the advisory history {} with the latest version of {} advisories from {}",
                history.name(),
                latest.size(),
                advisories.name());
        return latest.size();
    }

    /** The latest record of every advisory on the topic, in publishing order. */
    private static List<ConsumerRecord<String, Advisory>> latestVersions(
            KafkaConsumer<String, Advisory> consumer, String topic) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, TIMEOUT).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
        Map<String, ConsumerRecord<String, Advisory>> byId = new HashMap<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (partitions.stream().anyMatch(p -> consumer.position(p, TIMEOUT) < end.get(p))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "cannot read " + topic + " to its end within " + TIMEOUT.toSeconds() + " s");
            }
            for (ConsumerRecord<String, Advisory> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.value() == null) {
                    byId.remove(record.key());
                } else {
                    byId.merge(
                            record.key(),
                            record,
                            (a, b) -> b.value().getVersion() >= a.value().getVersion() ? b : a);
                }
            }
        }
        List<ConsumerRecord<String, Advisory>> out = new ArrayList<>(byId.values());
        out.sort(Comparator.comparingLong((ConsumerRecord<String, Advisory> r) -> r.timestamp())
                .thenComparing(ConsumerRecord::key));
        return out;
    }
}
