package org.monsoon.bench;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.monsoon.MonsoonApplication;
import org.monsoon.config.MonsoonConfig;
import org.monsoon.config.Topics;
import org.monsoon.schema.IncidentReport;

/** The measured phases of {@code monsoon bench}: producer baseline, passthrough baselines, pipeline, latency. */
final class BenchPhases {
    static final Duration PHASE_TIMEOUT = Duration.ofMinutes(15);
    private static final byte[] GARBAGE = "\u0001bench: not avro".getBytes(StandardCharsets.UTF_8);

    /** Share of a run's outputs before the steady-state window opens, and after it closes. */
    static final double WINDOW_FROM = 0.10;

    static final double WINDOW_TO = 0.90;
    /** Share of the latency run's reports sent before its histogram counts. */
    static final double LATENCY_WARM_UP = 0.25;

    /** What was loaded, and how fast Kafka's producer took the timed part of it. */
    record Loaded(
            int produced,
            int redeliveries,
            int undecodable,
            int invalid,
            int restricted,
            long bytes,
            long shareableSightings,
            double producerRecordsPerSecond) {
        int decodable() {
            return produced - undecodable;
        }

        /** Records the pipeline must either accept or dead-letter (redeliveries are dropped). */
        int expectedOutputs() {
            return produced - redeliveries;
        }
    }

