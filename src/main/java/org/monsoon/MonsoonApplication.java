package org.monsoon;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.monsoon.advisory.AdvisoryHistorySeed;
import org.monsoon.api.HttpApi;
import org.monsoon.api.Readiness;
import org.monsoon.config.MonsoonConfig;
import org.monsoon.config.StateFormatGuard;
import org.monsoon.config.TopicProvisioner;
import org.monsoon.config.Topics;
import org.monsoon.ingest.DeadLetterHandlers;
import org.monsoon.ingest.Rejection;
import org.monsoon.metrics.KafkaMeterFilter;
import org.monsoon.metrics.PipelineMetrics;
import org.monsoon.state.BoundedRocksDb;
import org.monsoon.state.RestoreLog;
import org.monsoon.stix.StixExporter;
import org.monsoon.warninglist.WarninglistAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Monsoon instance: provisions topics and schemas, runs the Kafka Streams topology with
 * exactly-once by default, and serves the operators' HTTP endpoints. Local state is kept between
 * runs; {@link #resetLocalState} is the explicit way to wipe it.
 */
public final class MonsoonApplication implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MonsoonApplication.class);

    private final KafkaStreams streams;
    private final PipelineMetrics metrics;
    private final HttpApi http;
    private final KafkaStreamsMetrics streamsMetrics;
    private final Readiness readiness;

    private MonsoonApplication(
            KafkaStreams streams,
            PipelineMetrics metrics,
            HttpApi http,
            KafkaStreamsMetrics streamsMetrics,
            Readiness readiness) {
        this.readiness = readiness;
        this.streams = streams;
        this.metrics = metrics;
        this.http = http;
        this.streamsMetrics = streamsMetrics;
    }

    /** Provisions, starts the pipeline and, when {@code withHttp}, the HTTP endpoints. */
    public static MonsoonApplication start(MonsoonConfig config, boolean withHttp) throws IOException {
        return start(config, withHttp, Optional.empty());
    }

    /**
     * Checks that this build can use the application's stored state ({@link StateFormatGuard}),
     * provisions, starts the pipeline and, when {@code withHttp}, the HTTP endpoints.
     *
     * @param assumedStateFormat the state format an operator vouches for when state has no record
     * @throws StateFormatGuard.IncompatibleStateException when this build cannot use the stored state
     */
    public static MonsoonApplication start(MonsoonConfig config, boolean withHttp, Optional<Integer> assumedStateFormat)
            throws IOException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(new KafkaMeterFilter(config.kafkaMetrics())); // before any meter
        PipelineMetrics metrics = new PipelineMetrics(registry);
        Topics topics = Topics.of(config);
        new StateFormatGuard(config).check(assumedStateFormat);
        TopicProvisioner provisioner = new TopicProvisioner(config, topics);
        provisioner.createMissingTopics();
        provisioner.registerSchemas();
        AdvisoryHistorySeed.seedIfEmpty(
                config.clientConfig(),
                topics.advisories(),
                topics.advisoryHistory(),
                config.applicationId() + "-advisory-history-seed");
        try (WarninglistAdmin warninglist = new WarninglistAdmin(config, topics)) {
            int seeded = warninglist.seedIfEmpty();
            if (seeded > 0) {
                LOG.info(
                        "Seeded {} bundled MISP warninglist entries into {}",
                        seeded,
                        topics.warninglist().name());
            }
        }
        HttpApi http = withHttp ? HttpApi.bind(config.httpHost(), config.httpPort(), advertisedHost(config)) : null;
        Properties props = streamsProperties(config, topics, metrics);
        if (http != null) {
            props.put(
                    StreamsConfig.APPLICATION_SERVER_CONFIG,
                    http.advertised().host() + ":" + http.advertised().port());
        }
        Topology topology = new MonsoonTopology(config, topics, metrics, Clock.systemUTC()).build();
        metrics.startAtZero(
                config.members(),
                Arrays.stream(Rejection.Code.values()).map(Enum::name).toList(),
                stages(topology));
        KafkaStreams streams = new KafkaStreams(topology, props);
        StreamThreadPolicy threads = new StreamThreadPolicy(Clock.systemUTC());
        streams.setUncaughtExceptionHandler(e -> {
            metrics.streamThreadFailure();
            StreamThreadPolicy.Decision decision = threads.onFailure(e);
            LOG.error(
                    "Stream thread failed ({}); {}",
                    decision.reason(),
                    decision.response() == StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD
                            ? "replacing it in " + decision.backoff().toSeconds() + " s"
                            : "shutting this instance's client down",
                    DeadLetterHandlers.withoutMessage(e));
            try {
                Thread.sleep(decision.backoff().toMillis());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            return decision.response();
        });
        streams.setGlobalStateRestoreListener(new RestoreLog());
        KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        bindJvmMetrics(registry);
        io.micrometer.core.instrument.Gauge.builder(
                        "monsoon.streams.running", streams, s -> s.state() == KafkaStreams.State.RUNNING ? 1 : 0)
                .description("1 while this instance's Kafka Streams client is RUNNING")
                .register(registry);
        // Standby tasks are what make a lost instance's work resume quickly; zero with two or more
        // instances means num.standby.replicas is not set.
        for (String kind : new String[] {"active", "standby"}) {
            io.micrometer.core.instrument.Gauge.builder("monsoon.streams.tasks", streams, s -> tasks(s, kind))
                    .tag("kind", kind)
                    .description("Kafka Streams tasks this instance runs, active or standby")
                    .register(registry);
        }
        Readiness readiness =
                new Readiness(streams::state, config.clientConfig(), topics.registryClient(), threads::givenUp);
        if (http != null) {
            http.start(
                    registry,
                    readiness,
                    streams,
                    new StixExporter(config.regionName()),
                    config.clientConfig(),
                    topics,
                    config.apiToken(),
                    config.httpAllowedHosts());
        }
        streams.start();
        return new MonsoonApplication(streams, metrics, http, streamsMetrics, readiness);
    }

    /**
     * Where an internal error can be counted: every processor of the topology, and the deserialization
     * of every topic it reads (the labels {@code monsoon_internal_errors_total} carries).
     */
    static List<String> stages(Topology topology) {
        TreeSet<String> stages = new TreeSet<>();
        TopologyDescription description = topology.describe();
        List<TopologyDescription.Subtopology> subtopologies = new ArrayList<>(description.subtopologies());
        description.globalStores().forEach(store -> {
            stages.add(store.processor().name());
            store.source().topicSet().forEach(topic -> stages.add("deserialization of " + topic));
        });
        for (TopologyDescription.Subtopology subtopology : subtopologies) {
            for (TopologyDescription.Node node : subtopology.nodes()) {
                if (node instanceof TopologyDescription.Processor) {
                    stages.add(node.name());
                } else if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
                    source.topicSet().forEach(topic -> stages.add("deserialization of " + topic));
                }
            }
        }
        return List.copyOf(stages);
    }

    /** How other instances reach this one: the HTTP host, or this machine's name when bound to all. */
    private static String advertisedHost(MonsoonConfig config) throws IOException {
        if (config.advertisedHost() != null && !config.advertisedHost().isBlank()) {
            return config.advertisedHost();
        }
        String host = config.httpHost();
        return host.equals("0.0.0.0") || host.equals("::")
                ? java.net.InetAddress.getLocalHost().getHostName()
                : host;
    }

    private static void bindJvmMetrics(PrometheusMeterRegistry registry) {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    /** The Streams settings: exactly-once v2 unless configured otherwise, and the dead-letter handlers. */
    public static Properties streamsProperties(MonsoonConfig config, Topics topics, PipelineMetrics metrics) {
        Properties props = new Properties();
        props.putAll(config.clientConfig());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.processingGuarantee());
        props.put(
                StreamsConfig.STATE_DIR_CONFIG,
                config.dataDir().resolve("streams").toAbsolutePath().toString());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.replicationFactor());
        props.put(
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandlers.Deserialization.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandlers.Processing.class);
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandlers.Production.class);
        props.put(DeadLetterHandlers.ERRORS_TOPIC_CONFIG, topics.errors().name());
        props.put("processing.exception.handler.global.enabled", true);
        props.put(DeadLetterHandlers.DLQ_TOPIC_CONFIG, topics.deadLetters().name());
        props.put(DeadLetterHandlers.MEMBER_TOPIC_PREFIX_CONFIG, topics.reportsPrefix());
        props.put(PipelineMetrics.CONFIG_KEY, metrics);
        tune(props);
        return props;
    }

    /**
     * Throughput and memory settings, each overridable through {@code kafka.*} client settings:
     * <ul>
     *   <li>a hot key is written once per commit, not once per update: the stores with hot keys keep
     *       decoded values in front of them ({@link org.monsoon.state.DecodedStore}), the advisories
     *       table uses Kafka Streams' record cache (32 MiB), and write-once stores have no cache;</li>
     *   <li>lz4 on the application's producer (changelogs, repartitions, outputs): it cuts the bytes
     *       written to Kafka to about a third ({@code monsoon bench}: write amplification 13.4 to 4.4)
     *       at no measured cost in throughput, and every Kafka client since 0.10 reads it. It needs the
     *       larger RocksDB memtable budget of {@link BoundedRocksDb}: with 64 MiB, runs with any codec
     *       fell to between a sixth and a third of the throughput, the stream thread waiting inside
     *       RocksDB writes. No linger: under exactly-once every commit flushes the producer anyway, and
     *       5 and 20 ms changed neither throughput nor bytes;</li>
     *   <li>short fetch waits and polls, and larger batches ({@link #tuneClients});</li>
     *   <li>{@code max.task.idle.ms=-1}: the eleven member topics share one task, and no stage needs
     *       their records interleaved by timestamp (event time is observed_at, carried in the report),
     *       so a task never waits for an empty member partition;</li>
     *   <li>the advisories table restores from the advisories topic, not from a changelog copy;</li>
     *   <li>RocksDB memory bounded for the whole instance ({@link BoundedRocksDb}).</li>
     * </ul>
     * The commit interval stays at the exactly-once default (100 ms): every hop between stages waits
     * for the upstream transaction, and report-to-advisory latency is about four commit intervals
     * plus the campaign stage's flush interval.
     */
    static void tune(Properties props) {
        props.putIfAbsent(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 32L * 1024 * 1024);
        props.put(StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG, StreamsConfig.REUSE_KTABLE_SOURCE_TOPICS);
        props.putIfAbsent(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
        props.putIfAbsent(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDb.class);
        props.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        tuneClients(props);
    }

    /**
     * Client settings every exactly-once hop pays for, shared with the benchmark's baselines:
     * <ul>
     *   <li>{@code consumer.fetch.max.wait.ms=10} and {@code poll.ms=10}: under read_committed a stage
     *       waits for the upstream commit, and with the defaults (500 ms, 100 ms) the stream thread sat
     *       in an empty fetch for most of that; measured on 50,000 reports, p99 report-to-advisory at
     *       2,000/s went from 14.3 s to 2.5 s. The cost is an idle consumer fetching every 10 ms;</li>
     *   <li>128 KiB producer batches.</li>
     * </ul>
     */
    public static void tuneClients(Properties props) {
        props.putIfAbsent(
                StreamsConfig.consumerPrefix(org.apache.kafka.clients.consumer.ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG),
                10);
        props.putIfAbsent(StreamsConfig.POLL_MS_CONFIG, 10L);
        props.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 128 * 1024);
    }

    private static double tasks(KafkaStreams streams, String kind) {
        try {
            return streams.metadataForLocalThreads().stream()
                    .mapToInt(t -> kind.equals("active")
                            ? t.activeTasks().size()
                            : t.standbyTasks().size())
                    .sum();
        } catch (RuntimeException e) {
            return 0; // not started, or shutting down
        }
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public PipelineMetrics metrics() {
        return metrics;
    }

    /** The Kafka clients' and Kafka Streams' own metrics, read live (the registry binds new ones late). */
    public Map<org.apache.kafka.common.MetricName, ? extends org.apache.kafka.common.Metric> kafkaMetrics() {
        return streams.metrics();
    }

    public String httpUrl() {
        return http == null ? null : http.url();
    }

    /** Deletes this instance's local state directory (explicit reset, never done on a normal start). */
    public static void resetLocalState(MonsoonConfig config, Topics topics) {
        LOG.warn(
                "Wiping this instance's local state under {} (--reset-local-state): its stores are rebuilt from"
                        + " their changelogs",
                config.dataDir().resolve("streams").toAbsolutePath());
        try (KafkaStreams streams = new KafkaStreams(
                new MonsoonTopology(config, topics, PipelineMetrics.inMemory(), Clock.systemUTC()).build(),
                streamsProperties(config, topics, PipelineMetrics.inMemory()))) {
            streams.cleanUp();
        }
    }

    @Override
    public void close() {
        if (http != null) {
            http.close();
        }
        // A static member leaves the group on a clean stop, so that the others take its tasks at once
        // (and a new instance with another id is not kept waiting); after a crash it comes back under
        // the same id and takes its tasks back without waiting for the session to time out.
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
        streamsMetrics.close();
        readiness.close();
    }
}
