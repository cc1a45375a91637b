package org.monsoon.embedded;

import java.io.IOException;
import org.monsoon.registry.KafkaSchemaStore;
import org.monsoon.registry.SchemaRegistry;
import org.monsoon.registry.SchemaRegistryServer;

/**
 * The embedded Confluent-API schema registry: schemas kept in the compacted {@code _schemas} topic of
 * the given cluster, served over HTTP.
 */
public final class EmbeddedRegistry implements AutoCloseable {
    public static final String SCHEMAS_TOPIC = "_schemas";

    private final KafkaSchemaStore store;
    private final SchemaRegistryServer server;

    private EmbeddedRegistry(KafkaSchemaStore store, SchemaRegistryServer server) {
        this.store = store;
        this.server = server;
    }

    /**
     * Replays {@code _schemas} and starts serving on host:port (0 for a free port); writes need
     * {@code writer}.
     */
    public static EmbeddedRegistry start(
            String bootstrapServers,
            String host,
            int port,
            short replicationFactor,
            org.monsoon.registry.RegistryCredentials writer) {
        KafkaSchemaStore store = new KafkaSchemaStore(bootstrapServers, SCHEMAS_TOPIC, replicationFactor);
        try {
            SchemaRegistryServer server = new SchemaRegistryServer(new SchemaRegistry(store), host, port, writer);
            server.start();
            return new EmbeddedRegistry(store, server);
        } catch (IOException | RuntimeException e) {
            store.close();
            throw new IllegalStateException("Cannot start the schema registry on " + host + ":" + port + ": " + e, e);
        }
    }

    public String url() {
        return server.url();
    }

    @Override
    public void close() {
        server.close();
        store.close();
    }
}
