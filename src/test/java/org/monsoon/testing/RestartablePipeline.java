package org.monsoon.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.internals.StreamTask;
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
 * the driver as a stopped instance would and opens a new one on the same RocksDB files, whose
 * processors initialise from them as a restarted instance's do. The warninglist's in-memory global store is fed again, as
 * a real instance restores it from its topic. Every advisory record written, across restarts, is kept
 * in order. Wall-clock time only moves forward, through {@link #advance}.
 */
public final class RestartablePipeline implements AutoCloseable {
    private final MonsoonConfig config;
    private final Topics topics;
    /** The ingest clock follows the driver's wall clock. */
    private final Clock clock = new FollowingClock(() -> this.wall);

    private final List<WarninglistEntry> warninglist = new ArrayList<>();
    private final List<Advisory> written = new ArrayList<>();

    private volatile Instant wall;
    private PipelineMetrics metrics;
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

    /** The metrics of the driver now running. */
    public PipelineMetrics metrics() {
        return metrics;
    }

    private void open() {
        metrics = PipelineMetrics.inMemory();
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

    /** A key-value store of the running driver, to read or, for an upgrade test, to rewrite. */
    public <V> org.apache.kafka.streams.state.KeyValueStore<String, V> store(String name) {
        return driver.getKeyValueStore(name);
    }

    /** A key-value store of the running driver with keys of any type. */
    public <K, V> org.apache.kafka.streams.state.KeyValueStore<K, V> keyValueStore(String name) {
        return driver.getKeyValueStore(name);
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
     * Closes the driver as a stopped instance closes (its task committed and closed cleanly, every store
     * flushed to its files) and opens a new one on the same state, whose processors start from it as a
     * restarted instance's do. The driver deletes its state directory on close, so its task is closed
     * first (what {@link TopologyTestDriver#close()} does, through its field) and the files are set
     * aside, then put back.
     */
    public void restart() {
        collect();
        Path state = config.dataDir().resolve("streams");
        Path aside = config.dataDir().resolveSibling(config.dataDir().getFileName() + "-aside");
        try {
            Field field = TopologyTestDriver.class.getDeclaredField("task");
            field.setAccessible(true);
            StreamTask task = (StreamTask) field.get(driver);
            task.suspend();
            task.prepareCommit(true);
            task.postCommit(true);
            task.closeClean();
            field.set(driver, null);
            Utils.delete(aside.toFile());
            copy(state, aside);
            driver.close();
            Utils.delete(state.toFile());
            copy(aside, state);
            Utils.delete(aside.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this TopologyTestDriver cannot be restarted", e);
        }
        open();
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                if (source.getFileName().toString().equals(".lock")) {
                    continue;
                }
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
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
