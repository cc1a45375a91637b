package org.monsoon.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.monsoon.registry.KafkaSchemaStore;
import org.monsoon.registry.SchemaRegistry;
import org.monsoon.testing.ExternalTools;
import org.monsoon.testing.Processes;
import org.monsoon.testing.SharedPlatform;
import org.monsoon.testing.TestDirs;

/** The embedded broker and registry, driven by clients nobody here wrote: kcat and confluent-kafka. */
class PlatformIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static EmbeddedPlatform platform;

    @BeforeAll
    static void start() {
        platform = SharedPlatform.get();
    }

    @Test
    void kcatProducesToAndConsumesFromTheEmbeddedBroker() throws Exception {
        ExternalTools.require("kcat", "kcat");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", platform.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("it.kcat", 1, (short) 1)))
                    .all()
                    .get();
        }
        String lines = "alpha\nbeta\ngamma\n";
        Processes.Result produced = Processes.run(
                List.of("kcat", "-b", platform.bootstrapServers(), "-t", "it.kcat", "-P"),
                lines.getBytes(StandardCharsets.UTF_8),
                60);
        assertEquals(0, produced.exitCode(), produced.stderr());
        Processes.Result consumed = Processes.run(
                List.of(
                        "kcat",
                        "-b",
                        platform.bootstrapServers(),
                        "-t",
                        "it.kcat",
                        "-C",
                        "-o",
                        "beginning",
                        "-e",
                        "-q"),
                null,
                60);
        assertEquals(0, consumed.exitCode(), consumed.stderr());
        assertEquals(lines, consumed.stdout());
    }

    @Test
    void confluentKafkaPythonRegistryClientRegistersAndFetches() throws Exception {
        ExternalTools.requirePythonModule("confluent_kafka", "python3-confluent-kafka");
        Path script = Files.createTempFile("registry_client", ".py");
        try (var in = getClass().getResourceAsStream("/interop/registry_client.py")) {
            Files.write(script, in.readAllBytes());
        }
        Processes.Result result = Processes.run(
                List.of(
                        "/usr/bin/python3",
                        script.toString(),
                        platform.schemaRegistryUrl(),
                        "interop-python-value",
                        platform.registryUserInfo()),
                null,
                60);
        assertEquals(0, result.exitCode(), result.stderr());
        JsonNode seen = JSON.readTree(result.stdout());
        assertEquals(401, seen.at("/anonymous_register/status").asInt(), "an anonymous client cannot register");
        assertEquals(40101, seen.at("/anonymous_register/error_code").asInt());
        assertTrue(seen.get("idempotent").asBoolean());
        assertEquals("AVRO", seen.get("by_id_type").asText());
        assertTrue(seen.get("by_id_has_field").asBoolean());
        assertEquals(seen.get("id").asInt(), seen.get("latest_id").asInt());
        assertEquals(1, seen.get("latest_version").asInt());
        assertEquals("interop-python-value", seen.get("latest_subject").asText());
        assertEquals(1, seen.get("lookup_version").asInt());
        assertTrue(seen.get("subjects").toString().contains("interop-python-value"));
    }

    @Test
    void registryIdsAndVersionsSurviveARestart() {
        String schemaV1 = "{\"type\":\"record\",\"name\":\"P\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}";
        String schemaV2 = "{\"type\":\"record\",\"name\":\"P\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"},"
                + "{\"name\":\"b\",\"type\":\"long\",\"default\":0}]}";
        int id1;
        try (KafkaSchemaStore store =
                new KafkaSchemaStore(platform.bootstrapServers(), "_schemas_restart_it", (short) 1)) {
            SchemaRegistry registry = new SchemaRegistry(store);
            id1 = registry.register("p-value", schemaV1);
            registry.setLevel("p-value", "FULL");
        }
        try (KafkaSchemaStore store =
                new KafkaSchemaStore(platform.bootstrapServers(), "_schemas_restart_it", (short) 1)) {
            SchemaRegistry restarted = new SchemaRegistry(store);
            assertEquals(id1, restarted.register("p-value", schemaV1), "same id after restart");
            assertEquals("FULL", restarted.subjectLevel("p-value").orElseThrow().name());
            int id2 = restarted.register("p-value", schemaV2);
            assertTrue(id2 > id1);
            assertEquals(List.of(1, 2), restarted.versions("p-value"));
        }
    }

    @Test
    void theBrokerKeepsItsClusterIdAcrossARestartOfTheSameDataDirectory() throws Exception {
        Path dir = TestDirs.create("monsoon-restart");
        String first;
        try (EmbeddedKafka kafka = new EmbeddedKafka(dir, "127.0.0.1", 0).start();
                Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            first = admin.describeCluster().clusterId().get();
            admin.createTopics(List.of(new NewTopic("kept", 1, (short) 1)))
                    .all()
                    .get();
        }
        try (EmbeddedKafka kafka = new EmbeddedKafka(dir, "127.0.0.1", 0).start();
                Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            assertEquals(first, admin.describeCluster().clusterId().get());
            assertTrue(admin.listTopics().names().get().contains("kept"));
        }
    }
}
