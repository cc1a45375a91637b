package org.monsoon.embedded;

import java.nio.file.Path;

/**
 * The laptop setup: an in-process KRaft broker and the embedded schema registry beside it, both keeping
 * their data under one directory. Closing stops the registry, then the broker.
 */
public final class EmbeddedPlatform implements AutoCloseable {
    private final EmbeddedKafka kafka;
    private final EmbeddedRegistry registry;

    private EmbeddedPlatform(EmbeddedKafka kafka, EmbeddedRegistry registry) {
        this.kafka = kafka;
        this.registry = registry;
    }

    /**
     * Starts both on {@code host}; a port of 0 picks a free one.
     */
    public static EmbeddedPlatform start(Path dataDir, String host, int kafkaPort, int registryPort) {
        EmbeddedKafka kafka = new EmbeddedKafka(dataDir, host, kafkaPort);
        try {
            kafka.start();
            return new EmbeddedPlatform(kafka, EmbeddedRegistry.start(kafka.bootstrapServers(), host, registryPort,
                    (short) 1));
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String schemaRegistryUrl() {
        return registry.url();
    }

    @Override
    public void close() {
        registry.close();
        kafka.close();
    }
}
