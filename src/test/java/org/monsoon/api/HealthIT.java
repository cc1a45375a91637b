package org.monsoon.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.monsoon.MonsoonApplication;
import org.monsoon.config.MonsoonConfig;
import org.monsoon.embedded.EmbeddedKafka;
import org.monsoon.embedded.EmbeddedRegistry;
import org.monsoon.registry.SchemaRegistryClient;
import org.monsoon.testing.Http;
import org.monsoon.testing.TestDirs;

/** Readiness on a broker of its own, so the test can stop it: ready once RUNNING, 503 once it is gone. */
class HealthIT {

    @Test
    void readyOnlyWhenRunningAndNotReadyAfterTheBrokerStops() throws Exception {
        Path dir = TestDirs.create("health-it");
        EmbeddedKafka kafka = new EmbeddedKafka(dir, "127.0.0.1", 0).start();
        var writer = new org.monsoon.registry.RegistryCredentials("health-admin", "health-secret");
        try (EmbeddedRegistry registry =
                EmbeddedRegistry.start(kafka.bootstrapServers(), "127.0.0.1", 0, (short) 1, writer)) {
            MonsoonConfig config = MonsoonConfig.defaults()
                    .withBootstrapServers(kafka.bootstrapServers())
                    .withSchemaRegistryUrl(registry.url())
                    .withRegistryCredentials(writer.userInfo())
                    .withApplicationId("health-it")
                    .withDataDir(dir)
                    .withTopicLayout(1, (short) 1)
                    .withHttp("127.0.0.1", 0)
                    .withApiToken("s3cret-token");
            assertTrue(!config.toString().contains("s3cret-token"), "the token never appears in the config's text");

            try (Readiness notStarted = new Readiness(
                    () -> KafkaStreams.State.CREATED,
                    config.clientConfig(),
                    new SchemaRegistryClient(registry.url(), null))) {
                Map<String, String> checks = notStarted.check();
                assertFalse(Readiness.ready(checks), "not ready before RUNNING");
                assertEquals("state is CREATED", checks.get("streams"));
                assertEquals("UP", checks.get("kafka"));
            }

            MonsoonApplication app = MonsoonApplication.start(config, true);
            try {
                assertEquals(
                        200,
                        await(app.httpUrl() + "/health/ready", 200, Duration.ofSeconds(60))
                                .status());
                Http.Response anonymous = Http.get(app.httpUrl() + "/api/advisories");
                assertEquals(401, anonymous.status(), "the API requires the token");
                assertEquals(
                        200,
                        Http.getWithBearer(app.httpUrl() + "/api/advisories", "s3cret-token")
                                .status());
                assertEquals(
                        401,
                        Http.getWithBearer(app.httpUrl() + "/api/advisories", "wrong")
                                .status());
                assertEquals(401, Http.get(app.httpUrl() + "/metrics").status(), "scrapes need the token too");
                assertEquals(
                        200,
                        Http.getWithBearer(app.httpUrl() + "/metrics", "s3cret-token")
                                .status());
                kafka.close();
                Http.Response down = await(app.httpUrl() + "/health/ready", 503, Duration.ofSeconds(60));
                assertEquals(503, down.status());
                assertTrue(down.body().contains("\"kafka\":\"brokers do not answer"), down.body());
                assertEquals(200, Http.get(app.httpUrl() + "/health/live").status(), "still alive");
            } finally {
                app.close();
            }
        } finally {
            kafka.close();
        }
    }

    private static Http.Response await(String url, int status, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Http.Response last = Http.get(url);
        while (last.status() != status && System.nanoTime() < deadline) {
            Thread.sleep(500);
            last = Http.get(url);
        }
        return last;
    }
}
