package org.monsoon.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.monsoon.registry.SchemaRegistry;
import org.monsoon.registry.SchemaRegistryClient;
import org.monsoon.registry.SchemaRegistryServer;
import org.monsoon.registry.SchemaStore;

/**
 * The real embedded registry over real HTTP on loopback, with an in-memory store instead of Kafka:
 * for unit tests of serdes and stages that need a registry but no broker.
 */
public final class InMemoryRegistry implements AutoCloseable {
    private static InMemoryRegistry shared;

    private final SchemaRegistryServer server;
    private final org.monsoon.registry.RegistryCredentials writer = new org.monsoon.registry.RegistryCredentials(
            "test-admin", java.util.UUID.randomUUID().toString());

    /**
     * One registry for every TopologyTestDriver fixture in the JVM, stopped at exit: the fixtures
     * register the same schemas, so they can share it, as the ITs share one broker.
     */
    public static synchronized InMemoryRegistry shared() {
        if (shared == null) {
            shared = new InMemoryRegistry();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    public InMemoryRegistry() {
        try {
            server = new SchemaRegistryServer(new SchemaRegistry(SchemaStore.inMemory()), "127.0.0.1", 0, writer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.start();
    }

    public String url() {
        return server.url();
    }

    /** A client with the write credential, as Monsoon's own processes have. */
    public SchemaRegistryClient client() {
        return new SchemaRegistryClient(url(), userInfo());
    }

    /** The write credential, {@code user:password}. */
    public String userInfo() {
        return writer.userInfo();
    }

    @Override
    public void close() {
        server.close();
    }
}
