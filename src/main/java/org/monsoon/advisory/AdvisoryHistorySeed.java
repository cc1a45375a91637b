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
import org.monsoon.config.TopicScan;
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
        try (KafkaConsumer<String, Advisory> consumer = new KafkaConsumer<>(
                props,
                advisories.keySerde().deserializer(),
                advisories.valueSerde().deserializer())) {
            TopicPartition historyPartition = new TopicPartition(history.name(), 0);
            if (consumer.endOffsets(List.of(historyPartition), TIMEOUT).get(historyPartition) > 0) {
                return 0;
            }
        }
        // Only the latest version of each advisory is kept while reading: the topic may not be compacted yet.
        Map<String, ConsumerRecord<String, Advisory>> byId = new HashMap<>();
        TopicScan.scan(
                clientConfig,
                advisories.name(),
                advisories.keySerde().deserializer(),
                advisories.valueSerde().deserializer(),
                Duration.ofMinutes(5), // the whole topic, which may be large
                record -> {
                    if (record.value() == null) {
                        byId.remove(record.key());
                    } else {
                        byId.merge(
                                record.key(),
                                record,
                                (a, b) -> b.value().getVersion() >= a.value().getVersion() ? b : a);
                    }
                });
        List<ConsumerRecord<String, Advisory>> latest = inPublishingOrder(byId);
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

    /** The records in the order they were published: timestamp, then id. */
    private static List<ConsumerRecord<String, Advisory>> inPublishingOrder(
            Map<String, ConsumerRecord<String, Advisory>> byId) {
        List<ConsumerRecord<String, Advisory>> out = new ArrayList<>(byId.values());
        out.sort(Comparator.comparingLong((ConsumerRecord<String, Advisory> r) -> r.timestamp())
                .thenComparing(ConsumerRecord::key));
        return out;
    }
}
