package org.monsoon.testing;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.monsoon.embedded.EmbeddedRegistry;

/**
 * A production-shaped cluster in this JVM: three KRaft brokers and a dedicated controller from
 * Kafka's own {@link KafkaClusterTestKit}, replication factor 3 and {@code min.insync.replicas=2} for
 * every topic including the offsets and transaction logs, so one broker can be lost without losing
 * an acknowledged write. The embedded schema registry runs beside it on the same cluster.
 */
public final class ReplicatedCluster implements AutoCloseable {
    public static final int BROKERS = 3;
    public static final short REPLICATION_FACTOR = 3;

    private final KafkaClusterTestKit kit;
    private final EmbeddedRegistry registry;

    private final org.monsoon.registry.RegistryCredentials writer;

    private ReplicatedCluster(
            KafkaClusterTestKit kit, EmbeddedRegistry registry, org.monsoon.registry.RegistryCredentials writer) {
        this.writer = writer;
        this.kit = kit;
        this.registry = registry;
    }

    public static ReplicatedCluster start() throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(false)
                .setNumControllerNodes(1)
                .setNumBrokerNodes(BROKERS)
                .build();
        KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("default.replication.factor", String.valueOf(REPLICATION_FACTOR))
                .setConfigProp("min.insync.replicas", "2")
                .setConfigProp("offsets.topic.replication.factor", String.valueOf(REPLICATION_FACTOR))
                .setConfigProp("offsets.topic.num.partitions", "6")
                .setConfigProp("transaction.state.log.replication.factor", String.valueOf(REPLICATION_FACTOR))
                .setConfigProp("transaction.state.log.min.isr", "2")
                .setConfigProp("transaction.state.log.num.partitions", "6")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("auto.create.topics.enable", "false")
                .build();
        try {
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
            var writer = new org.monsoon.registry.RegistryCredentials(
                    "test-admin", java.util.UUID.randomUUID().toString());
            return new ReplicatedCluster(
                    kit,
                    EmbeddedRegistry.start(kit.bootstrapServers(), "127.0.0.1", 0, REPLICATION_FACTOR, writer),
                    writer);
        } catch (Exception | Error e) {
            kit.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return kit.bootstrapServers();
    }

    public String schemaRegistryUrl() {
        return registry.url();
    }

    /** The registry's write credential, {@code user:password}. */
    public String registryUserInfo() {
        return writer.userInfo();
    }

    public Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", bootstrapServers()));
    }

    /** Stops a broker the way an operator would (controlled shutdown); its port stays reserved. */
    public void stopBroker(int id) {
        kit.brokers().get(id).shutdown();
        kit.brokers().get(id).awaitShutdown();
    }

    /** Starts a stopped broker again with its old data, on its old port. */
    public void restartBroker(int id) throws Exception {
        kit.restartBroker(id, Map.of());
        kit.waitForReadyBrokers();
    }

    /** The broker coordinating a consumer group: the most disruptive one to lose. */
    public int coordinatorOf(String groupId) throws Exception {
        try (Admin admin = admin()) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(java.util.List.of(groupId))
                    .describedGroups()
                    .get(groupId)
                    .get(30, TimeUnit.SECONDS);
            return group.coordinator().id();
        }
    }

    @Override
    public void close() throws Exception {
        registry.close();
        kit.close();
    }
}
