package org.monsoon.api;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.monsoon.registry.SchemaRegistryClient;

/**
 * Whether this instance can do its work: Kafka Streams RUNNING, the brokers answering, the schema
 * registry answering. Each check says why when it fails, so a 503 body explains itself.
 */
public final class Readiness implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final Supplier<KafkaStreams.State> streams;
    private final Admin admin;
    private final SchemaRegistryClient registry;
    private final Supplier<java.util.Optional<String>> threadsGivenUp;

    public Readiness(
            Supplier<KafkaStreams.State> streams, Map<String, Object> adminConfig, SchemaRegistryClient registry) {
        this(streams, adminConfig, registry, java.util.Optional::empty);
    }

    /** @param threadsGivenUp why the instance stopped replacing failed stream threads, once it did */
    public Readiness(
            Supplier<KafkaStreams.State> streams,
            Map<String, Object> adminConfig,
            SchemaRegistryClient registry,
            Supplier<java.util.Optional<String>> threadsGivenUp) {
        this.threadsGivenUp = threadsGivenUp;
        this.streams = streams;
        Map<String, Object> config = new java.util.HashMap<>(adminConfig);
        config.put("request.timeout.ms", (int) TIMEOUT.toMillis());
        config.put("default.api.timeout.ms", (int) TIMEOUT.toMillis());
        this.admin = Admin.create(config);
        this.registry = registry;
    }

    /** Component name to {@code "UP"} or the reason it is not. */
    public Map<String, String> check() {
        Map<String, String> status = new LinkedHashMap<>();
        KafkaStreams.State state = streams.get();
        status.put(
                "streams",
                state == KafkaStreams.State.RUNNING
                        ? "UP"
                        : "state is " + state
                                + threadsGivenUp
                                        .get()
                                        .map(reason -> ": " + reason)
                                        .orElse(""));
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
                    .clusterId()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            status.put("kafka", "UP");
        } catch (Exception e) {
            status.put(
                    "kafka",
                    "brokers do not answer: "
                            + (e.getCause() != null ? e.getCause() : e)
                                    .getClass()
                                    .getSimpleName());
        }
        status.put("schemaRegistry", registry.ping(TIMEOUT).orElse("UP"));
        return status;
    }

    public static boolean ready(Map<String, String> status) {
        return status.values().stream().allMatch("UP"::equals);
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
