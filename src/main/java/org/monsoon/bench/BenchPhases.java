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

/** The measured phases of {@code monsoon bench}: producer baseline, passthrough baseline, pipeline, latency. */
final class BenchPhases {
    static final Duration PHASE_TIMEOUT = Duration.ofMinutes(15);
    private static final byte[] GARBAGE = "\u0001bench: not avro".getBytes(StandardCharsets.UTF_8);

    /** What was loaded, and how fast Kafka's producer took it. */
    record Loaded(int produced, int redeliveries, int undecodable, int invalid, int restricted, long bytes,
                  long shareableSightings, double seconds) {
        int decodable() {
            return produced - undecodable;
        }

        /** Records the pipeline must either accept or dead-letter (redeliveries are dropped). */
        int expectedOutputs() {
            return produced - redeliveries;
        }
    }

    /** How a pipeline run went. */
    record PipelineRun(double seconds, long accepted, long deadLettered, double duplicates, long advisoryUpdates,
                       long peakHeapBytes, long stateBytes) {
    }

    private BenchPhases() {
    }

    /** Producer baseline: pre-serialised records to the member topics, as fast as Kafka's producer goes. */
    static Loaded preload(MonsoonConfig config, Topics topics, List<BenchLoad.Item> items) {
        int redeliveries = 0;
        int undecodable = 0;
        int invalid = 0;
        int restricted = 0;
        long sightings = 0;
        byte[][] values = new byte[items.size()][];
        for (int i = 0; i < items.size(); i++) {
            BenchLoad.Item item = items.get(i);
            Topics.Topic<String, IncidentReport> topic = topics.reports(item.member());
            values[i] = item.report() == null ? GARBAGE : topic.valueSerde().serializer().serialize(topic.name(), item.report());
            if (item.redelivery()) {
                redeliveries++;
            } else if (item.report() == null) {
                undecodable++;
            } else if (item.invalid()) {
                invalid++;
            } else if (item.report().getTlp().name().equals("RED") || item.report().getTlp().name().equals("AMBER_STRICT")) {
                restricted++;
            } else {
                sightings += item.report().getIndicators().size();
            }
        }
        long bytes = 0;
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(config),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < items.size(); i++) {
                BenchLoad.Item item = items.get(i);
                producer.send(new ProducerRecord<>(topics.reports(item.member()).name(),
                        item.key().getBytes(StandardCharsets.UTF_8), values[i]));
                bytes += values[i].length;
            }
            producer.flush();
        }
        return new Loaded(items.size(), redeliveries, undecodable, invalid, restricted, bytes, sightings,
                seconds(start));
    }

    /** Passthrough baseline: the same topics, the same serde, exactly-once, read a report and write it out. */
    static double passthrough(MonsoonConfig config, Topics topics, Loaded load) throws Exception {
        String out = config.topicPrefix() + "bench.passthrough";
        StreamsBuilder builder = new StreamsBuilder();
        var serde = topics.accepted().valueSerde();
        builder.stream(topics.allReports().stream().map(Topics.Topic::name).toList(),
                        Consumed.with(Serdes.String(), serde).withName("passthrough-source"))
                .to(out, Produced.with(Serdes.String(), serde).withName("passthrough-sink"));
        Properties props = new Properties();
        props.putAll(config.clientConfig());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId() + "-passthrough");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.dataDir().resolve("passthrough").toString());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(config.clientConfig())) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(out, config.partitions(),
                    config.replicationFactor()))).all().get();
        }
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props);
             OutputCounter counter = new OutputCounter(config.bootstrapServers(), List.of(out))) {
            streams.start();
            awaitRunning(streams);
            long start = System.nanoTime();
            await(() -> counter.count(out) >= load.decodable(), "passthrough output");
            return (counter.lastArrival(out) - start) / 1e9;
        }
    }

    /** The pipeline on the preloaded topics: from RUNNING to the last accepted, dead-lettered or advisory record. */
    static PipelineRun pipeline(MonsoonConfig config, Topics topics, Loaded load) throws Exception {
        String accepted = topics.accepted().name();
        String dlq = topics.deadLetters().name();
        String advisories = topics.advisories().name();
        PipelineRun run;
        try (HeapSampler heap = new HeapSampler();
             MonsoonApplication app = MonsoonApplication.start(config, false);
             OutputCounter counter = new OutputCounter(config.bootstrapServers(), List.of(accepted, dlq, advisories))) {
            awaitRunning(app::state);
            long start = System.nanoTime();
            await(() -> counter.count(accepted) + counter.count(dlq) >= load.expectedOutputs(), "pipeline output");
            long quietSince;
            do {
                quietSince = counter.lastArrival(advisories);
                Thread.sleep(3_000);
            } while (counter.lastArrival(advisories) != quietSince);
            long end = Math.max(counter.lastArrival(accepted), Math.max(counter.lastArrival(dlq), counter.lastArrival(advisories)));
            double duplicates = app.metrics().registry().find("monsoon.reports.duplicate").counters().stream()
                    .mapToDouble(c -> c.count()).sum();
            run = new PipelineRun((end - start) / 1e9, counter.count(accepted), counter.count(dlq), duplicates,
                    counter.count(advisories), heap.peakBytes(), 0);
        }
        // Measured after close, when RocksDB has flushed its memtables to files.
        return new PipelineRun(run.seconds(), run.accepted(), run.deadLettered(), run.duplicates(),
                run.advisoryUpdates(), run.peakHeapBytes(), directorySize(config.dataDir().resolve("streams")));
    }

    /** Report-to-advisory latency while reports arrive at {@code rate} per second. */
    static long[] latency(MonsoonConfig config, Topics topics, List<BenchLoad.Item> items, double rate) throws Exception {
        try (MonsoonApplication app = MonsoonApplication.start(config, false);
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(config),
                     new ByteArraySerializer(), new ByteArraySerializer())) {
            awaitRunning(app::state);
            long intervalNanos = (long) (1e9 / rate);
            long next = System.nanoTime();
            for (BenchLoad.Item item : items) {
                Topics.Topic<String, IncidentReport> topic = topics.reports(item.member());
                byte[] value = item.report() == null ? GARBAGE : topic.valueSerde().serializer().serialize(topic.name(),
                        IncidentReport.newBuilder(item.report()).setReportedAt(Instant.now()).build());
                producer.send(new ProducerRecord<>(topic.name(), item.key().getBytes(StandardCharsets.UTF_8), value));
                next += intervalNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            producer.flush();
            Thread.sleep(5_000); // let the last reports reach their advisories
            Timer timer = app.metrics().registry().find("monsoon.report.to.advisory").timer();
            HistogramSnapshot snapshot = timer.takeSnapshot();
            return new long[] {snapshot.count() == 0 ? -1 : quantile(snapshot, 0.50), quantile(snapshot, 0.95),
                quantile(snapshot, 0.99), snapshot.count()};
        }
    }

    /** Upper bound (ms) of the histogram bucket holding the q-quantile. */
    static long quantile(HistogramSnapshot snapshot, double q) {
        double target = q * snapshot.count();
        for (CountAtBucket bucket : snapshot.histogramCounts()) {
            if (bucket.count() >= target) {
                return (long) bucket.bucket(TimeUnit.MILLISECONDS);
            }
        }
        return (long) snapshot.max(TimeUnit.MILLISECONDS);
    }

    private static Map<String, Object> producerConfig(MonsoonConfig config) {
        Map<String, Object> props = config.clientConfig();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        return props;
    }

    private static void awaitRunning(KafkaStreams streams) throws InterruptedException {
        awaitRunning(streams::state);
    }

    private static void awaitRunning(java.util.function.Supplier<KafkaStreams.State> state) throws InterruptedException {
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
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
