package org.monsoon.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.monsoon.testing.ReportBuilder.aReport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.monsoon.MonsoonApplication;
import org.monsoon.config.MonsoonConfig;
import org.monsoon.config.Topics;
import org.monsoon.schema.IncidentReport;
import org.monsoon.schema.IndicatorType;
import org.monsoon.schema.Tlp;
import org.monsoon.testing.Await;
import org.monsoon.testing.Http;
import org.monsoon.testing.SharedPlatform;
import org.monsoon.testing.TestDirs;

/**
 * The read side is exact and durable: per-member statistics, every advisory's version history and
 * TAXII's collections (with {@code date_added}) answer the same from two instances, equal what a model
 * of the input says, and answer the same again after an instance restarts on its state.
 */
class ReadSideIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant OBSERVED = Instant.now().minus(Duration.ofHours(2));

    @Test
    void statisticsHistoryAndTaxiiAreTheSameOnEveryInstanceAndAfterARestart() throws Exception {
        MonsoonConfig config = SharedPlatform.config("readside-it", 2).withHttp("127.0.0.1", 0);
        Path dirA = TestDirs.create("readside-a");
        Path dirB = TestDirs.create("readside-b");
        MonsoonApplication a = MonsoonApplication.start(config.withDataDir(dirA), true);
        MonsoonApplication b = MonsoonApplication.start(config.withDataDir(dirB), true);
        try {
            Topics topics = Topics.of(config);
            Map<String, Map<String, Long>> model = new TreeMap<>();
            try (KafkaProducer<String, IncidentReport> producer = new KafkaProducer<>(
                    config.clientConfig(),
                    topics.reports("SG").keySerde().serializer(),
                    topics.reports("SG").valueSerde().serializer())) {
                List<IncidentReport> reports = new ArrayList<>();
                for (String[] pair : new String[][] {{"SG", "MY"}, {"TH", "VN"}, {"ID", "PH"}}) {
                    for (String member : pair) {
                        reports.add(
                                report(member, member.toLowerCase() + "-1", pair[0].toLowerCase() + "-shared.example"));
                    }
                }
                reports.add(reports.get(0)); // a redelivery: a duplicate for SG
                reports.add(report("SG", "sg-1", "sg-shared.example", "sg-more.example")); // a revision
                reports.add(aReport()
                        .from("MY")
                        .withId("my-bad")
                        .observedAt(OBSERVED)
                        .withIndicator(IndicatorType.IPV4, "999.1.1.1")
                        .build()); // INVALID_REPORT
                reports.add(report("TH", "th-2", "th-shared.example", "bad..example")); // INVALID_INDICATOR
                for (IncidentReport r : reports) {
                    producer.send(
                            new ProducerRecord<>(topics.reports(r.getReporter()).name(), r.getReportId(), r));
                }
                producer.send(new ProducerRecord<>(topics.reports("VN").name(), "never-sent", null)); // UNKNOWN_REPORT
                producer.flush();
            }
            count(model, "SG", "received", 3);
            count(model, "SG", "duplicates", 1);
            count(model, "MY", "received", 2);
            count(model, "MY", "rejected|INVALID_REPORT", 1);
            count(model, "TH", "received", 2);
            count(model, "TH", "rejected|INVALID_INDICATOR", 1);
            count(model, "VN", "received", 2);
            count(model, "VN", "rejected|UNKNOWN_REPORT", 1);
            count(model, "ID", "received", 1);
            count(model, "PH", "received", 1);
            JsonNode expected = JSON.readTree(JSON.writeValueAsString(Map.of("members", nested(model))));

            Await.until(
                    () -> get(a, "/api/stats"), expected::equals, Duration.ofSeconds(120), "stats as the model says");
            Await.until(
                    () -> get(a, "/api/advisories").path("advisories").size(),
                    n -> n == 3,
                    Duration.ofSeconds(120),
                    "three advisories");
            Map<String, JsonNode> before = settled(a);
            MonsoonApplication other = b;
            Await.until(() -> readSide(other), before::equals, Duration.ofSeconds(60), "instance b answers as a does");
            assertEquals(expected, before.get("stats"));
            assertTrue(before.get("taxii").path("objects").size() > 0, before.toString());

            b.close();
            b = MonsoonApplication.start(config.withDataDir(dirB), true);
            MonsoonApplication restarted = b;
            Await.until(restarted::state, s -> s == KafkaStreams.State.RUNNING, Duration.ofSeconds(90), "b running");
            Await.until(
                    () -> readSide(restarted),
                    before::equals,
                    Duration.ofSeconds(90),
                    "after a restart, b answers as before: statistics, history and TAXII's date_added");
            assertEquals(before, readSide(a), "and a still does");
        } finally {
            b.close();
            a.close();
        }
    }

    private static IncidentReport report(String member, String id, String... domains) {
        var builder = aReport().from(member).withId(id).observedAt(OBSERVED).withTlp(Tlp.GREEN);
        for (String domain : domains) {
            builder.withIndicator(IndicatorType.DOMAIN, domain);
        }
        return builder.build();
    }

    private static void count(Map<String, Map<String, Long>> model, String member, String field, long n) {
        model.computeIfAbsent(member, m -> new TreeMap<>()).merge(field, n, Long::sum);
    }

    /** {@code rejected|CODE} as {@code rejected: {CODE: n}}, as /api/stats answers. */
    private static Map<String, Object> nested(Map<String, Map<String, Long>> model) {
        Map<String, Object> out = new TreeMap<>();
        model.forEach((member, fields) -> {
            Map<String, Object> m = new TreeMap<>();
            fields.forEach((field, n) -> {
                if (field.contains("|")) {
                    String[] parts = field.split("\\|");
                    @SuppressWarnings("unchecked")
                    Map<String, Long> by = (Map<String, Long>) m.computeIfAbsent(parts[0], k -> new TreeMap<>());
                    by.put(parts[1], n);
                } else {
                    m.put(field, n);
                }
            });
            out.put(member, m);
        });
        return out;
    }

    /** What an instance answers, once it no longer changes (an advisory can gain a version late). */
    private static Map<String, JsonNode> settled(MonsoonApplication app) throws InterruptedException {
        Map<String, JsonNode> previous = readSide(app);
        for (int i = 0; i < 60; i++) {
            Thread.sleep(1_000);
            Map<String, JsonNode> now = readSide(app);
            if (now.equals(previous)) {
                return now;
            }
            previous = now;
        }
        throw new AssertionError("the read side did not settle: " + previous);
    }

    /** What an instance answers: statistics, each advisory's history, and TAXII's manifest of every version. */
    private static Map<String, JsonNode> readSide(MonsoonApplication app) {
        Map<String, JsonNode> out = new TreeMap<>();
        out.put("stats", get(app, "/api/stats"));
        for (JsonNode advisory : get(app, "/api/advisories").path("advisories")) {
            String id = advisory.path("advisory_id").asText();
            out.put("history " + id, get(app, "/api/advisories/" + id + "/history"));
        }
        out.put("taxii", get(app, "/taxii2/monsoon/collections/advisories/manifest/?match[version]=all"));
        out.put("taxii indicators", get(app, "/taxii2/monsoon/collections/indicators/manifest/?match[version]=all"));
        return out;
    }

    /** GET that waits out a rebalance (503) but no other error. */
    private static JsonNode get(MonsoonApplication app, String path) {
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            Http.Response response = Http.get(app.httpUrl() + path);
            while (response.status() == 503 && System.nanoTime() < deadline) {
                Thread.sleep(200);
                response = Http.get(app.httpUrl() + path);
            }
            assertEquals(200, response.status(), path + " -> " + response.body());
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
