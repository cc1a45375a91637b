package org.monsoon.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.monsoon.testing.ReportBuilder.aReport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.monsoon.MonsoonApplication;
import org.monsoon.config.MonsoonConfig;
import org.monsoon.config.Topics;
import org.monsoon.embedded.EmbeddedPlatform;
import org.monsoon.schema.IncidentReport;
import org.monsoon.schema.IndicatorType;
import org.monsoon.schema.Tlp;
import org.monsoon.testing.CapturedLog;
import org.monsoon.testing.Http;
import org.monsoon.testing.SharedPlatform;
import org.monsoon.testing.TestDirs;

/**
 * RED and AMBER+STRICT reports, valid and invalid, leave no trace beyond aggregate counts: their values
 * and titles appear in no log line, no metric and no API answer, and their reporters in no per-member
 * series, statistic or advisory.
 */
class RestrictedTraceIT {
    private static final String TOKEN = "trace-token";
    private static final List<String> SECRETS = List.of(
            "red-secret-one.example",
            "strict-secret-two.example",
            "red-secret-three",
            "strict-secret-four",
            "Secret RED title",
            "Secret STRICT title",
            "vn-red-secret.example");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void restrictedReportsLeaveOnlyAggregateCounts() throws Exception {
        EmbeddedPlatform platform = SharedPlatform.get();
        MonsoonConfig config = MonsoonConfig.defaults()
                .withBootstrapServers(platform.bootstrapServers())
                .withSchemaRegistryUrl(platform.schemaRegistryUrl())
                .withRegistryCredentials(platform.registryUserInfo())
                .withTopicPrefix("trace-it.")
                .withApplicationId("trace-it")
                .withDataDir(TestDirs.create("trace-it"))
                .withTopicLayout(1, (short) 1)
                .withHttp("127.0.0.1", 0)
                .withApiToken(TOKEN);
        Instant now = Instant.now().minusSeconds(60);
        IncidentReport redValid = aReport()
                .from("TH")
                .withId("th-red")
                .withTlp(Tlp.RED)
                .observedAt(now)
                .withTitle("Secret RED title")
                .withIndicator(IndicatorType.DOMAIN, "red-secret-one.example")
                .build();
        List<IncidentReport> scenario = List.of(
                aReport()
                        .from("SG")
                        .withId("sg-open")
                        .observedAt(now)
                        .withIndicator(IndicatorType.DOMAIN, "shared-open.example")
                        .build(),
                aReport()
                        .from("MY")
                        .withId("my-open")
                        .observedAt(now)
                        .withIndicator(IndicatorType.DOMAIN, "shared-open.example")
                        .build(),
                redValid,
                redValid,
                aReport()
                        .from("TH")
                        .withId("th-strict")
                        .withTlp(Tlp.AMBER_STRICT)
                        .observedAt(now)
                        .withTitle("Secret STRICT title")
                        .withIndicator(IndicatorType.DOMAIN, "strict-secret-two.example")
                        .build(),
                aReport()
                        .from("TH")
                        .withId("th-red-bad")
                        .withTlp(Tlp.RED)
                        .observedAt(now)
                        .withIndicator(IndicatorType.DOMAIN, "bad..red-secret-three.example")
                        .build(),
                aReport()
                        .from("TH")
                        .withId("th-strict-bad")
                        .withTlp(Tlp.AMBER_STRICT)
                        .observedAt(now)
                        .withIndicator(IndicatorType.IPV4, "300.1.1.1.strict-secret-four")
                        .build(),
                aReport()
                        .from("VN")
                        .withId("vn-red")
                        .withTlp(Tlp.RED)
                        .observedAt(now)
                        .withIndicator(IndicatorType.DOMAIN, "shared-open.example")
                        .withIndicator(IndicatorType.DOMAIN, "vn-red-secret.example")
                        .build());

        List<String> answers = new ArrayList<>();
        String metrics;
        try (CapturedLog log = CapturedLog.capture();
                MonsoonApplication app = MonsoonApplication.start(config, true)) {
            Topics topics = Topics.of(config);
            try (KafkaProducer<String, IncidentReport> producer = new KafkaProducer<>(
                    config.clientConfig(),
                    topics.reports("SG").keySerde().serializer(),
                    topics.reports("SG").valueSerde().serializer())) {
                for (IncidentReport r : scenario) {
                    producer.send(
                            new ProducerRecord<>(topics.reports(r.getReporter()).name(), r.getReportId(), r));
                }
            }
            String url = app.httpUrl();
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            do {
                Thread.sleep(500);
                metrics = Http.getWithBearer(url + "/metrics", TOKEN).body();
            } while (System.nanoTime() < deadline
                    && (sum(metrics, "monsoon_reports_restricted_total") < 6
                            || sum(metrics, "monsoon_reports_restricted_rejected_total") < 2
                            || sum(metrics, "monsoon_advisories_emitted_total") < 1));
            assertEquals(4.0, sum(metrics, "monsoon_reports_restricted_total{tlp=\"RED\""), metrics);
            assertEquals(2.0, sum(metrics, "monsoon_reports_restricted_total{tlp=\"AMBER_STRICT\""));
            assertEquals(2.0, sum(metrics, "monsoon_reports_restricted_rejected_total"));
            assertEquals(1.0, sum(metrics, "monsoon_reports_received_total{reporter=\"SG\""));

            // The API reads the advisories table, which follows the published topic a moment later.
            JsonNode advisories = JSON.readTree(
                    Http.getWithBearer(url + "/api/advisories", TOKEN).body());
            while (advisories.path("total").asInt() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(300);
                advisories = JSON.readTree(
                        Http.getWithBearer(url + "/api/advisories", TOKEN).body());
            }
            assertEquals(1, advisories.path("advisories").size(), advisories.toString());
            JsonNode advisory = advisories.path("advisories").get(0);
            assertEquals("[\"MY\",\"SG\"]", advisory.path("countries").toString(), "VN's RED report counts nowhere");
            answers.add(advisories.toString());
            answers.add(Http.getWithBearer(
                            url + "/api/advisories/"
                                    + advisory.path("advisory_id").asText() + "/stix",
                            TOKEN)
                    .body());
            answers.add(Http.getWithBearer(url + "/api/stats", TOKEN).body());
            JsonNode shared =
                    JSON.readTree(Http.getWithBearer(url + "/api/indicators/DOMAIN/shared-open.example", TOKEN)
                            .body());
            assertEquals(2, shared.path("members").size(), shared.toString());
            answers.add(shared.toString());
            JsonNode red =
                    JSON.readTree(Http.getWithBearer(url + "/api/indicators/DOMAIN/red-secret-one.example", TOKEN)
                            .body());
            assertEquals(0, red.path("members").size(), "an indicator seen only in RED reads as never seen: " + red);
            assertFalse(red.path("correlated").asBoolean());
            answers.add(
                    Http.getWithBearer(url + "/api/advisories?member=TH", TOKEN).body());
            assertEquals(401, Http.get(url + "/metrics").status(), "with a token, scrapes need it too");

            for (String line : log.lines()) {
                for (String secret : SECRETS) {
                    assertFalse(line.contains(secret), "a log line holds '" + secret + "': " + line);
                }
            }
            assertTrue(
                    log.lines().stream().anyMatch(l -> l.contains("Dead-lettered") && l.contains("from TH")),
                    "the rejection itself is logged, by member, code and field: " + log.lines());
        }
        for (String member : new String[] {"TH", "VN"}) {
            // Every member's series exist from the start, at 0: a restricted report leaves them there.
            List<String> counted = metrics.lines()
                    .filter(l -> !l.startsWith("#") && l.contains("\"" + member + "\""))
                    .filter(l -> !l.endsWith(" 0.0"))
                    .toList();
            assertTrue(counted.isEmpty(), member + " is counted in a metric:\n" + String.join("\n", counted));
            for (String answer : answers) {
                assertFalse(answer.contains("\"" + member + "\""), member + " appears in an API answer: " + answer);
            }
        }
        for (String secret : SECRETS) {
            assertFalse(metrics.contains(secret), secret);
            answers.forEach(answer -> assertFalse(answer.contains(secret), secret + " in " + answer));
        }
    }

    /** The sum of every sample whose series starts with {@code prefix} (a name, or a name and labels). */
    private static double sum(String metrics, String prefix) {
        double sum = 0;
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(prefix) + "[^ ]* ([0-9.eE+-]+)$")
                .matcher(metrics);
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }

    private static String grep(String text, String fragment) {
        return String.join("\n", text.lines().filter(l -> l.contains(fragment)).toList());
    }
}
