package org.monsoon.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;
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

/**
 * The whole topology on TopologyTestDriver, restartable on the same state: {@link #restart()} closes
 * the driver as a stopped instance would and opens a new one with every store restored from what it
 * logged to its changelog, as Kafka Streams restores a task moved to another instance. The warninglist's in-memory global store is fed again, as
 * a real instance restores it from its topic. Every advisory record written, across restarts, is kept
 * in order. Wall-clock time only moves forward, through {@link #advance}.
 */
public final class RestartablePipeline implements AutoCloseable {
    private final MonsoonConfig config;
    private final Topics topics;
    /** The ingest clock follows the driver's wall clock. */
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return wall;
        }
    };

    private final List<WarninglistEntry> warninglist = new ArrayList<>();
    private final List<Advisory> written = new ArrayList<>();
    private static final String CHANGELOG = "-changelog";
    /** Changelog topic to every record logged to it, across restarts. */
    private final Map<String, List<KeyValue<byte[], byte[]>>> changelogs = new LinkedHashMap<>();

    private volatile Instant wall;
    private TopologyTestDriver driver;
    private TestOutputTopic<String, Advisory> advisories;

    /**
     * @param now the wall clock at start; the ingest clock (reports must not be observed more than five
     *     minutes after it) follows it
     */
    public RestartablePipeline(Instant now, Duration advisoryRefresh) {
        this(now, config -> config.withAdvisoryRefresh(advisoryRefresh));
    }

    /**
     * @param now the wall clock at start
     * @param settings the configuration, from the defaults (window, refresh...)
     */
    public RestartablePipeline(Instant now, UnaryOperator<MonsoonConfig> settings) {
        InMemoryRegistry registry = InMemoryRegistry.shared();
        try {
            config = settings.apply(MonsoonConfig.defaults()
                    .withSchemaRegistryUrl(registry.url())
                    .withRegistryCredentials(registry.userInfo())
                    .withBootstrapServers("unused:9092")
                    .withDataDir(TestDirs.create("monsoon-restartable"))
                    .withProcessing("at_least_once", Duration.ofDays(30)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        topics = new Topics(config, registry.client());
        wall = now;
        open();
    }

    public MonsoonConfig config() {
        return config;
    }

    private void open() {
        PipelineMetrics metrics = PipelineMetrics.inMemory();
        Properties props = MonsoonApplication.streamsProperties(config, topics, metrics);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, "at_least_once");
        driver = new TopologyTestDriver(new MonsoonTopology(config, topics, metrics, clock).build(), props, wall);
        advisories = driver.createOutputTopic(
                topics.advisories().name(),
                topics.advisories().keySerde().deserializer(),
                topics.advisories().valueSerde().deserializer());
        Topics.Topic<String, WarninglistEntry> t = topics.warninglist();
        var input = driver.createInputTopic(
                t.name(), t.keySerde().serializer(), t.valueSerde().serializer());
        warninglist.forEach(entry -> input.pipeInput(WarninglistEntries.key(entry), entry));
    }

    /** A report on its member's topic, stamped with its event time. */
    public void send(IncidentReport report) {
        Topics.Topic<String, IncidentReport> t = topics.reports(report.getReporter());
        driver.createInputTopic(
                        t.name(), t.keySerde().serializer(), t.valueSerde().serializer())
                .pipeInput(report.getReportId(), report, report.getObservedAt());
        collect();
    }

    /** A tombstone on the member's topic. */
    public void withdraw(String member, String reportId, Instant at) {
        driver.createInputTopic(topics.reports(member).name(), new StringSerializer(), new ByteArraySerializer())
                .pipeInput(reportId, null, at);
        collect();
    }

    /** A value put on the warninglist. */
    public void warninglist(WarninglistMatch match, String value) {
        WarninglistEntry entry = WarninglistEntries.entry(match, value, "test", null, Instant.EPOCH)
                .orElseThrow();
        warninglist.add(entry);
        Topics.Topic<String, WarninglistEntry> t = topics.warninglist();
        driver.createInputTopic(
                        t.name(), t.keySerde().serializer(), t.valueSerde().serializer())
                .pipeInput(WarninglistEntries.key(entry), entry);
        collect();
    }

    /** Moves wall-clock time on (punctuations fire), in steps of at most {@code step}. */
    public void advance(Duration by, Duration step) {
        Duration left = by;
        while (!left.isZero() && !left.isNegative()) {
            Duration now = left.compareTo(step) < 0 ? left : step;
            driver.advanceWallClockTime(now);
            wall = wall.plus(now);
            left = left.minus(now);
            collect();
        }
    }

    /**
     * Closes the driver and opens a new one whose stores are restored from their changelogs, as a
     * restarted instance on a new machine restores them (the driver deletes its state directory on
     * close, so its RocksDB files cannot be reopened).
     */
    public void restart() {
        captureChangelogs();
        collect();
        driver.close();
        open();
        String prefix = config.applicationId() + "-";
        changelogs.forEach((topic, records) -> {
            String store = topic.substring(prefix.length(), topic.length() - CHANGELOG.length());
            KeyValueStore<Bytes, byte[]> bytes =
                    innermost(driver.getAllStateStores().get(store));
            for (KeyValue<byte[], byte[]> r : records) {
                if (r.value == null) {
                    bytes.delete(Bytes.wrap(r.key));
                } else {
                    bytes.put(Bytes.wrap(r.key), r.value);
                }
            }
        });
    }

    /** Everything the stores logged so far, kept across restarts as the changelog topics keep it. */
    private void captureChangelogs() {
        for (String topic : driver.producedTopicNames()) {
            if (topic.startsWith(config.applicationId() + "-") && topic.endsWith(CHANGELOG)) {
                changelogs
                        .computeIfAbsent(topic, t -> new ArrayList<>())
                        .addAll(driver.createOutputTopic(
                                        topic, new ByteArrayDeserializer(), new ByteArrayDeserializer())
                                .readKeyValuesToList());
            }
        }
    }

    /** The bytes store under a store's metering, caching and logging layers. */
    @SuppressWarnings("unchecked")
    private static KeyValueStore<Bytes, byte[]> innermost(StateStore store) {
        StateStore inner = store;
        while (inner instanceof WrappedStateStore<?, ?, ?> wrapped) {
            inner = wrapped.wrapped();
        }
        return (KeyValueStore<Bytes, byte[]>) inner;
    }

    private void collect() {
        written.addAll(advisories.readValuesToList());
    }

    /** Every advisory record written so far, in order. */
    public List<Advisory> written() {
        collect();
        return written;
    }

    @Override
    public void close() {
        driver.close();
    }
}
