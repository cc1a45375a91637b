package org.monsoon.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.monsoon.cli.MonsoonCli;

/**
 * docker-compose.yml and the k8s manifests must match what Monsoon reads: every MONSOON_* variable is a
 * real option, ports agree with the HTTP port, and the services Monsoon talks to exist.
 */
class ComposeFileTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Every long option of {@code monsoon run}, as the environment variable that sets it. */
    private static Set<String> runVariables() {
        StringWriter help = new StringWriter();
        MonsoonCli.execute(
                new String[] {"run", "--help"},
                Map.of(),
                new PrintWriter(help, true),
                new PrintWriter(new StringWriter()));
        Set<String> names = new HashSet<>();
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("--([a-z-]+)").matcher(help.toString());
        while (m.find()) {
            names.add("MONSOON_" + m.group(1).toUpperCase(Locale.ROOT).replace('-', '_'));
        }
        return names;
    }

    @Test
    void composeServicesAndEnvironmentMatchTheOptions() throws Exception {
        JsonNode services = compose().get("services");
        for (String service : List.of(
                "kafka-1", "kafka-2", "kafka-3", "schema-registry", "monsoon", "monsoon-2", "prometheus", "grafana")) {
            assertTrue(services.has(service), service);
        }
        Set<String> options = runVariables();
        for (String instance : List.of("monsoon", "monsoon-2")) {
            JsonNode env = services.get(instance).get("environment");
            for (Iterator<String> it = env.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                assertTrue(
                        options.contains(name) || name.startsWith("MONSOON_KAFKA_"),
                        instance + ": " + name + " is not an option of 'monsoon run'");
            }
        }
        JsonNode env = services.get("monsoon").get("environment");
        assertEquals(
                "http://schema-registry:8081",
                env.get("MONSOON_SCHEMA_REGISTRY_URL").asText());
        assertTrue(services.get("monsoon")
                .get("ports")
                .get(0)
                .asText()
                .endsWith(":" + env.get("MONSOON_HTTP_PORT").asText()));
        String scrape = YAML.readTree(
                        Path.of("deploy/prometheus/prometheus.yml").toFile())
                .toString();
        assertTrue(scrape.contains("monsoon:8080") && scrape.contains("monsoon-2:8080"), scrape);
    }

    /** Three KRaft nodes that form one quorum, every one of them known to Monsoon and the registry. */
    @Test
    void theKafkaClusterHasThreeNodesAndLosingOneLosesNothing() throws Exception {
        JsonNode services = compose().get("services");
        JsonNode monsoon = services.get("monsoon").get("environment");
        List<String> bootstrap =
                List.of(monsoon.get("MONSOON_BOOTSTRAP_SERVERS").asText().split(","));
        String registryBootstrap = services.get("schema-registry")
                .get("environment")
                .get("MONSOON_BOOTSTRAP_SERVERS")
                .asText();
        String start = java.nio.file.Files.readString(Path.of("deploy/kafka/start.sh"));
        Set<String> clusterIds = new HashSet<>();
        for (int node = 1; node <= 3; node++) {
            JsonNode kafka = services.get("kafka-" + node).get("environment");
            String internal = "kafka-" + node + ":29092";
            assertEquals(node, kafka.get("NODE_ID").asInt());
            assertTrue(start.contains(node + "@kafka-" + node + ":9093"), "node " + node + " is a voter");
            assertTrue(bootstrap.contains(internal), "Monsoon bootstraps from " + internal);
            assertTrue(registryBootstrap.contains(internal), "the registry bootstraps from " + internal);
            clusterIds.add(kafka.get("CLUSTER_ID").asText());
        }
        assertTrue(start.contains("advertised.listeners=INTERNAL://kafka-$NODE_ID:29092"));
        assertTrue(start.contains("transaction.state.log.replication.factor=3"));
        assertTrue(start.contains("min.insync.replicas=2"));
        assertEquals(1, clusterIds.size(), "one cluster id for all nodes");
        assertTrue(clusterIds.iterator().next().matches("[A-Za-z0-9_-]{22}"), "a base64 UUID: " + clusterIds);
        assertEquals(3, monsoon.get("MONSOON_REPLICATION_FACTOR").asInt());
        // Two instances with one static member id would fence each other.
        JsonNode second = services.get("monsoon-2").get("environment");
        assertTrue(
                !monsoon.get("MONSOON_INSTANCE_ID")
                        .asText()
                        .equals(second.get("MONSOON_INSTANCE_ID").asText()),
                "distinct instance ids");
        assertTrue(!monsoon.get("MONSOON_ADVERTISED_HOST")
                .asText()
                .equals(second.get("MONSOON_ADVERTISED_HOST").asText()));
        assertEquals(1, monsoon.get("MONSOON_KAFKA_NUM_STANDBY_REPLICAS").asInt());
    }

    /**
     * docker-compose.yml as Compose reads it: with its anchors, aliases and merge keys resolved, which
     * SnakeYAML does and Jackson's YAML parser does not.
     */
    private static JsonNode compose() throws java.io.IOException {
        try (java.io.Reader reader = java.nio.file.Files.newBufferedReader(Path.of("docker-compose.yml"))) {
            Object tree = new org.yaml.snakeyaml.Yaml().load(reader);
            return YAML.valueToTree(tree);
        }
    }

    @Test
    void theStatefulSetUsesRealOptionsAndTheHealthEndpoints() throws Exception {
        JsonNode set = YAML.readTree(Path.of("deploy/k8s/statefulset.yaml").toFile());
        JsonNode container = set.at("/spec/template/spec/containers/0");
        Set<String> options = runVariables();
        container.get("env").forEach(e -> {
            String name = e.get("name").asText();
            if (name.startsWith("MONSOON_")) {
                assertTrue(options.contains(name) || name.startsWith("MONSOON_KAFKA_"), name);
            }
        });
        assertEquals(
                "/health/ready", container.at("/readinessProbe/httpGet/path").asText());
        assertEquals("/health/live", container.at("/livenessProbe/httpGet/path").asText());
        String properties = YAML.readTree(Path.of("deploy/k8s/configmap.yaml").toFile())
                .at("/data/monsoon.properties")
                .asText();
        for (String line : properties.split("\n")) {
            String key = line.strip();
            if (key.isEmpty() || key.startsWith("#") || key.startsWith("kafka.")) {
                continue;
            }
            String variable = "MONSOON_"
                    + key.substring(0, key.indexOf('='))
                            .toUpperCase(Locale.ROOT)
                            .replace('-', '_');
            assertTrue(options.contains(variable), key + " is not an option of 'monsoon run'");
        }
    }
}
