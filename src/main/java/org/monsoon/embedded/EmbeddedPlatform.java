package org.monsoon.embedded;

import java.nio.file.Path;
import org.monsoon.registry.RegistryCredentials;

/**
 * The laptop setup: an in-process KRaft broker and the embedded schema registry beside it, both keeping
 * their data under one directory. Closing stops the registry, then the broker. The registry's write
 * credential lives in the same directory ({@code registry-credentials}, owner-only), created on first
 * start.
 */
public final class EmbeddedPlatform implements AutoCloseable {
    private final EmbeddedKafka kafka;
    private final EmbeddedRegistry registry;
    private final RegistryCredentials.Loaded credentials;

    private EmbeddedPlatform(EmbeddedKafka kafka, EmbeddedRegistry registry, RegistryCredentials.Loaded credentials) {
        this.kafka = kafka;
        this.registry = registry;
        this.credentials = credentials;
    }

    /**
     * Starts both on {@code host}; a port of 0 picks a free one.
     */
    public static EmbeddedPlatform start(Path dataDir, String host, int kafkaPort, int registryPort) {
        RegistryCredentials.Loaded credentials = RegistryCredentials.loadOrCreate(dataDir);
        EmbeddedKafka kafka = new EmbeddedKafka(dataDir, host, kafkaPort);
        try {
            kafka.start();
            return new EmbeddedPlatform(
                    kafka,
                    EmbeddedRegistry.start(
                            kafka.bootstrapServers(), host, registryPort, (short) 1, credentials.credentials()),
                    credentials);
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

    /** The registry's write credential as {@code user:password}. */
    public String registryUserInfo() {
        return credentials.credentials().userInfo();
    }

    /** The credential's file, and whether this start created it (say so once, where it lives). */
    public RegistryCredentials.Loaded registryCredentials() {
        return credentials;
    }

    @Override
    public void close() {
        registry.close();
        kafka.close();
    }
}
