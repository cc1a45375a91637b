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
        MonsoonCli.execute(new String[] {"run", "--help"}, Map.of(), new PrintWriter(help, true), new PrintWriter(new StringWriter()));
        Set<String> names = new HashSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("--([a-z-]+)").matcher(help.toString());
        while (m.find()) {
            names.add("MONSOON_" + m.group(1).toUpperCase(Locale.ROOT).replace('-', '_'));
        }
        return names;
    }

    @Test
    void composeServicesAndEnvironmentMatchTheOptions() throws Exception {
        JsonNode compose = YAML.readTree(Path.of("docker-compose.yml").toFile());
        JsonNode services = compose.get("services");
        for (String service : List.of("kafka", "schema-registry", "monsoon", "monsoon-2", "prometheus", "grafana")) {
            assertTrue(services.has(service), service);
        }
        Set<String> options = runVariables();
        for (String instance : List.of("monsoon", "monsoon-2")) {
            JsonNode env = services.get(instance).get("environment");
            for (Iterator<String> it = env.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!name.equals("<<")) {
                    assertTrue(options.contains(name) || name.startsWith("MONSOON_KAFKA_"), instance + ": " + name
                            + " is not an option of 'monsoon run'");
                }
            }
        }
        JsonNode env = services.get("monsoon").get("environment");
        assertEquals("kafka:29092", env.get("MONSOON_BOOTSTRAP_SERVERS").asText());
        assertTrue(compose.get("services").get("kafka").get("environment").get("KAFKA_ADVERTISED_LISTENERS").asText()
                .contains("INTERNAL://kafka:29092"));
        assertEquals("http://schema-registry:8081", env.get("MONSOON_SCHEMA_REGISTRY_URL").asText());
        assertTrue(services.get("monsoon").get("ports").get(0).asText().endsWith(":" + env.get("MONSOON_HTTP_PORT").asText()));
        String scrape = YAML.readTree(Path.of("deploy/prometheus/prometheus.yml").toFile()).toString();
        assertTrue(scrape.contains("monsoon:8080") && scrape.contains("monsoon-2:8080"), scrape);
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
        assertEquals("/health/ready", container.at("/readinessProbe/httpGet/path").asText());
        assertEquals("/health/live", container.at("/livenessProbe/httpGet/path").asText());
        String properties = YAML.readTree(Path.of("deploy/k8s/configmap.yaml").toFile()).at("/data/monsoon.properties").asText();
        for (String line : properties.split("\n")) {
            String key = line.strip();
            if (key.isEmpty() || key.startsWith("#") || key.startsWith("kafka.")) {
                continue;
            }
            String variable = "MONSOON_" + key.substring(0, key.indexOf('=')).toUpperCase(Locale.ROOT).replace('-', '_');
            assertTrue(options.contains(variable), key + " is not an option of 'monsoon run'");
        }
    }
}
