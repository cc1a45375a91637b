package org.monsoon.advisory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.monsoon.config.Topics;
import org.monsoon.schema.Advisory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code monsoon.advisories.history} from the beginning, committed versions only, and hands every
 * advisory version, in order and with the broker's time of adding it, to its listeners (the TAXII
 * collections, the dashboard's version history). The topic has one partition and broker timestamps,
 * so every instance sees the same versions in the same order with the same times: the read models
 * built from it are the same on every instance and after every restart. Listeners run on the feed's
 * one thread.
 */
public final class AdvisoryFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdvisoryFeed.class);

    /** Told of every advisory version, with when it was added to the history (broker time, ms). */
    @FunctionalInterface
    public interface Listener {
        void accept(Advisory advisory, long addedAtMs);
    }

    private final KafkaConsumer<String, Advisory> consumer;
    private final List<Listener> listeners;
    private final Thread thread;
    private volatile long consumed;
    private volatile long failed;

    /** Starts reading; {@code clientConfig} carries the bootstrap servers and credentials. */
    public AdvisoryFeed(
            Map<String, Object> clientConfig, Topics.Topic<String, Advisory> topic, List<Listener> listeners) {
        Map<String, Object> props = new java.util.HashMap<>(clientConfig);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "monsoon-advisory-feed");
        this.consumer = new KafkaConsumer<>(
                props, topic.keySerde().deserializer(), topic.valueSerde().deserializer());
        this.listeners = List.copyOf(listeners);
        this.thread = new Thread(() -> run(topic.name()), "monsoon-advisory-feed");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(String topic) {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofMinutes(1)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!Thread.currentThread().isInterrupted()) {
                poll();
            }
        } catch (WakeupException closing) {
            // close() woke the consumer
        } catch (RuntimeException e) {
            // The message may quote a record; the class and stack are enough to find the fault.
            LOG.error(
                    "The advisory feed stopped ({}); TAXII and the version history no longer change",
                    e.getClass().getSimpleName());
        } finally {
            consumer.close();
        }
    }

    private void poll() {
        try {
            for (ConsumerRecord<String, Advisory> record : consumer.poll(Duration.ofMillis(500))) {
                if (record.value() != null) {
                    listeners.forEach(listener -> deliver(listener, record));
                }
                consumed++;
            }
        } catch (RecordDeserializationException e) {
            // Monsoon wrote this record; an unreadable one is skipped, never a reason to stop serving.
            LOG.warn("Skipping an unreadable advisory at {} offset {}", e.topicPartition(), e.offset());
            consumer.seek(e.topicPartition(), e.offset() + 1);
        }
    }

    /**
     * One listener's fault with one advisory must not stop the feed for every other advisory and
     * listener: it is logged (class only: the message may quote the advisory) and the feed goes on.
     */
    private void deliver(Listener listener, ConsumerRecord<String, Advisory> record) {
        try {
            listener.accept(record.value(), record.timestamp());
        } catch (RuntimeException e) {
            failed++;
            LOG.error(
                    "{} failed on the advisory at {}-{}@{} ({}); it is skipped there",
                    listener.getClass().getSimpleName(),
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getClass().getSimpleName());
        }
    }

    /** Advisory deliveries a listener failed on (each logged). */
    public long failed() {
        return failed;
    }

    /** Advisory records read so far (for tests and readiness). */
    public long consumed() {
        return consumed;
    }

    @Override
    public void close() {
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