    /** How a pipeline run went: its steady-state window, and the whole run. */
    record PipelineRun(
            RunSampler.Window window,
            RunSampler.Window whole,
            List<StageProgress.Figures> stages,
            long reports,
            Map<String, Double> counters,
            double endToEndSeconds,
            long accepted,
            long deadLettered,
            double duplicates,
            long advisoryUpdates,
            long peakHeapBytes,
            long stateBytes,
            long inputBytes,
            Map<String, Long> writtenByTopic,
            Map<String, Long> recordsByTopic,
            ThreadTime.Interval threadTime,
            double jitSeconds,
            long largestCampaign,
            long hubIndicators) {
        /** Records the stream threads sent to every topic during the run. */
        long recordsSent() {
            return recordsByTopic.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Bytes written to every topic of the run. */
        long writtenBytes() {
            return writtenByTopic.values().stream().mapToLong(Long::longValue).sum();
        }

        double writeAmplification() {
            return inputBytes == 0 ? Double.NaN : (double) writtenBytes() / inputBytes;
        }

        /**
         * What the pipeline sustains, in reports per second: every report through every stage, from the
         * first stage's first committed progress to the last stage's last. The stages share the stream
         * thread, and on preloaded input they do not run side by side: the first drains its input early
         * and the last works through its backlog nearly alone at the end. So each stage's own rate (read
         * between 10% and 90% of its input) is measured while it has most of the thread, and the slowest
         * of them overstates the pipeline by about half: it is a diagnostic only.
         */
        double reportsPerSecond() {
            double seconds = throughSeconds();
            return seconds > 0 && !stages.isEmpty() ? reports / seconds : window.perSecond();
        }

        /** Seconds from the first stage's first committed progress to the last stage's last; 0 if unknown. */
        double throughSeconds() {
            double first = stages.stream()
                    .mapToDouble(StageProgress.Figures::startedAtSeconds)
                    .min()
                    .orElse(0);
            double last = stages.stream()
                    .mapToDouble(StageProgress.Figures::drainedAtSeconds)
                    .max()
                    .orElse(0);
            return last - first;
        }

        /** The rate of the slowest stage on its own (a diagnostic: see {@link #reportsPerSecond()}). */
        double slowestStageReportsPerSecond() {
            StageProgress.Figures slowest = slowest();
            return slowest == null ? Double.NaN : slowest.reportsPerSecond();
        }

        /** The slowest stage, or null when no stage was measured. */
        StageProgress.Figures slowest() {
            return stages.stream()
                    .filter(f -> !Double.isNaN(f.reportsPerSecond()))
                    .min(java.util.Comparator.comparingDouble(StageProgress.Figures::reportsPerSecond))
                    .orElse(null);
        }
    }

    /** The pipeline's own counters that tell what the run did besides accepting reports. */
    private static Map<String, Double> counters(MonsoonApplication app) {
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        for (String name : List.of(
                "monsoon.correlations",
                "monsoon.reports.rerouted",
                "monsoon.indicators.warninglisted",
                "monsoon.sightings.late",
                "monsoon.reports.revised",
                "monsoon.internal.errors",
                "monsoon.stream.thread.failures")) {
            out.put(
                    name.substring("monsoon.".length()),
                    app.metrics().registry().find(name).counters().stream()
                            .mapToDouble(c -> c.count())
                            .sum());
        }
        return out;
    }

    /** Bytes by topic, named without the run's prefixes (the application id or the topic prefix). */
    private static Map<String, Long> shortNames(Map<String, Long> bytes, MonsoonConfig config) {
        Map<String, Long> out = new java.util.TreeMap<>();
        bytes.forEach((topic, size) -> {
            String name = topic.startsWith(config.applicationId() + "-")
                    ? topic.substring(config.applicationId().length() + 1)
                    : topic.startsWith(config.topicPrefix())
                            ? topic.substring(config.topicPrefix().length())
                            : topic;
            out.merge(name, size, Long::sum);
        });
        return out;
    }

    /**
     * Report-to-advisory latency over the measured part of a paced run (ms), and the same from the report
     * that let each report into its campaign ({@code fromCorrelation}, null when only histogram bucket
     * bounds were read).
     */
    record Latency(
            long p50,
            long p95,
            long p99,
            long reports,
            ThreadTime.Interval threadTime,
            double jitSeconds,
            CpuShare cpu,
            Quantiles fromCorrelation) {
        Latency(long p50, long p95, long p99, long reports, ThreadTime.Interval threadTime, double jitSeconds) {
            this(p50, p95, p99, reports, threadTime, jitSeconds, null, null);
        }

        Latency with(double seconds, CpuShare share) {
            return new Latency(p50, p95, p99, reports, threadTime, seconds, share, fromCorrelation);
        }
    }

    /** Three exact percentiles, in milliseconds. */
    record Quantiles(long p50, long p95, long p99) {
        static Quantiles of(LatencySamples samples) {
            return new Quantiles(samples.quantile(0.50), samples.quantile(0.95), samples.quantile(0.99));
        }
    }

    private BenchPhases() {}

    /**
     * Producer baseline: the records are encoded up front; one producer sends the first fifth untimed
     * (connections, metadata, JIT), then the rest is timed.
     */
    static Loaded preload(MonsoonConfig config, Topics topics, List<BenchLoad.Item> items) throws InterruptedException {
        int redeliveries = 0;
        int undecodable = 0;
        int invalid = 0;
        int restricted = 0;
        long sightings = 0;
        byte[][] values = new byte[items.size()][];
        byte[][] keys = new byte[items.size()][];
        String[] names = new String[items.size()];
        for (int i = 0; i < items.size(); i++) {
            BenchLoad.Item item = items.get(i);
            Topics.Topic<String, IncidentReport> topic = topics.reports(item.member());
            names[i] = topic.name();
            keys[i] = item.key().getBytes(StandardCharsets.UTF_8);
            values[i] = item.report() == null
                    ? GARBAGE
                    : topic.valueSerde().serializer().serialize(topic.name(), item.report());
            if (item.redelivery()) {
                redeliveries++;
            } else if (item.report() == null) {
                undecodable++;
            } else if (item.invalid()) {
                invalid++;
            } else if (item.report().getTlp().name().equals("RED")
                    || item.report().getTlp().name().equals("AMBER_STRICT")) {
                restricted++;
            } else {
                sightings += item.report().getIndicators().size();
            }
        }
        long bytes = 0;
        int warmUp = items.size() / 5;
        double rate;
        awaitLeaders(config, new java.util.HashSet<>(List.of(names)));
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(producerConfig(config), new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Integer> failed = sendAll(producer, names, keys, values, 0, warmUp);
            long start = System.nanoTime();
            failed.addAll(sendAll(producer, names, keys, values, warmUp, items.size()));
            rate = (items.size() - warmUp) / seconds(start);
            // A broker that is still settling new partitions can fail a batch (NotLeaderOrFollower, then
            // OutOfOrderSequence); such a batch was not appended, so it is sent again, outside the timing.
            for (int attempt = 0; attempt < 3 && !failed.isEmpty(); attempt++) {
                List<Integer> again = new ArrayList<>();
                for (int i : failed) {
                    again.addAll(sendAll(producer, names, keys, values, i, i + 1));
                }
                failed = again;
            }
            if (!failed.isEmpty()) {
                throw new IllegalStateException(
                        "loading the benchmark topics failed for " + failed.size() + " records");
            }
        }
        for (byte[] value : values) {
            bytes += value.length;
        }
        return new Loaded(items.size(), redeliveries, undecodable, invalid, restricted, bytes, sightings, rate);
    }

    /**
     * Passthrough baseline: the same preloaded topics, exactly-once, each record read and written out
     * unchanged; with {@code bytes} as byte arrays, otherwise decoded and re-encoded with the pipeline's
     * serde. Records/s over the steady-state window.
     */
    static double passthrough(MonsoonConfig config, Topics topics, Loaded load, boolean bytes) throws Exception {
        String name = bytes ? "bytes" : "serde";
        String out = config.topicPrefix() + "bench.passthrough-" + name;
        StreamsBuilder builder = new StreamsBuilder();
        List<String> inputs =
                topics.allReports().stream().map(Topics.Topic::name).toList();
        if (bytes) {
            builder.stream(
                            inputs,
                            Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                                    .withName("passthrough-source"))
                    .to(
                            out,
                            Produced.with(Serdes.ByteArray(), Serdes.ByteArray())
                                    .withName("passthrough-sink"));
        } else {
            var serde = topics.accepted().valueSerde();
            builder.stream(inputs, Consumed.with(Serdes.String(), serde).withName("passthrough-source"))
                    .to(out, Produced.with(Serdes.String(), serde).withName("passthrough-sink"));
        }
        Properties props = new Properties();
        props.putAll(config.clientConfig());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId() + "-passthrough-" + name);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(
                StreamsConfig.STATE_DIR_CONFIG,
                config.dataDir().resolve("passthrough-" + name).toString());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
        MonsoonApplication.tuneClients(props); // the same client settings as the pipeline
        try (org.apache.kafka.clients.admin.Admin admin =
                org.apache.kafka.clients.admin.Admin.create(config.clientConfig())) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(
                            out, config.partitions(), config.replicationFactor())))
                    .all()
                    .get();
        }
        int expected = bytes ? load.produced() : load.decodable();
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props);
                OutputCounter counter = new OutputCounter(config.bootstrapServers(), List.of(out));
                RunSampler sampler = new RunSampler(() -> counter.count(out), java.util.OptionalLong.empty())) {
            streams.start();
            await(() -> counter.count(out) >= expected, "passthrough output");
            return sampler.window((long) (WINDOW_FROM * expected), (long) (WINDOW_TO * expected))
                    .perSecond();
        }
    }

    /**
     * The pipeline on the preloaded topics. Throughput and CPU are read over the steady-state window of
     * accepted and dead-lettered records; the run goes on until advisories stop changing.
     */
    static PipelineRun pipeline(MonsoonConfig config, Topics topics, Loaded load, java.util.OptionalLong brokerPid)
            throws Exception {
        String accepted = topics.accepted().name();
        String dlq = topics.deadLetters().name();
        String advisories = topics.advisories().name();
        java.util.Set<String> members =
                topics.allReports().stream().map(Topics.Topic::name).collect(java.util.stream.Collectors.toSet());
        long inputBytes = TopicBytes.sum(config.clientConfig(), members::contains);
        PipelineRun run;
        long expected = load.expectedOutputs();
        try (MonsoonApplication app =
                        MonsoonApplication.start(config.withKafkaMetrics(org.monsoon.config.KafkaMetrics.ALL), false);
                OutputCounter counter =
                        new OutputCounter(config.bootstrapServers(), List.of(accepted, dlq, advisories));
                RunSampler sampler = new RunSampler(() -> counter.count(accepted) + counter.count(dlq), brokerPid);
                StageProgress stages = new StageProgress(config.clientConfig(), config.applicationId(), members)) {
            awaitRunning(app::state);
            long start = System.nanoTime();
            ThreadTime.Snapshot before = ThreadTime.snapshot(app.metrics().registry());
            Map<String, Long> recordsBefore = TopicRecords.snapshot(app.kafkaMetrics());
            JitClock jit = JitClock.start();
            await(() -> counter.count(accepted) + counter.count(dlq) >= expected, "pipeline output");
            // The stages after intake are still busy when the intake is done. The run is over when no
            // advisory arrived and no stage committed progress for 3 s: advisories alone can pause for
            // longer while a slow campaign stage works through its backlog.
            long quietSince;
            do {
                quietSince = counter.lastArrival(advisories);
                Thread.sleep(3_000);
            } while (counter.lastArrival(advisories) != quietSince || stages.secondsSinceProgress() < 3);
            ThreadTime.Interval threadTime =
                    ThreadTime.between(before, ThreadTime.snapshot(app.metrics().registry()));
            long end = Math.max(
                    counter.lastArrival(accepted), Math.max(counter.lastArrival(dlq), counter.lastArrival(advisories)));
            double duplicates = app.metrics().registry().find("monsoon.reports.duplicate").counters().stream()
                            .mapToDouble(c -> c.count())
                            .sum()
                    + app.metrics().registry().find("monsoon.reports.restricted.duplicate").counters().stream()
                            .mapToDouble(c -> c.count())
                            .sum();
            run = new PipelineRun(
                    sampler.window((long) (WINDOW_FROM * expected), (long) (WINDOW_TO * expected)),
                    sampler.whole(),
                    stages.figures(load.produced(), start),
                    load.produced(),
                    counters(app),
                    (end - start) / 1e9,
                    counter.count(accepted),
                    counter.count(dlq),
                    duplicates,
                    counter.count(advisories),
                    sampler.peakHeapBytes(),
                    0,
                    inputBytes,
                    Map.of(),
                    shortNames(TopicRecords.between(recordsBefore, TopicRecords.snapshot(app.kafkaMetrics())), config),
                    threadTime,
                    jit.compileSeconds(),
                    (long) gauge(app, "monsoon.largest.campaign.indicators"),
                    (long) gauge(app, "monsoon.hub.indicators"));
        }
        // Measured after close, when RocksDB has flushed its memtables and the last transaction is done.
        String internal = config.applicationId() + "-";
        Map<String, Long> writtenByTopic = TopicBytes.byTopic(
                config.clientConfig(),
                t -> (t.startsWith(config.topicPrefix()) || t.startsWith(internal))
                        && !members.contains(t)
                        && !t.equals(topics.warninglist().name())
                        && !t.contains("bench.passthrough"));
        return new PipelineRun(
                run.window(),
                run.whole(),
                run.stages(),
                run.reports(),
                run.counters(),
                run.endToEndSeconds(),
                run.accepted(),
                run.deadLettered(),
                run.duplicates(),
                run.advisoryUpdates(),
                run.peakHeapBytes(),
                directorySize(config.dataDir().resolve("streams")),
                inputBytes,
                shortNames(writtenByTopic, config),
                run.recordsByTopic(),
                run.threadTime(),
                run.jitSeconds(),
                run.largestCampaign(),
                run.hubIndicators());
    }

    private static double gauge(MonsoonApplication app, String name) {
        var gauge = app.metrics().registry().find(name).gauge();
        return gauge == null ? -1 : gauge.value();
    }

    /**
     * Report-to-advisory latency while reports arrive at {@code rate} per second: the first quarter of the
     * reports warms up, the histogram counts the rest.
     */
    static Latency latency(
            MonsoonConfig config,
            Topics topics,
            List<BenchLoad.Item> items,
            double rate,
            java.util.OptionalLong brokerPid)
            throws Exception {
        try (MonsoonApplication app =
                        MonsoonApplication.start(config.withKafkaMetrics(org.monsoon.config.KafkaMetrics.ALL), false);
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                        producerConfig(config), new ByteArraySerializer(), new ByteArraySerializer())) {
            awaitRunning(app::state);
            Timer timer =
                    app.metrics().registry().find("monsoon.report.to.advisory").timer();
            long intervalNanos = (long) (1e9 / rate);
            LatencySamples samples = new LatencySamples();
            LatencySamples fromCorrelation = new LatencySamples();
            app.metrics().tapReportToAdvisory(samples::add);
            app.metrics().tapCorrelationToAdvisory(fromCorrelation::add);
            long next = System.nanoTime();
            HistogramSnapshot warm = null;
            ThreadTime.Snapshot warmThread = null;
            JitClock jit = null;
            CpuShare.Start cpu = null;
            int warmUp = (int) (items.size() * LATENCY_WARM_UP);
            for (int i = 0; i < items.size(); i++) {
                if (i == warmUp) {
                    warm = timer.takeSnapshot();
                    samples.start();
                    fromCorrelation.start();
                    warmThread = ThreadTime.snapshot(app.metrics().registry());
                    jit = JitClock.start();
                    cpu = CpuShare.start(brokerPid);
                }
                BenchLoad.Item item = items.get(i);
                Topics.Topic<String, IncidentReport> topic = topics.reports(item.member());
                byte[] value = item.report() == null
                        ? GARBAGE
                        : topic.valueSerde()
                                .serializer()
                                .serialize(
                                        topic.name(),
                                        IncidentReport.newBuilder(item.report())
                                                .setReportedAt(Instant.now())
                                                .build());
                producer.send(new ProducerRecord<>(topic.name(), item.key().getBytes(StandardCharsets.UTF_8), value));
                next += intervalNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            producer.flush();
            ThreadTime.Interval threadTime = warmThread == null
                    ? null
                    : ThreadTime.between(
                            warmThread, ThreadTime.snapshot(app.metrics().registry()));
            double jitSeconds = jit == null ? 0 : jit.compileSeconds();
            CpuShare share = cpu == null ? null : cpu.end(items.size() - warmUp);
            Thread.sleep(5_000); // let the last reports reach their advisories
            Latency buckets = measured(warm, timer.takeSnapshot(), threadTime);
            if (samples.size() == 0) {
                return buckets.with(jitSeconds, share);
            }
            return new Latency(
                    samples.quantile(0.50),
                    samples.quantile(0.95),
                    samples.quantile(0.99),
                    samples.size(),
                    threadTime,
                    jitSeconds,
                    share,
                    Quantiles.of(fromCorrelation));
        }
    }

    /**
     * The latency of the reports counted after {@code warm}: the difference of two cumulative
     * histograms. The total is taken from the histogram's own last (+Inf) bucket, not from the timer's
     * count: the two are read one after the other, and the campaign stage records a large campaign's
     * waiting reports in one burst, so a snapshot taken during it can have hundreds more values in the
     * buckets than in the count, which left p95 and p99 above every finite bucket.
     */
    static Latency measured(HistogramSnapshot warm, HistogramSnapshot end, ThreadTime.Interval threadTime) {
        CountAtBucket[] after = end.histogramCounts();
        if (after.length == 0) {
            return new Latency(-1, -1, -1, 0, threadTime, 0);
        }
        double[] counts = new double[after.length];
        for (int b = 0; b < after.length; b++) {
            counts[b] = after[b].count() - (warm == null ? 0 : warm.histogramCounts()[b].count());
        }
        long total = (long) counts[counts.length - 1];
        if (!Double.isInfinite(after[after.length - 1].bucket())) {
            // No overflow bucket: values above the last bound are only in the count.
            total = Math.max(total, end.count() - (warm == null ? 0 : warm.count()));
        }
        if (total <= 0) {
            return new Latency(-1, -1, -1, 0, threadTime, 0);
        }
        return new Latency(
                quantile(after, counts, total, 0.50),
                quantile(after, counts, total, 0.95),
                quantile(after, counts, total, 0.99),
                total,
                threadTime,
                0);
    }

    /** The upper bound of the bucket holding the quantile; {@link Long#MAX_VALUE} above every finite bound. */
    private static long quantile(CountAtBucket[] buckets, double[] counts, long total, double q) {
        for (int b = 0; b < buckets.length; b++) {
            if (counts[b] >= q * total && !Double.isInfinite(buckets[b].bucket())) {
                return (long) buckets[b].bucket(TimeUnit.MILLISECONDS);
            }
        }
        return Long.MAX_VALUE;
    }

    /** Sends records {@code from..to-1}, waits for them, and returns the indexes that failed. */
    private static List<Integer> sendAll(
            KafkaProducer<byte[], byte[]> producer, String[] names, byte[][] keys, byte[][] values, int from, int to) {
        List<Integer> failed = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = from; i < to; i++) {
            int index = i;
            producer.send(new ProducerRecord<>(names[i], keys[i], values[i]), (metadata, e) -> {
                if (e != null) {
                    failed.add(index);
                }
            });
        }
        producer.flush();
        return new ArrayList<>(failed);
    }

    /** Waits until every partition of the topics has a leader: fresh topics take a moment on a busy broker. */
    private static void awaitLeaders(MonsoonConfig config, java.util.Set<String> topics) throws InterruptedException {
        try (org.apache.kafka.clients.admin.Admin admin =
                org.apache.kafka.clients.admin.Admin.create(config.clientConfig())) {
            await(
                    () -> {
                        try {
                            return admin.describeTopics(topics).allTopicNames().get().values().stream()
                                    .allMatch(t -> t.partitions().stream()
                                            .allMatch(p -> p.leader() != null
                                                    && !p.leader().isEmpty()));
                        } catch (Exception notYet) {
                            return false;
                        }
                    },
                    "partition leaders of the benchmark topics");
        }
    }

    private static Map<String, Object> producerConfig(MonsoonConfig config) {
        Map<String, Object> props = config.clientConfig();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        // Not idempotent: on a broker still settling fresh partitions an idempotent producer was seen to
        // resend an old sequence (OutOfOrderSequence) and stall for delivery.timeout.ms. One request in
        // flight keeps the order; a failed send is retried by the loader.
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 20_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        return props;
    }

    private static void awaitRunning(java.util.function.Supplier<KafkaStreams.State> state)
            throws InterruptedException {
        await(() -> state.get() == KafkaStreams.State.RUNNING, "Kafka Streams RUNNING");
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + PHASE_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + PHASE_TIMEOUT + " waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    static long directorySize(Path dir) {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
