package org.monsoon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.monsoon.testing.ReportBuilder.T0;
import static org.monsoon.testing.ReportBuilder.aReport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.monsoon.config.Topics;
import org.monsoon.dedup.DedupProcessor;
import org.monsoon.metrics.PipelineMetrics;
import org.monsoon.schema.IncidentReport;
import org.monsoon.schema.IndicatorType;
import org.monsoon.schema.Tlp;
import org.monsoon.testing.PipelineFixture;

/** The ingest and dedup stages on TopologyTestDriver: every DLQ code, duplicates, revisions, retention. */
class PipelineTopologyTest {

    private PipelineFixture pipeline;
    private TopologyTestDriver driver;
    private Topics topics;
    private PipelineMetrics metrics;
    private TestOutputTopic<byte[], byte[]> dlq;
    private TestOutputTopic<String, IncidentReport> accepted;

    @BeforeEach
    void setUp() throws Exception {
        pipeline = new PipelineFixture(T0.plus(Duration.ofDays(1)));
        driver = pipeline.driver;
        topics = pipeline.topics;
        metrics = pipeline.metrics;
        dlq = pipeline.deadLetters();
        accepted = pipeline.accepted();
    }

    @AfterEach
    void tearDown() {
        pipeline.close();
    }

    private TestInputTopic<String, IncidentReport> reportsOf(String member) {
        return pipeline.reportsOf(member);
    }

    private static String header(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private void assertDeadLetter(
            TestRecord<byte[], byte[]> record, String code, String reasonFragment, String sourceTopic) {
        assertEquals(code, header(record.headers(), "monsoon.error.code"));
        String reason = header(record.headers(), "monsoon.error.reason");
        assertTrue(reason.contains(reasonFragment), "reason: " + reason);
        assertEquals(sourceTopic, header(record.headers(), "monsoon.source.topic"));
        assertEquals("0", header(record.headers(), "monsoon.source.partition"));
        Long.parseLong(header(record.headers(), "monsoon.source.offset"));
        assertEquals(1.0, metrics.count("monsoon.reports.rejected", "code", code));
    }

    @Test
    void controlCharactersAreStrippedFromTitleAndDescription() {
        reportsOf("SG")
                .pipeInput(
                        "r-1",
                        aReport()
                                .from("SG")
                                .withId("r-1")
                                .withTitle("Phish\u001b[2J\u009b31m kit\u0007")
                                .withDescription("line one\r\nline\ttwo\u001b]0;x\u0007")
                                .build());
        IncidentReport out = accepted.readValue();
        assertEquals("Phish[2J31m kit", out.getTitle());
        assertEquals("line one\nline\ttwo]0;x", out.getDescription());
    }

    @Test
    void aValidReportFlowsOnCanonicalAndKeyedByReporterAndId() {
        reportsOf("SG")
                .pipeInput(
                        "r-1",
                        aReport()
                                .from("SG")
                                .withId("r-1")
                                .withIndicator(IndicatorType.URL, "hxxps://Evil[.]COM:443/a/../b")
                                .build());
        TestRecord<String, IncidentReport> out = accepted.readRecord();
        assertEquals("SG/r-1", out.key());
        assertEquals("https://evil.com/b", out.value().getIndicators().get(1).getValue());
        assertEquals("evil.com", out.value().getIndicators().get(0).getValue());
        assertEquals(T0.toEpochMilli(), out.timestamp(), "event time is observed_at");
        assertTrue(dlq.isEmpty());
        assertEquals(1.0, metrics.count("monsoon.reports.received", "reporter", "SG"));
    }

    @Test
    void undecodableBytesAreDeadLetteredUnchanged() {
        TestInputTopic<byte[], byte[]> raw = driver.createInputTopic(
                topics.reports("MY").name(), new ByteArraySerializer(), new ByteArraySerializer());
        byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);
        raw.pipeInput("k".getBytes(StandardCharsets.UTF_8), garbage);
        TestRecord<byte[], byte[]> record = dlq.readRecord();
        assertArrayEquals(garbage, record.value());
        assertArrayEquals("k".getBytes(StandardCharsets.UTF_8), record.key());
        assertDeadLetter(record, "DESERIALIZATION_FAILED", "magic byte", "monsoon.reports.my");
        assertTrue(accepted.isEmpty());
    }

