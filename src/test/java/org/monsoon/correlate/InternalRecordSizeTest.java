package org.monsoon.correlate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.monsoon.testing.ReportBuilder.T0;
import static org.monsoon.testing.ReportBuilder.aReport;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.monsoon.schema.IncidentReport;
import org.monsoon.schema.IndicatorType;
import org.monsoon.testing.PipelineFixture;
import org.monsoon.testing.ReportBuilder;

/**
 * Internal records carry report identity, never copies: the largest record on every internal topic
 * (repartitions and changelogs) is the same whether a report names one indicator or a thousand, and
 * what a thousand-indicator report writes in all stays a fixed multiple of its own size.
 */
class InternalRecordSizeTest {

    /**
     * Topics whose records are bounded packs of a report's indicators (IndicatorPacks), or hold them
     * inline while they fit one pack (a report's entry in dedup-reports).
     */
    private static final java.util.Set<String> PACKED = java.util.Set.of(
            "sightings-indicators-changelog",
            "sightings-by-indicator-repartition",
            "dedup-reports-changelog",
            "campaign-reports-changelog");

    /** Written only for a report past one pack: a smaller one keeps its indicators, and links, in its entry. */
    private static final java.util.Set<String> SPILL =
            java.util.Set.of("sightings-indicators-changelog", "campaign-links-changelog");

    /** A pack's bound, 32 KiB, plus its key and framing. */
    private static final int PACK_BOUND = 32 * 1024 + 2_048;

    /** Largest key + value written to each internal topic, and the bytes written to every topic. */
    private record Written(Map<String, Integer> largest, long total, Map<String, Long> byTopic) {}

