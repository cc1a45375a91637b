package org.monsoon.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.monsoon.config.MonsoonConfig;
import org.monsoon.config.Topics;
import org.monsoon.schema.Advisory;

/** Prints each new advisory version as it is published, for people watching the demo. */
final class AdvisoryTail implements AutoCloseable {
    private final KafkaConsumer<String, Advisory> consumer;
    private final Thread thread;

    AdvisoryTail(MonsoonConfig config, PrintStream out) {
        Topics.Topic<String, Advisory> topic = Topics.of(config).advisories();
        Map<String, Object> props = config.clientConfig();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer = new KafkaConsumer<>(
                props, topic.keySerde().deserializer(), topic.valueSerde().deserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic.name(), p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        thread = new Thread(
                () -> {
                    try {
                        while (!Thread.currentThread().isInterrupted()) {
                            for (ConsumerRecord<String, Advisory> r : consumer.poll(Duration.ofMillis(500))) {
                                Advisory a = r.value();
                                if (a != null) {
                                    out.printf(
                                            "advisory %s v%d %-7s %-8s TLP:%-6s %s%n",
                                            a.getAdvisoryId().substring(0, 8),
                                            a.getVersion(),
                                            a.getStatus(),
                                            a.getSeverity(),
                                            a.getTlp().name().replace('_', '+'),
                                            TerminalText.plain(a.getTitle()));
                                }
                            }
                        }
                    } catch (WakeupException stopping) {
                        // close() woke us
                    } finally {
                        consumer.close();
                    }
                },
                "monsoon-demo-advisories");
        thread.setDaemon(true);
        thread.start();
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
