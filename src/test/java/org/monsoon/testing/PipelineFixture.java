package org.monsoon.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.monsoon.MonsoonApplication;
import org.monsoon.MonsoonTopology;
import org.monsoon.config.MonsoonConfig;
import org.monsoon.config.Topics;
import org.monsoon.metrics.PipelineMetrics;
import org.monsoon.schema.Advisory;
import org.monsoon.schema.IncidentReport;
import org.monsoon.schema.WarninglistEntry;
import org.monsoon.schema.WarninglistMatch;
import org.monsoon.warninglist.WarninglistEntries;

/** The whole topology on TopologyTestDriver, with helpers to send reports and read advisories. */
public final class PipelineFixture implements AutoCloseable {
    public final TopologyTestDriver driver;
    public final Topics topics;
    public final PipelineMetrics metrics = PipelineMetrics.inMemory();
    private final TestOutputTopic<String, Advisory> advisories;
    private final Map<String, Advisory> latest = new LinkedHashMap<>();
    private final java.util.List<Advisory> all = new java.util.ArrayList<>();

    /** The topology at wall-clock {@code now}, with the JVM's shared in-memory registry. */
    public PipelineFixture(Instant now) throws Exception {
        this(InMemoryRegistry.shared(), now);
    }

    /**
     * The fixture the scenario tests share: wall clock 60 days after {@link ReportBuilder#T0}, so that
     * reports observed on the scenario's days are inside the retention and the window can be crossed.
     * For a field closed by JUnit's {@code @AutoClose}, one per test.
     */
    public static PipelineFixture scenario() {
        try {
            return new PipelineFixture(ReportBuilder.T0.plus(Duration.ofDays(60)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the topology test driver", e);
        }
    }

    private PipelineFixture(InMemoryRegistry registry, Instant now) throws Exception {
        MonsoonConfig config = MonsoonConfig.defaults()
                .withSchemaRegistryUrl(registry.url())
                .withRegistryCredentials(registry.userInfo())
                .withBootstrapServers("unused:9092")
                .withDataDir(TestDirs.create("monsoon-ttd"))
                .withProcessing("at_least_once", Duration.ofDays(30));
        topics = new Topics(config, registry.client());
        Properties props = MonsoonApplication.streamsProperties(config, topics, metrics);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, "at_least_once");
        driver = new TopologyTestDriver(
                new MonsoonTopology(config, topics, metrics, Clock.fixed(now, ZoneOffset.UTC)).build(), props, now);
        advisories = driver.createOutputTopic(
                topics.advisories().name(),
                topics.advisories().keySerde().deserializer(),
                topics.advisories().valueSerde().deserializer());
    }

    /** The dead-letter topic: original key and value bytes, with error headers. */
    public TestOutputTopic<byte[], byte[]> deadLetters() {
        return driver.createOutputTopic(
                topics.deadLetters().name(),
                topics.deadLetters().keySerde().deserializer(),
                topics.deadLetters().valueSerde().deserializer());
    }

    /** Canonical, deduplicated reports. */
    public TestOutputTopic<String, IncidentReport> accepted() {
        return driver.createOutputTopic(
                topics.accepted().name(),
                topics.accepted().keySerde().deserializer(),
                topics.accepted().valueSerde().deserializer());
    }

    /** A member's report topic, for piping records as a CERT's producer would. */
    public TestInputTopic<String, IncidentReport> reportsOf(String member) {
        Topics.Topic<String, IncidentReport> t = topics.reports(member);
        return driver.createInputTopic(
                t.name(), t.keySerde().serializer(), t.valueSerde().serializer());
    }

    public void send(IncidentReport report) {
        Topics.Topic<String, IncidentReport> t = topics.reports(report.getReporter());
        TestInputTopic<String, IncidentReport> input = driver.createInputTopic(
                t.name(), t.keySerde().serializer(), t.valueSerde().serializer());
        // TopologyTestDriver runs every sub-topology in one task, so all share one stream time: stamp the
        // input with its event time, as the stages after ingest see it on a real cluster.
        input.pipeInput(report.getReportId(), report, report.getObservedAt());
    }

    /** A tombstone on the member's topic: the CERT withdraws the report. */
    public void withdraw(String member, String reportId, Instant at) {
        driver.createInputTopic(
                        topics.reports(member).name(),
                        new org.apache.kafka.common.serialization.StringSerializer(),
                        new org.apache.kafka.common.serialization.ByteArraySerializer())
                .pipeInput(reportId, null, at);
    }

    public void warninglist(WarninglistMatch match, String value) {
        WarninglistEntry entry = WarninglistEntries.entry(match, value, "test", null, Instant.EPOCH)
                .orElseThrow();
        Topics.Topic<String, WarninglistEntry> t = topics.warninglist();
        driver.createInputTopic(
                        t.name(), t.keySerde().serializer(), t.valueSerde().serializer())
                .pipeInput(WarninglistEntries.key(entry), entry);
    }

    /** Every advisory version published since the last call (also folded into {@link #latest()}). */
    public List<Advisory> newVersions() {
        // The campaign stage publishes changed campaigns once a second (wall-clock time).
        driver.advanceWallClockTime(java.time.Duration.ofSeconds(1));
        List<Advisory> fresh = advisories.readValuesToList();
        fresh.forEach(a -> latest.put(a.getAdvisoryId(), a));
        all.addAll(fresh);
        return fresh;
    }

    /** The latest version of each advisory published so far. */
    public Map<String, Advisory> latest() {
        newVersions();
        return latest;
    }

    /** The one advisory published so far (latest version); fails if there is not exactly one. */
    public Advisory onlyAdvisory() {
        List<Advisory> current = List.copyOf(latest().values());
        org.junit.jupiter.api.Assertions.assertEquals(1, current.size(), "advisories: " + current);
        return current.get(0);
    }

    /** An advisory's indicator values, in its order. */
    public static List<String> values(Advisory advisory) {
        return advisory.getIndicators().stream()
                .map(org.monsoon.schema.AdvisoryIndicator::getValue)
                .toList();
    }

    /** Every version ever published. */
    public List<Advisory> allVersions() {
        newVersions();
        return all;
    }

    @Override
    public void close() {
        driver.close();
    }
}
