package org.monsoon.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.monsoon.testing.ExternalTools;
import org.monsoon.testing.Processes;

/**
 * The shipped deployment files are locked: read as docker-compose reads them, no Kafka listener speaks
 * PLAINTEXT to clients, the authorizer denies what no ACL grants, every published port is on loopback,
 * every secret comes from the operator's environment (the stack refuses to start without), Grafana has
 * no anonymous access; the Kubernetes manifests take the token and credentials from a Secret.
 */
class DeploymentLockTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, String> SECRETS = Map.of(
            "KAFKA_BROKER_PASSWORD",
            "test-broker-pw",
            "KAFKA_CONTROLLER_PASSWORD",
            "test-controller-pw",
            "KAFKA_ADMIN_PASSWORD",
            "test-admin-pw",
            "KAFKA_MONSOON_PASSWORD",
            "test-monsoon-pw",
            "REGISTRY_ADMIN_PASSWORD",
            "test-registry-pw",
            "MONSOON_API_TOKEN",
            "test-api-token",
            "GRAFANA_ADMIN_PASSWORD",
            "test-grafana-pw");

    private static Processes.Result composeConfig(Map<String, String> environment) throws Exception {
        ExternalTools.require("docker-compose", "docker-compose");
        Path envFile = Files.createTempFile("compose", ".env");
        List<String> lines = new ArrayList<>();
        environment.forEach((k, v) -> lines.add(k + "=" + v));
        Files.write(envFile, lines);
        return Processes.run(
                List.of("docker-compose", "--env-file", envFile.toString(), "-f", "docker-compose.yml", "config"),
                null,
                60);
    }

    @Test
    void composeRefusesToStartWithoutItsSecrets() throws Exception {
        Processes.Result result = composeConfig(Map.of());
        assertNotEquals(0, result.exitCode(), result.stdout());
        assertTrue(result.stderr().contains("run deploy/init-secrets.sh"), result.stderr());
    }

    @Test
    void composeIsLocked() throws Exception {
        Processes.Result result = composeConfig(SECRETS);
        assertEquals(0, result.exitCode(), result.stderr());
        JsonNode services = YAML.readTree(result.stdout()).get("services");
        for (Map.Entry<String, JsonNode> service : services.properties()) {
            for (JsonNode port : service.getValue().path("ports")) {
                String published = port.isTextual()
                        ? port.asText()
                        : port.path("host_ip").asText() + ":"
                                + port.path("published").asText();
                assertTrue(
                        published.startsWith("127.0.0.1:"),
                        service.getKey() + " publishes " + port + " beyond loopback");
            }
        }
        // Kafka: every node runs the locked start script; its listeners are all SASL, the authorizer denies by default.
        String start = Files.readString(Path.of("deploy/kafka/start.sh"));
        String map = property(start, "listener.security.protocol.map");
        for (String listener : map.split(",")) {
            assertTrue(listener.split(":")[1].startsWith("SASL_"), "listener " + listener + " is not authenticated");
        }
        assertEquals(
                "org.apache.kafka.metadata.authorizer.StandardAuthorizer", property(start, "authorizer.class.name"));
        assertEquals("false", property(start, "allow.everyone.if.no.acl.found"));
        assertFalse(property(start, "super.users").contains("ANONYMOUS"));
        for (String node : List.of("kafka-1", "kafka-2", "kafka-3")) {
            JsonNode kafka = services.get(node);
            assertTrue(kafka.get("entrypoint").toString().contains("/opt/monsoon/start.sh"), node);
            assertTrue(kafka.get("volumes").toString().contains("start.sh"), node + " mounts the locked start script");
            assertEquals(
                    "test-admin-pw",
                    kafka.at("/environment/KAFKA_ADMIN_PASSWORD").asText(),
                    "from the environment");
        }
        // The region's ACLs are applied before Monsoon or the registry start.
        assertTrue(services.at("/acl-init/command").toString().startsWith("[\"acl\""));
        for (String service : List.of("monsoon", "schema-registry")) {
            assertEquals(
                    "service_completed_successfully",
                    services.at("/" + service + "/depends_on/acl-init/condition")
                            .asText(),
                    service);
            JsonNode env = services.get(service).get("environment");
            assertEquals(
                    "SASL_PLAINTEXT", env.get("MONSOON_KAFKA_SECURITY_PROTOCOL").asText());
            assertTrue(env.get("MONSOON_KAFKA_SASL_JAAS_CONFIG").asText().contains("password=\"test-monsoon-pw\""));
            assertEquals(
                    "monsoon-admin:test-registry-pw",
                    env.get("MONSOON_REGISTRY_CREDENTIALS").asText());
        }
        assertTrue(
                services.at("/schema-registry/command").toString().startsWith("[\"registry\""),
                "Monsoon's registry: writes need the credential");
        for (String instance : List.of("monsoon", "monsoon-2")) {
            assertEquals(
                    "test-api-token",
                    services.at("/" + instance + "/environment/MONSOON_API_TOKEN")
                            .asText());
        }
        JsonNode grafana = services.get("grafana").get("environment");
        assertEquals("false", grafana.get("GF_AUTH_ANONYMOUS_ENABLED").asText());
        assertEquals(
                "test-grafana-pw", grafana.get("GF_SECURITY_ADMIN_PASSWORD").asText());
        assertTrue(services.at("/prometheus/environment/MONSOON_API_TOKEN")
                .asText()
                .equals("test-api-token"));
        // No secret is written into the file itself.
        String raw = Files.readString(Path.of("docker-compose.yml"));
        for (String secret : SECRETS.keySet()) {
            assertFalse(
                    raw.contains(secret + ": \"") || raw.contains(secret + "="), secret + " has a value in the file");
        }
    }

    @Test
    void kubernetesTakesEverySecretFromASecret() throws Exception {
        JsonNode env = YAML.readTree(Path.of("deploy/k8s/statefulset.yaml").toFile())
                .at("/spec/template/spec/containers/0/env");
        for (String name :
                List.of("MONSOON_API_TOKEN", "MONSOON_REGISTRY_CREDENTIALS", "MONSOON_KAFKA_SASL_JAAS_CONFIG")) {
            JsonNode ref = null;
            for (JsonNode e : env) {
                if (e.get("name").asText().equals(name)) {
                    ref = e.at("/valueFrom/secretKeyRef");
                }
            }
            assertTrue(
                    ref != null && ref.has("name") && !ref.path("optional").asBoolean(false),
                    name + " comes from a required Secret");
        }
        String properties = YAML.readTree(Path.of("deploy/k8s/configmap.yaml").toFile())
                .at("/data/monsoon.properties")
                .asText();
        assertTrue(properties.contains("schema-registry-url=https://"), "the registry credential travels over TLS");
        assertTrue(properties.contains("kafka.security.protocol=SASL_SSL"));
        JsonNode monitor = YAML.readTree(Path.of("deploy/k8s/podmonitor.yaml").toFile());
        assertEquals(
                "api-token",
                monitor.at("/spec/podMetricsEndpoints/0/authorization/credentials/key")
                        .asText());
    }

    private static String property(String script, String key) {
        return script.lines()
                .filter(l -> l.startsWith(key + "="))
                .findFirst()
                .map(l -> l.substring(key.length() + 1))
                .orElseThrow(() -> new AssertionError(key + " is not set"));
    }
}
