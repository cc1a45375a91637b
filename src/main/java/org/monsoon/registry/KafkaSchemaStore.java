package org.monsoon.registry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Keeps the registry's log in a single-partition compacted topic ({@code _schemas}, as Confluent's
 * registry does), so ids and versions survive a restart. There is one writer: the embedded registry.
 */
public final class KafkaSchemaStore implements SchemaStore {
    private final String topic;
    private final Map<String, Object> clientConfig;
    private final KafkaProducer<String, String> producer;

    public KafkaSchemaStore(String bootstrapServers, String topic, short replicationFactor) {
        this(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), topic, replicationFactor);
    }

    /** @param clientConfig Kafka client settings (bootstrap servers, and SASL/TLS on a secured cluster) */
    public KafkaSchemaStore(Map<String, Object> clientConfig, String topic, short replicationFactor) {
        this.topic = topic;
        this.clientConfig = Map.copyOf(clientConfig);
        createTopic(replicationFactor);
        Properties props = new Properties();
        props.putAll(clientConfig);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private void createTopic(short replicationFactor) {
        try (Admin admin = Admin.create(clientConfig)) {
            NewTopic spec = new NewTopic(topic, 1, replicationFactor)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            admin.createTopics(List.of(spec)).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Cannot create the schema topic " + topic + ": " + e.getCause(), e);
            }
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("Cannot create the schema topic " + topic + ": " + e, e);
        }
    }

    @Override
    public void replay(BiConsumer<String, String> sink) {
        Properties props = new Properties();
        props.putAll(clientConfig);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), Duration.ofSeconds(60))
                    .get(partition);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (consumer.position(partition) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Timed out reading " + topic + " up to offset " + end);
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    sink.accept(record.key(), record.value());
                }
            }
        }
    }

    @Override
    public void append(String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, 0, key, value)).get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException(500, SchemaRegistryException.STORE_ERROR, "Interrupted storing", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new SchemaRegistryException(
                    500, SchemaRegistryException.STORE_ERROR, "Cannot store in " + topic + ": " + e, e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