    /**
     * A schema id the registry knows, but registered under an unrelated subject, is refused even though
     * the bytes would decode: a producer speaks only with its own topic's schemas.
     */
    @Test
    void aSchemaIdOfAnotherSubjectIsRefused() {
        String withExtra = org.monsoon.schema.IncidentReport.getClassSchema()
                .toString()
                .replaceFirst("]}$", ",{\"name\":\"zz\",\"type\":\"int\",\"default\":0}]}");
        int foreign = topics.registryClient()
                .register("unrelated-value", new org.apache.avro.Schema.Parser().parse(withExtra));
        Topics.Topic<String, IncidentReport> my = topics.reports("MY");
        byte[] framed = my.valueSerde()
                .serializer()
                .serialize(my.name(), aReport().from("MY").withId("x").build());
        byte[] body = java.util.Arrays.copyOfRange(framed, 5, framed.length + 1); // + the int 0 of "zz"
        byte[] payload = org.monsoon.serde.WireFormat.frame(foreign, body, body.length);
        driver.createInputTopic(my.name(), new ByteArraySerializer(), new ByteArraySerializer())
                .pipeInput("x".getBytes(StandardCharsets.UTF_8), payload);
        assertDeadLetter(
                dlq.readRecord(),
                "DESERIALIZATION_FAILED",
                "is not a version of subject monsoon.reports.my-value",
                "monsoon.reports.my");
        assertTrue(accepted.isEmpty());
    }