    private static Written run(int indicators) throws Exception {
        try (PipelineFixture pipeline = new PipelineFixture(T0.plus(Duration.ofDays(60)))) {
            for (String member : new String[] {"SG", "MY"}) {
                ReportBuilder report = aReport()
                        .from(member)
                        .withId(member.toLowerCase() + "-bulk")
                        .observedAt(T0.plus(Duration.ofHours(member.equals("SG") ? 0 : 1)));
                for (int i = 0; i < indicators; i++) {
                    report.withIndicator(
                            IndicatorType.URL, "https://kit-" + i + ".phish.example/" + "p".repeat(200) + "/" + i);
                }
                pipeline.send(report.build());
            }
            pipeline.latest();
            Map<String, Integer> largest = new TreeMap<>();
            Map<String, Long> byTopic = new TreeMap<>();
            long total = 0;
            for (String topic : pipeline.driver.producedTopicNames()) {
                var records = pipeline.driver
                        .createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer())
                        .readRecordsToList();
                for (TestRecord<byte[], byte[]> r : records) {
                    int size = (r.key() == null ? 0 : r.key().length) + (r.value() == null ? 0 : r.value().length);
                    total += size;
                    byTopic.merge(
                            topic.replaceFirst("^.*?-(dedup|sightings|correlate|campaign|advisory)", "$1"),
                            (long) size,
                            Long::sum);
                    if (topic.endsWith("-repartition") || topic.endsWith("-changelog")) {
                        largest.merge(
                                topic.replaceFirst("^.*?-(dedup|sightings|correlate|campaign|advisory)", "$1"),
                                size,
                                Math::max);
                    }
                }
            }
            return new Written(largest, total, byTopic);
        }
    }

    private static long inputBytes(int indicators) throws Exception {
        try (PipelineFixture pipeline = new PipelineFixture(T0.plus(Duration.ofDays(60)))) {
            ReportBuilder report = aReport().from("SG").withId("sg-bulk").observedAt(T0);
            for (int i = 0; i < indicators; i++) {
                report.withIndicator(
                        IndicatorType.URL, "https://kit-" + i + ".phish.example/" + "p".repeat(200) + "/" + i);
            }
            IncidentReport built = report.build();
            return 2L * pipeline.topics.reports("SG").valueSerde().serializer().serialize("t", built).length;
        }
    }

    @Test
    void noInternalRecordGrowsWithTheReportsIndicatorCount() throws Exception {
        Written one = run(1);
        Written thousand = run(1_000);
        java.util.Set<String> topics =
                new java.util.TreeSet<>(thousand.largest().keySet());
        assertTrue(topics.containsAll(SPILL), "a 1,000-indicator report's indicators are kept in packs: " + topics);
        topics.removeAll(SPILL);
        assertEquals(one.largest().keySet(), topics);
        for (String topic : one.largest().keySet()) {
            int small = one.largest().get(topic);
            int large = thousand.largest().get(topic);
            if (topic.startsWith("dedup-by-report") || topic.startsWith("advisory-by-id")) {
                continue; // the report itself, and the published advisory (under its own size budget)
            }
            if (PACKED.contains(topic)) {
                // Bounded packs: at most 64 indicators and 32 KiB, whatever the report's size.
                assertTrue(large <= PACK_BOUND, topic + ": a pack of " + large + " bytes: " + thousand.largest());
                continue;
            }
            assertTrue(
                    large <= small + 64,
                    topic + ": largest record " + large + " bytes with 1,000 indicators, " + small + " with one: "
                            + thousand.largest());
        }
        double amplification = (double) thousand.total() / inputBytes(1_000);
        // Each stage keys its state by the indicator, so every stage writes each (long) URL once: a fixed
        // number of copies, whatever the report's size. TopologyTestDriver commits after every record, so
        // the store caches coalesce nothing here; `monsoon bench` measures the real figure.
        assertTrue(
                amplification <= 16,
                "write amplification " + amplification + " for two reports of 1,000 indicators: " + thousand.byTopic());
        System.out.printf(
                "internal records, largest per topic: %s; write amplification for 1,000 indicators: %.1f%n",
                thousand.largest(), amplification);
    }

    /**
     * The largest report the contract accepts (every text field at its limit, 1,000 long URLs, the
     * canonical form just under 768 KiB) goes through every stage, and every record any stage writes
     * fits Kafka's 1 MiB limit; every internal record but the report's own repartition and the
     * advisory stays small.
     */
    @Test
    void theLargestValidReportFitsEveryTopic() throws Exception {
        try (PipelineFixture pipeline = new PipelineFixture(T0.plus(Duration.ofDays(60)))) {
            for (String member : new String[] {"SG", "MY"}) {
                ReportBuilder report = aReport()
                        .from(member)
                        .withId(member.toLowerCase() + "-largest")
                        .withTitle("T".repeat(300))
                        .withDescription("d".repeat(20_000))
                        .observedAt(T0.plus(Duration.ofHours(member.equals("SG") ? 0 : 1)));
                for (int i = 0; i < 1_000; i++) {
                    String url = "https://kit-" + i + ".phish.example/";
                    report.withIndicator(IndicatorType.URL, url + "p".repeat(480 - url.length()));
                }
                IncidentReport built = report.build();
                built.setReferences(new java.util.ArrayList<>(
                        java.util.Collections.nCopies(100, "https://ref.example/" + "r".repeat(1_900))));
                pipeline.send(built);
            }
            assertTrue(pipeline.deadLetters().isEmpty(), "the largest valid report is accepted");
            assertEquals(2, pipeline.accepted().readRecordsToList().size());
            pipeline.latest();
            for (String topic : pipeline.driver.producedTopicNames()) {
                for (TestRecord<byte[], byte[]> r : pipeline.driver
                        .createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer())
                        .readRecordsToList()) {
                    int size = (r.key() == null ? 0 : r.key().length) + (r.value() == null ? 0 : r.value().length);
                    assertTrue(size < 1_000_000, topic + ": a record of " + size + " bytes");
                    boolean internal = topic.endsWith("-repartition") || topic.endsWith("-changelog");
                    if (internal && !topic.contains("dedup-by-report") && !topic.contains("advisory")) {
                        int bound = PACKED.stream().anyMatch(topic::endsWith) ? PACK_BOUND : 8_192;
                        assertTrue(size <= bound, topic + ": an internal record of " + size + " bytes");
                    }
                }
            }
        }
    }
}
