package org.monsoon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.monsoon.config.MonsoonConfig;
import org.monsoon.config.TopicProvisioner;
import org.monsoon.config.Topics;
import org.monsoon.testing.AcceptedProgress;
import org.monsoon.testing.Accounting;
import org.monsoon.testing.AdvisoryLog;
import org.monsoon.testing.CampaignScenario;
import org.monsoon.testing.MonsoonProcess;
import org.monsoon.testing.ReplicatedCluster;
import org.monsoon.testing.TestDirs;

/**
 * Scale-out and faults on a real three-broker cluster (replication factor 3, min.insync.replicas 2):
 * two Monsoon instances of one application id share the work while thousands of reports stream in;
 * one instance is killed with SIGKILL and restarted, and the broker coordinating the group is stopped
 * and later started again. At the end every input is accounted for exactly once, every advisory's
 * versions are 1..n with no repeat or gap, nothing restricted was published, and the advisories are
 * those one undisturbed instance produces from the same input. Recovery times are printed.
 */
class FaultToleranceIT {
    private static final int RECORDS = 3000;
    private static final int CAMPAIGNS = 60;
    private static final Duration SETTLE = Duration.ofSeconds(8);
    private static ReplicatedCluster cluster;
    private static Path dir;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ReplicatedCluster.start();
        dir = TestDirs.create("fault-it");
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void twoInstancesLoseNothingAndDuplicateNothingAcrossAKilledInstanceAndAStoppedBroker() throws Exception {
        Instant base = Instant.now().minus(Duration.ofDays(1));
        CampaignScenario scenario = CampaignScenario.generate(MonsoonConfig.ASEAN, RECORDS, CAMPAIGNS, 7, base);
        List<String> report = new ArrayList<>();

        List<String> reference = referenceRun(scenario, report);

        // Two instances, a hard kill, a stopped broker.
        CampaignScenario live = CampaignScenario.generate(MonsoonConfig.ASEAN, RECORDS, CAMPAIGNS, 7, base);
        MonsoonConfig shared = config("ft-pair");
        Topics topics = provision(shared);
        MonsoonProcess a = start(shared, "a");
        MonsoonProcess b = start(shared, "b");
        MonsoonProcess restarted = null;
        AcceptedProgress progress = null;
        try {
            a.awaitReady(Duration.ofSeconds(120));
            b.awaitReady(Duration.ofSeconds(120));
            awaitGroupOf(shared.applicationId(), 2, Duration.ofSeconds(60));
            // The feed waits for each fault half-way and five-sixths through, so both land mid-stream.
            CountDownLatch killDone = new CountDownLatch(1);
            CountDownLatch brokerDown = new CountDownLatch(1);
            live.holdAfter(live.items.size() / 2, killDone);
            live.holdAfter(live.items.size() * 5 / 6, brokerDown);
            Thread feeder = new Thread(() -> live.send(shared, topics, 1000), "feeder");
            feeder.start();
            long fed = System.nanoTime();
            progress = new AcceptedProgress(
                    shared.bootstrapServers(), topics.accepted().name(), live);

            awaitAccepted(shared, topics, live.expectedAccepted.size() / 8);
            System.out.println("[progress] killing b");
            long killed = System.nanoTime();
            int sentAtKill = live.sent();
            long acceptedAtKill = progress.accepted();
            b.kill();
            killDone.countDown();
            restarted = start(shared, "b");
            Duration ready = restarted.awaitReady(Duration.ofSeconds(120));
            awaitGroupOf(shared.applicationId(), 2, Duration.ofSeconds(120));
            long recovery = System.nanoTime() - killed;
            assertTrue(standbyTasks(a) > 0 || standbyTasks(restarted) > 0, "standby tasks are assigned");
            report.add(String.format(
                    "instance b SIGKILLed at %d of %d records sent; restarted: ready %.1f s after "
                            + "its start, group stable with both instances %.1f s after the kill; %d reports accepted "
                            + "meanwhile (%.0f/s, against %.0f/s before the kill)",
                    sentAtKill,
                    live.items.size(),
                    seconds(ready.toNanos()),
                    seconds(recovery),
                    progress.accepted() - acceptedAtKill,
                    (progress.accepted() - acceptedAtKill) / seconds(recovery),
                    acceptedAtKill / seconds(killed - fed)));
            assertTrue(sentAtKill < live.items.size(), "the kill came mid-stream");

            // Stop a broker as soon as the instances have recovered, while reports still stream in.
            int acceptedBefore = Accounting.accepted(shared.bootstrapServers(), topics);
            int broker = cluster.coordinatorOf(shared.applicationId());
            long stopped = System.nanoTime();
            int sentAtStop = live.sent();
            System.out.println("[progress] stopping broker " + broker);
            cluster.stopBroker(broker);
            brokerDown.countDown();
            awaitAccepted(shared, topics, acceptedBefore + 100);
            assertTrue(sentAtStop < live.items.size(), "the broker stopped mid-stream");
            report.add(String.format(
                    "broker %d (the group's coordinator) stopped at %d records sent; 100 more "
                            + "reports accepted %.1f s later",
                    broker, sentAtStop, seconds(System.nanoTime() - stopped)));

            feeder.join(TimeUnit.MINUTES.toMillis(5));
            long drained = System.nanoTime();
            System.out.println("[progress] restarting broker " + broker);
            cluster.restartBroker(broker);
            Accounting.assertExactlyOnce(
                    shared.bootstrapServers(), topics, shared.applicationId(), live, Duration.ofSeconds(240));
            report.add(String.format(
                    "all input accounted for exactly once %.1f s after the last record was sent",
                    seconds(System.nanoTime() - drained)));
            List<String> outcome = awaitOutcome(shared, topics, reference, Duration.ofSeconds(120));

            AdvisoryLog log = AdvisoryLog.read(cluster.bootstrapServers(), topics);
            assertEquals(List.of(), log.versionAnomalies(), "each advisory version published exactly once");
            assertTrue(
                    log.everyIndicatorValue().stream().noneMatch(live.restrictedValues::contains),
                    "no RED or AMBER+STRICT indicator in any advisory");
            if (!reference.equals(outcome)) {
                Files.write(dir.resolve("reference-advisories.txt"), reference);
                Files.write(dir.resolve("pair-advisories.txt"), outcome);
            }
            assertEquals(reference, outcome, "the advisories of one undisturbed instance (see " + dir + ")");
            report.add(String.format(
                    "%d advisories (%d versions) equal the reference run's",
                    outcome.size(), log.published().size()));
        } finally {
            if (progress != null) {
                progress.close();
            }
            report.forEach(line -> System.out.println("[fault-tolerance] " + line));
            a.close();
            b.kill();
            if (restarted != null) {
                restarted.close();
            }
        }
    }