    /**
     * A record Monsoon cannot decode on its own internal topic is Monsoon's fault: it is parked on
     * monsoon.errors with the stage and source coordinates, counted, and no CERT is blamed.
     */
    @Test
    void anUndecodableInternalRecordIsParkedAsAnInternalErrorNotDeadLettered() {
        String internal = "monsoon-sightings-by-indicator-repartition";
        driver.createInputTopic(internal, new ByteArraySerializer(), new ByteArraySerializer())
                .pipeInput("DOMAIN\u0000evil.example".getBytes(StandardCharsets.UTF_8), new byte[] {9, 9, 9});
        TestOutputTopic<byte[], byte[]> errors = driver.createOutputTopic(
                topics.errors().name(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer());
        TestRecord<byte[], byte[]> parked = errors.readRecord();
        assertEquals("deserialization of " + internal, header(parked.headers(), "monsoon.error.stage"));
        assertEquals(internal, header(parked.headers(), "monsoon.source.topic"));
        assertArrayEquals(new byte[] {9, 9, 9}, parked.value());
        assertTrue(dlq.isEmpty(), "no CERT is blamed");
        assertEquals(1.0, metrics.count("monsoon.internal.errors", "stage", "deserialization of " + internal));
    }

    @Test
    void aReporterSpeakingForAnotherCountryIsRefused() {
        IncidentReport spoofed = aReport().from("SG").withId("spoof").build();
        Topics.Topic<String, IncidentReport> my = topics.reports("MY");
        byte[] original = my.valueSerde().serializer().serialize(my.name(), spoofed);
        reportsOf("MY").pipeInput("spoof", spoofed);
        TestRecord<byte[], byte[]> record = dlq.readRecord();
        assertDeadLetter(record, "REPORTER_MISMATCH", "reporter: 'SG'", "monsoon.reports.my");
        assertArrayEquals(original, record.value(), "original value bytes");
        assertTrue(accepted.isEmpty());
    }

    @Test
    void anInvalidIndicatorRejectsTheReportNamingTheIndicator() {
        reportsOf("TH")
                .pipeInput(
                        "bad",
                        aReport()
                                .from("TH")
                                .withId("bad")
                                .withIndicator(
                                        IndicatorType.SHA256,
                                        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85")
                                .build());
        assertDeadLetter(dlq.readRecord(), "INVALID_REPORT", "indicators[0] (SHA256", "monsoon.reports.th");
        assertTrue(accepted.isEmpty(), "its only indicator has no canonical form");
    }

    @Test
    void aBrokenFieldRuleIsInvalid() {
        reportsOf("TH")
                .pipeInput(
                        "x", aReport().from("TH").withId("bad id with spaces").build());
        assertDeadLetter(dlq.readRecord(), "INVALID_REPORT", "report_id", "monsoon.reports.th");
    }

    @Test
    void aReportFromTheFutureIsInvalid() {
        reportsOf("VN")
                .pipeInput(
                        "f",
                        aReport()
                                .from("VN")
                                .withId("f")
                                .observedAt(T0.plus(Duration.ofDays(2)))
                                .build());
        assertDeadLetter(dlq.readRecord(), "INVALID_REPORT", "observed_at", "monsoon.reports.vn");
    }

    @Test
    void tooLongADescriptionIsOversized() {
        reportsOf("ID")
                .pipeInput(
                        "o",
                        aReport()
                                .from("ID")
                                .withId("o")
                                .withDescription("x".repeat(20_001))
                                .build());
        assertDeadLetter(dlq.readRecord(), "OVERSIZED", "description", "monsoon.reports.id");
    }

    @Test
    void aReportThatGrowsPastTheLimitWhenCanonicalisedIsOversized() {
        var report = aReport().from("ID").withId("grows");
        for (int i = 0; i < 200; i++) {
            report.withIndicator(
                    org.monsoon.schema.IndicatorType.URL, "https://kit-" + i + ".example/" + "<".repeat(1_900));
        }
        reportsOf("ID").pipeInput("grows", report.build());
        assertDeadLetter(dlq.readRecord(), "OVERSIZED", "canonical report", "monsoon.reports.id");
    }

    /**
     * TopologyTestDriver reads every topic as partition 0: a report whose versions meet there is
     * deduplicated where it was read, any other moves through dedup-by-report first. Either way each is
     * accepted once and its redelivery dropped.
     */
    @Test
    void reportsStayWhereTheirVersionsMeetOrMoveThereAndAreDeduplicatedEitherWay() {
        int partitions = org.monsoon.config.MonsoonConfig.defaults().partitions(); // the fixture's
        String stays = idOn("SG", 0, partitions);
        String moves = idOn("SG", 1, partitions);
        for (String id : new String[] {stays, moves, stays, moves}) {
            reportsOf("SG").pipeInput(id, aReport().from("SG").withId(id).build());
        }
        assertEquals(
                java.util.List.of("SG/" + stays, "SG/" + moves),
                accepted.readKeyValuesToList().stream().map(kv -> kv.key).toList());
        assertEquals(2.0, metrics.count("monsoon.reports.duplicate", "reporter", "SG"));
        assertEquals(2.0, metrics.count("monsoon.reports.rerouted"), "the moved report, both times");
    }

    /** A moved RED report is deduplicated like any other, but moves no open metric by itself. */
    @Test
    void aMovedRestrictedReportIsNotCountedAsRerouted() {
        int partitions = org.monsoon.config.MonsoonConfig.defaults().partitions(); // the fixture's
        String moves = idOn("SG", 1, partitions);
        reportsOf("SG")
                .pipeInput(
                        moves,
                        aReport().from("SG").withId(moves).withTlp(Tlp.RED).build());
        assertEquals(1, accepted.readRecordsToList().size());
        assertEquals(0.0, metrics.count("monsoon.reports.rerouted"));
        assertEquals(1.0, metrics.count("monsoon.reports.restricted", "tlp", "RED"));
    }

    /** A report id whose versions meet on {@code partition}. */
    private static String idOn(String member, int partition, int partitions) {
        for (int i = 0; ; i++) {
            if (org.monsoon.dedup.ReportPartitioner.partitionOf(member + "/r-" + i, partitions) == partition) {
                return "r-" + i;
            }
        }
    }

    @Test
    void anIdenticalRedeliveryIsDroppedAndCounted() {
        IncidentReport report = aReport().from("PH").withId("dup").build();
        reportsOf("PH").pipeInput("dup", report);
        // A retry re-stamps reported_at; the content is the same.
        reportsOf("PH")
                .pipeInput(
                        "dup",
                        IncidentReport.newBuilder(report)
                                .setReportedAt(T0.plusSeconds(9000))
                                .build());
        assertEquals(1, accepted.readRecordsToList().size());
        assertEquals(1.0, metrics.count("monsoon.reports.duplicate", "reporter", "PH"));
    }

    @Test
    void theSameIdWithNewContentIsARevision() {
        reportsOf("PH").pipeInput("rev", aReport().from("PH").withId("rev").build());
        reportsOf("PH")
                .pipeInput(
                        "rev",
                        aReport()
                                .from("PH")
                                .withId("rev")
                                .withIndicator(IndicatorType.DOMAIN, "second.example")
                                .build());
        var out = accepted.readRecordsToList();
        assertEquals(2, out.size());
        assertNull(out.get(0).headers().lastHeader(DedupProcessor.REVISION_HEADER));
        assertEquals("1", header(out.get(1).headers(), DedupProcessor.REVISION_HEADER));
        assertEquals(1.0, metrics.count("monsoon.reports.revised", "reporter", "PH"));
    }

    @Test
    void theSameIdFromAnotherMemberIsNotADuplicate() {
        reportsOf("PH").pipeInput("same", aReport().from("PH").withId("same").build());
        reportsOf("SG").pipeInput("same", aReport().from("SG").withId("same").build());
        assertEquals(2, accepted.readRecordsToList().size());
    }

    @Test
    void afterTheRetentionAVeryOldIdPassesAgain() {
        IncidentReport old = aReport()
                .from("MY")
                .withId("old")
                .observedAt(T0.minus(Duration.ofDays(40)))
                .build();
        reportsOf("MY").pipeInput("old", old);
        // Stream time moves on by more than the 30-day retention.
        reportsOf("MY").pipeInput("new", aReport().from("MY").withId("new").build());
        reportsOf("MY").pipeInput("old", old);
        var keys = accepted.readRecordsToList().stream().map(TestRecord::key).toList();
        assertEquals(java.util.List.of("MY/old", "MY/new", "MY/old"), keys);
        assertEquals(0.0, metrics.count("monsoon.reports.duplicate", "reporter", "MY"));
        var store = driver.<String, org.monsoon.schema.ReportState>getKeyValueStore(MonsoonTopology.DEDUP_STORE);
        assertEquals(
                2,
                java.util.stream.StreamSupport.stream(
                                java.util.Spliterators.spliteratorUnknownSize(store.all(), 0), false)
                        .count());
    }

    @Test
    void aReportWithSomeInvalidIndicatorsGoesOnWithTheRestAndOneLetterNamesEach() {
        IncidentReport partial = aReport()
                .from("MY")
                .withId("oasis-1")
                .withIndicator(IndicatorType.IPV4, "45.77.12.3OO")
                .withIndicator(IndicatorType.DOMAIN, "good.example")
                .withIndicator(IndicatorType.DOMAIN, "a..example")
                .withIndicator(IndicatorType.SHA256, "AB".repeat(32))
                .build();
        reportsOf("MY").pipeInput("oasis-1", partial);
        TestRecord<String, IncidentReport> out = accepted.readRecord();
        assertEquals("MY/oasis-1", out.key());
        assertEquals(
                java.util.List.of("good.example", "ab".repeat(32)),
                out.value().getIndicators().stream().map(i -> i.getValue()).toList(),
                "accepted with its valid indicators");
        assertNull(out.headers().lastHeader("monsoon.left-out"), "the stage's header stays inside");
        TestRecord<byte[], byte[]> letter = dlq.readRecord();
        assertDeadLetter(letter, "INVALID_INDICATOR", "2 of 4 left out", "monsoon.reports.my");
        String reason = header(letter.headers(), "monsoon.error.reason");
        assertTrue(reason.contains("indicators[0] (IPV4 '45.77.12.3OO')"), reason);
        assertTrue(reason.contains("indicators[2] (DOMAIN 'a..example')"), reason);
        assertArrayEquals(
                topics.reports("MY")
                        .valueSerde()
                        .serializer()
                        .serialize(topics.reports("MY").name(), partial),
                letter.value(),
                "the letter holds the record as the CERT sent it");

        reportsOf("MY").pipeInput("oasis-1", partial); // a redelivery: a duplicate, no second letter
        assertTrue(accepted.isEmpty());
        assertTrue(dlq.isEmpty(), "one letter per report version, not per redelivery");
        assertEquals(1.0, metrics.count("monsoon.reports.duplicate", "reporter", "MY"));
    }

    @Test
    void aMovedPartialReportsLetterNamesTheMembersTopicItCameFrom() {
        int partitions = org.monsoon.config.MonsoonConfig.defaults().partitions(); // the fixture's
        String moves = idOn("PH", 1, partitions);
        reportsOf("PH")
                .pipeInput(
                        moves,
                        aReport()
                                .from("PH")
                                .withId(moves)
                                .withIndicator(IndicatorType.DOMAIN, "fine.example")
                                .withIndicator(IndicatorType.MD5, "not-a-hash")
                                .build());
        assertEquals(1, accepted.readRecordsToList().size());
        assertDeadLetter(dlq.readRecord(), "INVALID_INDICATOR", "1 of 2 left out", "monsoon.reports.ph");
    }

    @Test
    void aHugeLeftOutValueKeepsTheLetterAndTheReportWithinTheirLimits() {
        java.util.List<org.monsoon.schema.Indicator> indicators = new java.util.ArrayList<>();
        indicators.add(new org.monsoon.schema.Indicator(IndicatorType.DOMAIN, "fine.example"));
        for (int i = 0; i < 999; i++) {
            indicators.add(new org.monsoon.schema.Indicator(IndicatorType.EMAIL, "x".repeat(2_000) + i));
        }
        IncidentReport huge = aReport().from("SG").withId("huge").build();
        huge.setIndicators(indicators);
        reportsOf("SG").pipeInput("huge", huge);
        assertEquals(
                java.util.List.of("fine.example"),
                accepted.readValue().getIndicators().stream()
                        .map(org.monsoon.schema.Indicator::getValue)
                        .toList());
        String reason = header(dlq.readRecord().headers(), "monsoon.error.reason");
        assertTrue(reason.length() <= 2_048, reason.length() + " characters");
        assertTrue(reason.startsWith("indicators: 999 of 1000 left out") && reason.endsWith(" more"), reason);
    }

    @Test
    void aReportWithNoValidIndicatorIsInvalidWhole() {
        reportsOf("MY")
                .pipeInput(
                        "none",
                        aReport()
                                .from("MY")
                                .withId("none")
                                .withIndicator(IndicatorType.IPV4, "45.77.12.3OO")
                                .withIndicator(IndicatorType.MD5, "not-a-hash")
                                .build());
        assertDeadLetter(dlq.readRecord(), "INVALID_REPORT", "none of 2 has a canonical form", "monsoon.reports.my");
        assertTrue(accepted.isEmpty());
    }

    @Test
    void aWithdrawalOfAnUnknownIdIsALetterNotATombstone() {
        reportsOf("SG").pipeInput("no-such-report-xyz", null);
        assertDeadLetter(
                dlq.readRecord(), "UNKNOWN_REPORT", "no report 'no-such-report-xyz' from SG", "monsoon.reports.sg");
        assertTrue(accepted.isEmpty(), "no tombstone on the accepted topic");
        assertEquals(0.0, metrics.count("monsoon.reports.withdrawn", "reporter", "SG"));

        reportsOf("SG").pipeInput("known", aReport().from("SG").withId("known").build());
        reportsOf("SG").pipeInput("known", null);
        assertEquals(2, accepted.readRecordsToList().size(), "the report and its tombstone");
        reportsOf("SG").pipeInput("known", null); // withdrawn already
        assertTrue(accepted.isEmpty());
        assertEquals("UNKNOWN_REPORT", header(dlq.readRecord().headers(), "monsoon.error.code"));
    }

    @Test
    void theApplicationKeepsGoingAfterBadRecords() {
        TestInputTopic<byte[], byte[]> raw = driver.createInputTopic(
                topics.reports("KH").name(), new ByteArraySerializer(), new ByteArraySerializer());
        raw.pipeInput(null, new byte[] {0, 0, 0, 0x7f, 0x7f, 1});
        reportsOf("KH").pipeInput("ok", aReport().from("KH").withId("ok").build());
        assertEquals(1, dlq.readRecordsToList().size());
        assertEquals("KH/ok", accepted.readRecord().key());
    }
}
