package org.monsoon.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.monsoon.registry.KafkaSchemaStore;
import org.monsoon.registry.SchemaRegistry;
import org.monsoon.registry.SchemaRegistryServer;

/**
 * Where the benchmark runs: a given cluster and registry, or an embedded broker in a child JVM (so
 * the pipeline's peak heap is its own) with the embedded registry in this one.
 */
final class BenchCluster implements AutoCloseable {
    private final Process broker;
    private final SchemaRegistryServer registry;
    private final KafkaSchemaStore store;
    final String bootstrapServers;
    final String registryUrl;
    /** The registry's write credential ({@code user:password}), or null for an external registry without one. */
    final String registryUserInfo;

    private BenchCluster(
            Process broker,
            SchemaRegistryServer registry,
            KafkaSchemaStore store,
            String bootstrap,
            String registryUrl,
            String registryUserInfo) {
        this.broker = broker;
        this.registry = registry;
        this.store = store;
        this.bootstrapServers = bootstrap;
        this.registryUrl = registryUrl;
        this.registryUserInfo = registryUserInfo;
    }

    static BenchCluster external(String bootstrap, String registryUrl, String registryUserInfo) {
        return new BenchCluster(null, null, null, bootstrap, registryUrl, registryUserInfo);
    }

    static BenchCluster embedded(Path dir) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Files.createDirectories(dir);
        Process broker = new ProcessBuilder(List.of(
                        java.toString(),
                        "-Xmx1g",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "org.monsoon.embedded.EmbeddedKafkaMain",
                        dir.toString(),
                        "0"))
                .redirectError(dir.resolve("broker.log").toFile())
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(broker.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("READY ")) {
            broker.destroyForcibly();
            throw new IllegalStateException("the benchmark broker did not start; see " + dir.resolve("broker.log"));
        }
        String bootstrap = line.substring("READY ".length());
        KafkaSchemaStore store = new KafkaSchemaStore(bootstrap, "_schemas", (short) 1);
        org.monsoon.registry.RegistryCredentials writer = new org.monsoon.registry.RegistryCredentials(
                "bench-admin", UUID.randomUUID().toString());
        SchemaRegistryServer registry = new SchemaRegistryServer(new SchemaRegistry(store), "127.0.0.1", 0, writer);
        registry.start();
        return new BenchCluster(broker, registry, store, bootstrap, registry.url(), writer.userInfo());
    }

    /** The embedded broker's process id, for its CPU time; empty for an external cluster. */
    java.util.OptionalLong brokerPid() {
        return broker == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(broker.pid());
    }

    @Override
    public void close() throws Exception {
        if (registry != null) {
            registry.close();
            store.close();
        }
        if (broker != null) {
            broker.getOutputStream().close();
            if (!broker.waitFor(30, TimeUnit.SECONDS)) {
                broker.destroyForcibly();
            }
        }
    }
}
