package org.monsoon.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.internals.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka 4.4 KRaft broker (combined broker and controller) running inside this JVM.
 *
 * <p>Storage is formatted on the first start under {@code <dataDir>/kafka} and reused afterwards, so the
 * cluster id and every topic survive a restart. Transaction-log settings allow exactly-once on one
 * node. Kafka's {@link Exit} hooks are replaced so a fatal broker error is logged and raised instead of
 * calling {@code System.exit} in the application's JVM.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final Path logDir;
    private final String host;
    private final int port;
    private final int controllerPort;
    private int saslPort = -1;
    private KafkaRaftServer server;

    /**
     * @param dataDir directory for the broker's logs (created if missing)
     * @param host address to listen on, e.g. 127.0.0.1
     * @param port client port, or 0 for a free one
     */
    public EmbeddedKafka(Path dataDir, String host, int port) {
        this.logDir = dataDir.resolve("kafka").toAbsolutePath();
        this.host = host;
        this.port = port == 0 ? freePort() : port;
        this.controllerPort = freePort();
    }

    /**
     * Adds a SASL_PLAINTEXT listener (SCRAM-SHA-256) with Kafka's {@code StandardAuthorizer}: clients
     * there are authenticated and held to ACLs, as on a production cluster. The plain listener stays
     * the operator's and inter-broker one, and is a super user. Call before {@link #start()}.
     */
    public EmbeddedKafka withSaslListener() {
        this.saslPort = freePort();
        return this;
    }

    /** Bootstrap address of the SASL listener. */
    public String saslBootstrapServers() {
        if (saslPort < 0) {
            throw new IllegalStateException("no SASL listener: call withSaslListener() before start()");
        }
        return host + ":" + saslPort;
    }

    /** Formats storage if needed and starts the broker; returns once it accepts connections. */
    public EmbeddedKafka start() {
        guardExit();
        try {
            Files.createDirectories(logDir);
            Properties props = serverProperties();
            formatIfNeeded(props);
            server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            server.startup();
            LOG.info("Embedded Kafka broker listening on {}", bootstrapServers());
            return this;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot prepare the Kafka data directory " + logDir + ": " + e, e);
        }
    }

    public String bootstrapServers() {
        return host + ":" + port;
    }

    private Properties serverProperties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@" + host + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        // One node: every internal topic has one replica, and exactly-once needs the transaction log.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // The broker and its controller are one process: after a kill -9 the controller still holds the
        // dead incarnation's registration and refuses the new one until its session expires. The
        // default 9 s was most of a restart (ready 21 s after kill -9, 12 s after a clean stop); a
        // broker that shares the controller's process cannot be partitioned from it, so 2 s is safe.
        p.put("broker.session.timeout.ms", "2000");
        p.put("broker.heartbeat.interval.ms", "500");
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");
        if (saslPort > 0) {
            p.put("listeners", p.get("listeners") + ",SASL_PLAINTEXT://" + host + ":" + saslPort);
            p.put("advertised.listeners", p.get("advertised.listeners") + ",SASL_PLAINTEXT://" + host + ":" + saslPort);
            p.put(
                    "listener.security.protocol.map",
                    p.get("listener.security.protocol.map") + ",SASL_PLAINTEXT:SASL_PLAINTEXT");
            p.put("sasl.enabled.mechanisms", "SCRAM-SHA-256");
            p.put(
                    "listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
            p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            p.put("super.users", "User:ANONYMOUS");
            p.put("allow.everyone.if.no.acl.found", "false");
        }
        return p;
    }

    private void formatIfNeeded(Properties props) throws IOException {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        Path config = Files.createTempFile("monsoon-kafka", ".properties");
        try {
            try (OutputStream out = Files.newOutputStream(config)) {
                props.store(out, "monsoon embedded broker");
            }
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            int rc = StorageTool.execute(
                    new String[] {
                        "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString(), "--ignore-formatted"
                    },
                    new PrintStream(output, true, StandardCharsets.UTF_8));
            if (rc != 0) {
                throw new IllegalStateException("Formatting Kafka storage failed: " + output);
            }
            LOG.info("Formatted Kafka storage in {}", logDir);
        } finally {
            Files.deleteIfExists(config);
        }
    }

    private static void guardExit() {
        Exit.setExitProcedure((code, message) -> {
            LOG.error("Embedded Kafka asked to exit with status {}: {}", code, message);
            throw new IllegalStateException("Embedded Kafka failed (exit " + code + "): " + message);
        });
        Exit.setHaltProcedure((code, message) -> {
            LOG.error("Embedded Kafka asked to halt with status {}: {}", code, message);
            throw new IllegalStateException("Embedded Kafka failed (halt " + code + "): " + message);
        });
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free port", e);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
            LOG.info("Embedded Kafka broker stopped");
        }
    }
}
