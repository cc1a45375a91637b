package org.monsoon.testing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Watches the accepted-reports topic while a scenario streams in, so a test can say what a fault cost:
 * how many reports were accepted by any moment, printed every two seconds beside how many were sent.
 */
public final class AcceptedProgress implements AutoCloseable {
    private final Thread thread;
    private volatile long accepted;

    public AcceptedProgress(String bootstrap, String acceptedTopic, CampaignScenario scenario) {
        thread = new Thread(() -> watch(bootstrap, acceptedTopic, scenario), "accepted-progress");
        thread.setDaemon(true);
        thread.start();
    }

    private void watch(String bootstrap, String topic, CampaignScenario scenario) {
        long start = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", bootstrap, "isolation.level", "read_committed"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long printed = 0;
            while (!Thread.currentThread().isInterrupted()) {
                accepted += consumer.poll(Duration.ofMillis(200)).count();
                long now = System.nanoTime();
                if (now - printed > 2_000_000_000L) {
                    printed = now;
                    System.out.printf(
                            "[progress] t=%5.1fs sent=%d accepted=%d%n",
                            (now - start) / 1e9, scenario.sent(), accepted);
                }
            }
        } catch (InterruptException e) {
            // closed
        }
    }

    /** Reports accepted so far. */
    public long accepted() {
        return accepted;
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join(10_000);
    }
}