    /** One instance, undisturbed, with the whole input already waiting: the advisories to expect. */
    private static List<String> referenceRun(CampaignScenario scenario, List<String> report) throws Exception {
        MonsoonConfig single = config("ft-single");
        Topics topics = provision(single);
        scenario.send(single, topics, 0);
        List<String> reference;
        long start = System.nanoTime();
        try (MonsoonProcess instance = start(single, "single")) {
            instance.awaitReady(Duration.ofSeconds(120));
            Accounting.assertExactlyOnce(
                    single.bootstrapServers(), topics, single.applicationId(), scenario, Duration.ofSeconds(180));
            reference = settledOutcome(single, topics);
        }
        report.add(String.format(
                "reference: one instance processed %,d records in %.1f s",
                scenario.items.size(), seconds(System.nanoTime() - start)));
        assertTrue(reference.size() >= CAMPAIGNS / 2, "campaigns formed in the reference run: " + reference.size());
        return reference;
    }

    /** Topics {@code <name>.*} and application id {@code <name>}. */
    private static MonsoonConfig config(String name) {
        return MonsoonConfig.defaults()
                .withBootstrapServers(cluster.bootstrapServers())
                .withSchemaRegistryUrl(cluster.schemaRegistryUrl())
                .withRegistryCredentials(cluster.registryUserInfo())
                .withTopicPrefix(name + ".")
                .withApplicationId(name)
                .withTopicLayout(3, ReplicatedCluster.REPLICATION_FACTOR);
    }

    private static Topics provision(MonsoonConfig config) {
        Topics topics = Topics.of(config);
        new TopicProvisioner(config, topics).createMissingTopics();
        return topics;
    }

