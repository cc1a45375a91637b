package org.monsoon.cli;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.monsoon.config.MonsoonConfig;
import org.monsoon.embedded.EmbeddedRegistry;
import org.monsoon.registry.KafkaSchemaStore;
import org.monsoon.registry.RegistryCredentials;
import org.monsoon.registry.SchemaRegistry;
import org.monsoon.registry.SchemaRegistryServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code monsoon registry}: the Confluent-API schema registry on its own, its schemas in the cluster's
 * {@code _schemas} topic, for deployments that run Kafka themselves. Reads are open; writes need the
 * credential ({@code --registry-credentials}, or the one created in the data directory).
 */
@Command(
        name = "registry",
        mixinStandardHelpOptions = true,
        description = "Serve the schema registry (Confluent REST API) on a Kafka cluster; writes need a credential.")
final class RegistryCommand implements Callable<Integer> {
    @ParentCommand
    MonsoonCli parent;

    @Mixin
    ConnectionOptions connection;

    @Option(
            names = "--registry-host",
            defaultValue = "127.0.0.1",
            description = "Address to serve on (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--registry-port", description = "Port to serve on (default: ${DEFAULT-VALUE})")
    int port;

    @Option(
            names = "--replication-factor",
            description = "Replication factor of the _schemas topic when it is created (default: ${DEFAULT-VALUE})")
    short replicationFactor;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new CliException("--registry-port " + port + " is out of range 0-65535");
        }
        MonsoonConfig config = connection.toConfig(parent.defaults());
        RegistryCredentials writer;
        if (config.registryUserInfo() != null) {
            writer = RegistryCredentials.parse(config.registryUserInfo());
        } else {
            RegistryCredentials.Loaded loaded = RegistryCredentials.loadOrCreate(config.dataDir());
            writer = loaded.credentials();
            System.out.println("Schema registry writes need a credential: user " + writer.user() + ", password in "
                    + loaded.file().toAbsolutePath() + (loaded.created() ? " (created now, owner-only)" : ""));
        }
        Map<String, Object> clients = new HashMap<>(config.clientOverrides());
        clients.put("bootstrap.servers", config.bootstrapServers());
        KafkaSchemaStore store = new KafkaSchemaStore(clients, EmbeddedRegistry.SCHEMAS_TOPIC, replicationFactor);
        SchemaRegistryServer server;
        try {
            server = new SchemaRegistryServer(new SchemaRegistry(store), host, port, writer);
        } catch (java.io.IOException e) {
            store.close();
            throw new CliException("cannot serve on " + host + ":" + port + ": " + e.getMessage(), 1);
        }
        server.start();
        System.out.println("Schema registry: " + server.url());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            store.close();
                            stopped.countDown();
                        },
                        "registry-shutdown"));
        stopped.await();
        return 0;
    }
}
