package org.monsoon.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.monsoon.testing.ExternalTools;
import org.monsoon.testing.Processes;

/** The operators' files under deploy/: Prometheus config and alert rules (with promtool), the dashboard. */
class PrometheusRulesTest {
    private static final Path PROMETHEUS = Path.of("deploy", "prometheus");

    private static Processes.Result promtool(String... args) throws Exception {
        ExternalTools.require("promtool", "prometheus");
        List<String> command = new java.util.ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        return Processes.run(command, null, 60);
    }

    @Test
    void alertRulesAreValid() throws Exception {
        Processes.Result result =
                promtool("check", "rules", PROMETHEUS.resolve("alerts.yml").toString());
        assertEquals(0, result.exitCode(), result.stdout() + result.stderr());
        assertTrue(result.stdout().contains("SUCCESS: 8 rules found"), result.stdout());
    }

    @Test
    void alertRuleUnitTestsPass() throws Exception {
        Processes.Result result =
                promtool("test", "rules", PROMETHEUS.resolve("alerts_test.yml").toString());
        assertEquals(0, result.exitCode(), result.stdout() + result.stderr());
    }

    @Test
    void prometheusConfigIsValid() throws Exception {
        // --syntax-only: the token file exists only inside the running container.
        Processes.Result result = promtool(
                "check",
                "config",
                "--syntax-only",
                PROMETHEUS.resolve("prometheus.yml").toString());
        assertEquals(0, result.exitCode(), result.stdout() + result.stderr());
        String config = java.nio.file.Files.readString(PROMETHEUS.resolve("prometheus.yml"));
        assertTrue(config.contains("credentials_file: /prometheus/monsoon-token"), "scrapes send the API token");
    }

    @Test
    void theDashboardHasThePanelsOperatorsNeed() throws Exception {
        JsonNode dashboard = new ObjectMapper()
                .readTree(Path.of("deploy", "grafana", "dashboards", "monsoon.json")
                        .toFile());
        Set<String> exprs = new HashSet<>();
        dashboard
                .get("panels")
                .forEach(p ->
                        p.get("targets").forEach(t -> exprs.add(t.get("expr").asText())));
        String all = String.join("\n", exprs);
        for (String metric : List.of(
                "monsoon_reports_received_total",
                "monsoon_reports_rejected_total",
                "monsoon_reports_duplicate_total",
                "monsoon_reports_rerouted_total",
                "monsoon_advisories_emitted_total",
                "monsoon_report_to_advisory_seconds_bucket",
                "kafka_consumer_fetch_manager_records_lag_max",
                "monsoon_member_last_report_timestamp_seconds",
                "monsoon_active_advisories",
                "monsoon_streams_tasks")) {
            assertTrue(all.contains(metric), metric + " has a panel");
        }
    }
}