    /**
     * An instance as deploy/ runs one in production: replication factor 3, a standby replica of every
     * store, static group membership (a restarted instance takes its own tasks back without waiting
     * for its dead incarnation to time out), and a session timeout short enough for a test.
     */
    private static MonsoonProcess start(MonsoonConfig config, String name) throws Exception {
        String applicationId = config.applicationId();
        Path properties = dir.resolve(applicationId + "-" + name + ".properties");
        Files.writeString(
                properties,
                String.join(
                        "\n",
                        "kafka.num.standby.replicas=1",
                        "kafka.session.timeout.ms=10000",
                        "kafka.heartbeat.interval.ms=1000",
                        ""));
        return MonsoonProcess.run(
                dir.resolve(applicationId + "-" + name + ".log"),
                List.of(
                        "--config",
                        properties.toString(),
                        "--bootstrap-servers",
                        config.bootstrapServers(),
                        "--schema-registry-url",
                        config.schemaRegistryUrl(),
                        "--topic-prefix",
                        config.topicPrefix(),
                        "--application-id",
                        applicationId,
                        "--data-dir",
                        dir.resolve(applicationId + "-" + name).toString(),
                        "--http-port",
                        "0",
                        "--partitions",
                        "3",
                        "--replication-factor",
                        String.valueOf(ReplicatedCluster.REPLICATION_FACTOR),
                        "--instance-id",
                        name),
                java.util.Map.of("MONSOON_REGISTRY_CREDENTIALS", config.registryUserInfo()));
    }

    private static int awaitAccepted(MonsoonConfig config, Topics topics, int atLeast) {
        int count = Accounting.awaitAccepted(config.bootstrapServers(), topics, atLeast, Duration.ofSeconds(180));
        assertTrue(count >= atLeast, "accepted " + count + " of at least " + atLeast);
        return count;
    }

    /** The instance's {@code monsoon_streams_tasks{kind="standby"}}. */
    private static double standbyTasks(MonsoonProcess instance) throws Exception {
        String metrics = org.monsoon.testing.Http.get(instance.httpUrl(Duration.ofSeconds(5)) + "/metrics")
                .body();
        return metrics.lines()
                .filter(l -> l.startsWith("monsoon_streams_tasks{kind=\"standby\"}"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** Waits until the group is stable with exactly {@code members} live members; returns how long it took. */
    private static Duration awaitGroupOf(String groupId, int members, Duration timeout) throws Exception {
        long start = System.nanoTime();
        try (Admin admin = cluster.admin()) {
            while (System.nanoTime() - start < timeout.toNanos()) {
                try {
                    ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(groupId))
                            .describedGroups()
                            .get(groupId)
                            .get(30, TimeUnit.SECONDS);
                    if (group.groupState() == GroupState.STABLE
                            && group.members().size() == members) {
                        return Duration.ofNanos(System.nanoTime() - start);
                    }
                } catch (ExecutionException e) {
                    // not formed yet, or its coordinator is moving
                }
                Thread.sleep(200);
            }
        }
        throw new AssertionError("group " + groupId + " not stable with " + members + " members within " + timeout);
    }

    /** The advisories once nothing has changed for {@link #SETTLE}. */
    private static List<String> settledOutcome(MonsoonConfig config, Topics topics) throws InterruptedException {
        List<String> last = AdvisoryLog.read(config.bootstrapServers(), topics).outcome();
        long stableSince = System.nanoTime();
        while (System.nanoTime() - stableSince < SETTLE.toNanos()) {
            Thread.sleep(1_000);
            List<String> now =
                    AdvisoryLog.read(config.bootstrapServers(), topics).outcome();
            if (!now.equals(last)) {
                last = now;
                stableSince = System.nanoTime();
            }
        }
        return last;
    }

    /** The advisories once they equal {@code expected}, or as they are when time runs out. */
    private static List<String> awaitOutcome(
            MonsoonConfig config, Topics topics, List<String> expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> now = AdvisoryLog.read(config.bootstrapServers(), topics).outcome();
        while (!now.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(1_000);
            now = AdvisoryLog.read(config.bootstrapServers(), topics).outcome();
        }
        Thread.sleep(SETTLE.toMillis()); // and nothing changes after
        return AdvisoryLog.read(config.bootstrapServers(), topics).outcome();
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
