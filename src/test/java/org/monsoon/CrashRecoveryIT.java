package org.monsoon;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.monsoon.config.MonsoonConfig;
import org.monsoon.config.TopicProvisioner;
import org.monsoon.config.Topics;
import org.monsoon.embedded.EmbeddedPlatform;
import org.monsoon.testing.Accounting;
import org.monsoon.testing.CampaignScenario;
import org.monsoon.testing.MonsoonProcess;
import org.monsoon.testing.SharedPlatform;
import org.monsoon.testing.TestDirs;

/**
 * Exactly-once across a crash: thousands of reports (with redeliveries, invalid and undecodable ones)
 * stream in while the only Monsoon process is killed with SIGKILL mid-stream and started again on
 * the same state directory. At the end every input is accounted for exactly once: accepted +
 * dead-lettered + duplicates = produced. {@link FaultToleranceIT} does the same with two instances
 * and a broker lost on a three-broker cluster.
 */
class CrashRecoveryIT {
    private static final String PREFIX = "crash-it.";

    @Test
    void everyRecordIsAccountedForExactlyOnceAcrossAHardKill() throws Exception {
        EmbeddedPlatform platform = SharedPlatform.get();
        MonsoonConfig config = MonsoonConfig.defaults()
                .withBootstrapServers(platform.bootstrapServers())
                .withSchemaRegistryUrl(platform.schemaRegistryUrl())
                .withRegistryCredentials(platform.registryUserInfo())
                .withTopicPrefix(PREFIX)
                .withTopicLayout(3, (short) 1);
        Topics topics = Topics.of(config);
        new TopicProvisioner(config, topics).createMissingTopics();
        Path dataDir = TestDirs.create("crash-it");
        CampaignScenario scenario = CampaignScenario.generate(
                config.members(), 3000, 50, 42, Instant.now().minus(Duration.ofDays(1)));

        MonsoonProcess first = startMonsoon(platform, dataDir);
        CountDownLatch killed = new CountDownLatch(1);
        scenario.holdAfter(scenario.items.size() / 2, killed); // so the kill always lands mid-stream
        Thread feeder = new Thread(() -> scenario.send(config, topics, 60), "feeder");
        feeder.start();
        // Kill once the pipeline is visibly mid-stream.
        Accounting.awaitAccepted(platform.bootstrapServers(), topics, 300, Duration.ofSeconds(120));
        first.kill();
        killed.countDown();
        int acceptedAtKill = Accounting.accepted(platform.bootstrapServers(), topics);
        assertTrue(
                acceptedAtKill < scenario.expectedAccepted.size(),
                "killed mid-stream: " + acceptedAtKill + " of " + scenario.expectedAccepted.size() + " accepted");
        try (MonsoonProcess second = startMonsoon(platform, dataDir)) {
            feeder.join(120_000);
            Accounting.assertExactlyOnce(
                    platform.bootstrapServers(), topics, "crash-it", scenario, Duration.ofSeconds(180));
            // The statistics count what exactly-once committed: the work the kill aborted is not in
            // them, what was committed before it was restored with the store.
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            com.fasterxml.jackson.databind.JsonNode expected = json.readTree(scenario.expectedStats());
            String stats = second.httpUrl(Duration.ofSeconds(60)) + "/api/stats";
            org.monsoon.testing.Await.until(
                    () -> {
                        try {
                            org.monsoon.testing.Http.Response r = org.monsoon.testing.Http.get(stats);
                            return r.status() == 200 ? json.readTree(r.body()) : null;
                        } catch (Exception e) {
                            return null;
                        }
                    },
                    expected::equals,
                    Duration.ofSeconds(60),
                    "statistics after kill -9 equal the model of the input");
        }
    }

    private static MonsoonProcess startMonsoon(EmbeddedPlatform platform, Path dataDir) throws Exception {
        return MonsoonProcess.run(
                dataDir.resolve("monsoon.log"),
                List.of(
                        "--bootstrap-servers",
                        platform.bootstrapServers(),
                        "--schema-registry-url",
                        platform.schemaRegistryUrl(),
                        "--topic-prefix",
                        PREFIX,
                        "--application-id",
                        "crash-it",
                        "--data-dir",
                        dataDir.toString(),
                        "--http-port",
                        "0",
                        "--partitions",
                        "3"),
                java.util.Map.of("MONSOON_REGISTRY_CREDENTIALS", platform.registryUserInfo()));
    }
}
