package org.monsoon.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.monsoon.testing.ReportBuilder.aReport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.monsoon.MonsoonApplication;
import org.monsoon.config.MonsoonConfig;
import org.monsoon.config.Topics;
import org.monsoon.embedded.EmbeddedPlatform;
import org.monsoon.schema.IncidentReport;
import org.monsoon.schema.IndicatorType;
import org.monsoon.schema.Tlp;
import org.monsoon.testing.ExternalTools;
import org.monsoon.testing.Http;
import org.monsoon.testing.SharedPlatform;
import org.monsoon.testing.TestDirs;

/**
 * A known scenario on the real broker, then what an operator sees: the exact counts on /metrics, a
 * latency histogram with observations, Kafka Streams metrics, and a real Prometheus server scraping it.
 */
class MetricsIT {
    private static MonsoonApplication app;
    private static String metricsText;
    /** The scrape right after the start, before any report. */
    private static String startText;

    @BeforeAll
    static void runScenario() throws Exception {
        EmbeddedPlatform platform = SharedPlatform.get();
        MonsoonConfig config = MonsoonConfig.defaults()
                .withBootstrapServers(platform.bootstrapServers())
                .withSchemaRegistryUrl(platform.schemaRegistryUrl())
                .withRegistryCredentials(platform.registryUserInfo())
                .withTopicPrefix("metrics-it.")
                .withApplicationId("metrics-it")
                .withDataDir(TestDirs.create("metrics-it"))
                .withTopicLayout(1, (short) 1)
                .withHttp("127.0.0.1", 0);
        app = MonsoonApplication.start(config, true);
        startText = Http.get(app.httpUrl() + "/metrics").body();
        Topics topics = Topics.of(config);
        Instant now = Instant.now().minusSeconds(60);
        IncidentReport my = aReport()
                .from("MY")
                .withId("my-1")
                .observedAt(now)
                .withIndicator(IndicatorType.DOMAIN, "metrics-phish.example")
                .build();
        try (KafkaProducer<String, IncidentReport> producer = new KafkaProducer<>(
                config.clientConfig(),
                topics.reports("SG").keySerde().serializer(),
                topics.reports("SG").valueSerde().serializer())) {
            List<IncidentReport> scenario = List.of(
                    aReport()
                            .from("SG")
                            .withId("sg-1")
                            .observedAt(now)
                            .withIndicator(IndicatorType.DOMAIN, "metrics-phish.example")
                            .build(),
                    my,
                    my,
                    aReport()
                            .from("TH")
                            .withId("th-bad")
                            .observedAt(now)
                            .withIndicator(IndicatorType.IPV4, "300.1.1.1")
                            .build(),
                    aReport()
                            .from("VN")
                            .withId("vn-red")
                            .withTlp(Tlp.RED)
                            .observedAt(now)
                            .withIndicator(IndicatorType.DOMAIN, "metrics-phish.example")
                            .build());
            for (IncidentReport r : scenario) {
                producer.send(
                        new ProducerRecord<>(topics.reports(r.getReporter()).name(), r.getReportId(), r));
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        do {
            Thread.sleep(500);
            metricsText = Http.get(app.httpUrl() + "/metrics").body();
        } while (System.nanoTime() < deadline
                && (value("monsoon_reports_restricted_total", "tlp=\"RED\"") < 1
                        || value("monsoon_report_to_advisory_seconds_count", "") < 1));
        // Exact counts only once every record fed in is consumed: the loop above saw some, not all.
        org.monsoon.testing.Await.quiescent(platform.bootstrapServers(), "metrics-it", Duration.ofSeconds(60));
        metricsText = Http.get(app.httpUrl() + "/metrics").body();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static double value(String name, String labelFragment) {
        return value(metricsText, name, labelFragment);
    }

    private static double value(String text, String name, String labelFragment) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? ([0-9.eE+-]+)$")
                .matcher(text);
        double sum = 0;
        boolean found = false;
        while (m.find()) {
            if (m.group(1) == null ? labelFragment.isEmpty() : m.group(1).contains(labelFragment)) {
                sum += Double.parseDouble(m.group(2));
                found = true;
            }
        }
        return found ? sum : -1;
    }

    @Test
    void theScrapeHoldsExactlyTheScenariosCounts() {
        assertEquals(1.0, value("monsoon_reports_received_total", "reporter=\"SG\""), metricsText);
        assertEquals(2.0, value("monsoon_reports_received_total", "reporter=\"MY\""));
        assertEquals(1.0, value("monsoon_reports_received_total", "reporter=\"TH\""));
        assertEquals(
                0.0,
                value("monsoon_reports_received_total", "reporter=\"VN\""),
                "a RED report is counted by TLP only, never under its reporter");
        assertEquals(
                startText.lines().filter(l -> l.contains("reporter=\"VN\"")).toList(),
                metricsText.lines().filter(l -> l.contains("reporter=\"VN\"")).toList(),
                "VN's series are what they were at the start");
        assertEquals(1.0, value("monsoon_reports_duplicate_total", "reporter=\"MY\""));
        assertEquals(1.0, value("monsoon_reports_rejected_total", "code=\"INVALID_REPORT\""));
        assertEquals(1.0, value("monsoon_reports_restricted_total", "tlp=\"RED\""));
        assertEquals(1.0, value("monsoon_correlations_total", ""));
        assertEquals(1.0, value("monsoon_advisories_emitted_total", "status=\"ACTIVE\""));
        assertEquals(1.0, value("monsoon_active_advisories", ""));
        assertEquals(1.0, value("monsoon_streams_running", ""));
        // Ingest with dedup and the fan-out, correlate, campaign, and the advisories table.
        assertTrue(value("monsoon_streams_tasks", "kind=\"active\"") >= 4, "one task per sub-topology at least");
        assertEquals(0.0, value("monsoon_streams_tasks", "kind=\"standby\""), "a lone instance has no standbys");
        assertTrue(value("monsoon_member_last_report_timestamp_seconds", "reporter=\"SG\"") > 1.7e9);
    }

    @Test
    void everySeriesAnAlertUsesExistsAtZeroFromTheStart() throws Exception {
        String rules = Files.readString(Path.of("deploy/prometheus/alerts.yml"));
        Matcher names = Pattern.compile("monsoon_[a-z_]+").matcher(rules);
        java.util.Set<String> used = new java.util.TreeSet<>();
        while (names.find()) {
            used.add(names.group());
        }
        used.remove("monsoon_member_last_report_timestamp_seconds"); // at 0 it would say silent since 1970
        assertTrue(used.contains("monsoon_internal_errors_total"), used.toString());
        for (String name : used) {
            String series = name.replaceAll("_bucket$", "_count");
            double atStart = value(startText, series, "");
            assertTrue(atStart >= 0, name + " exists from the start:\n" + startText);
            if (name.endsWith("_total")) {
                assertEquals(0.0, atStart, name + " starts at 0");
            }
        }
        for (String member : List.of("SG", "MY", "TH", "VN", "BN")) {
            assertEquals(0.0, value(startText, "monsoon_reports_received_total", "reporter=\"" + member + "\""));
            assertEquals(
                    0.0,
                    value(
                            startText,
                            "monsoon_reports_rejected_total",
                            "code=\"DESERIALIZATION_FAILED\",reporter=\"" + member + "\""),
                    "every member and code");
        }
    }

    @Test
    void theScrapeIsCompactHasNoNaNAndPromtoolAcceptsIt() throws Exception {
        long samples = metricsText
                .lines()
                .filter(l -> !l.startsWith("#") && !l.isBlank())
                .count();
        assertTrue(samples < 1_000, samples + " samples: the Kafka clients' metrics are filtered");
        assertTrue(!metricsText.contains("kafka_admin_"), "no admin client metrics by default");
        assertTrue(metricsText.lines().noneMatch(l -> !l.startsWith("#") && l.endsWith(" NaN")), "no NaN sample");
        ExternalTools.require("promtool", "prometheus");
        Process promtool = new ProcessBuilder("promtool", "check", "metrics")
                .redirectErrorStream(true)
                .start();
        try (var in = promtool.getOutputStream()) {
            in.write(metricsText.getBytes(StandardCharsets.UTF_8));
        }
        String said = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, promtool.waitFor(), said);
        assertEquals("", said.strip(), "promtool has nothing to say");
    }

    @Test
    void theLatencyHistogramHasObservations() {
        assertEquals(2.0, value("monsoon_report_to_advisory_seconds_count", ""), "both reports of the advisory");
        assertTrue(metricsText.contains("monsoon_report_to_advisory_seconds_bucket{le="), "histogram buckets");
    }

    @Test
    void kafkaStreamsAndJvmMetricsArePresent() {
        assertTrue(metricsText.contains("kafka_stream_thread_process_total"), "Streams thread metrics");
        assertTrue(metricsText.contains("kafka_consumer_fetch_manager_records_lag_max"), "consumer lag");
        assertTrue(metricsText.contains("jvm_memory_used_bytes"), "JVM");
        assertTrue(metricsText.contains("process_cpu_usage"), "process");
    }

    @Test
    void healthSaysReadyWithItsChecks() throws Exception {
        Http.Response live = Http.get(app.httpUrl() + "/health/live");
        assertEquals(200, live.status());
        Http.Response ready = Http.get(app.httpUrl() + "/health/ready");
        assertEquals(200, ready.status(), ready.body());
        JsonNode body = new ObjectMapper().readTree(ready.body());
        assertEquals("UP", body.get("checks").get("streams").asText());
        assertEquals("UP", body.get("checks").get("kafka").asText());
        assertEquals("UP", body.get("checks").get("schemaRegistry").asText());
    }

    @Test
    void aRealPrometheusScrapesMonsoonAndAnswersPromQl() throws Exception {
        ExternalTools.require("prometheus", "prometheus");
        Path dir = TestDirs.create("prometheus-it");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String target = app.httpUrl().replace("http://", "");
        Files.writeString(
                dir.resolve("prometheus.yml"),
                "global:\n  scrape_interval: 1s\nscrape_configs:\n"
                        + "  - job_name: monsoon\n    static_configs:\n      - targets: [\"" + target + "\"]\n");
        Process prometheus = new ProcessBuilder(
                        "prometheus",
                        "--config.file=" + dir.resolve("prometheus.yml"),
                        "--storage.tsdb.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        try {
            String query =
                    URLEncoder.encode("sum(monsoon_reports_received_total{job=\"monsoon\"})", StandardCharsets.UTF_8);
            String answer = "";
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && !answer.contains("\"4\"")) {
                Thread.sleep(1000);
                try {
                    answer = Http.get("http://127.0.0.1:" + port + "/api/v1/query?query=" + query)
                            .body();
                } catch (java.io.IOException notUpYet) {
                    answer = "";
                }
            }
            JsonNode result = new ObjectMapper().readTree(answer).get("data").get("result");
            // SG 1, MY 2, TH 1; VN's RED report is counted by TLP only
            assertEquals(
                    "4",
                    result.get(0).get("value").get(1).asText(),
                    answer + " / log: " + Files.readString(dir.resolve("prometheus.log")));
        } finally {
            prometheus.destroy();
            prometheus.waitFor();
        }
    }
}
