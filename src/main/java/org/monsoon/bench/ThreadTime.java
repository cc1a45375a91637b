package org.monsoon.bench;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Where the stream threads' time went during a run, from the Kafka clients' and Kafka Streams' own
 * cumulative timers (bound into the application's registry by Micrometer's Kafka Streams binder): how
 * long the threads were blocked on Kafka (KIP-761's {@code blocked-time-ns-total}), and of that the
 * producer's flushes and transaction calls, and the consumer's waits. The rest of the wall time is
 * processing, punctuation and Kafka Streams' own loop. Read before and after the run and subtracted,
 * so that start-up does not count.
 */
final class ThreadTime {
    /** Cumulative nanosecond timers, by the name Micrometer gives them, in the order they are printed. */
    static final List<Part> PARTS = List.of(
            new Part("blocked", "kafka.stream.thread.blocked.time.ns.total"),
            new Part("producer flush", "kafka.producer.flush.time.ns.total"),
            new Part("txn commit", "kafka.producer.txn.commit.time.ns.total"),
            new Part("txn send offsets", "kafka.producer.txn.send.offsets.time.ns.total"),
            new Part("txn begin", "kafka.producer.txn.begin.time.ns.total"),
            new Part("buffer wait", "kafka.producer.bufferpool.wait.time.ns.total"),
            // The stream threads' own consumers only: the global and restore consumers wait all the time.
            new Part("consumer io wait", "kafka.consumer.io.wait.time.ns.total"));

    /**
     * Counts of Kafka Streams' loop, to tell how often it committed and polled, and of the requests its
     * clients sent the broker: on two cores the broker's cost per request competes with the pipeline.
     */
    static final List<Part> COUNTS = List.of(
            new Part("commits", "kafka.stream.thread.commit.total"),
            new Part("polls", "kafka.stream.thread.poll.total"),
            new Part("punctuations", "kafka.stream.thread.punctuate.total"),
            new Part("fetches", "kafka.consumer.fetch.manager.fetch.total"),
            new Part("producer requests", "kafka.producer.request.total"),
            new Part("records sent", "kafka.producer.record.send.total"));

    /** One timer or count, summed over every client and thread that reports it. */
    record Part(String label, String meter) {}

    /** Totals at one moment: meter name to value, and when. */
    record Snapshot(Map<String, Double> values, long nanos) {}

    /** What happened between two snapshots: seconds per timer, counts, and the wall seconds between. */
    record Interval(Map<String, Double> seconds, Map<String, Double> counts, double wallSeconds) {
        /** One line, e.g. {@code blocked 12.1 s (producer flush 3.0 s, ...) in 30.2 s; commits 290}. */
        String describe() {
            String parts = seconds.entrySet().stream()
                    .skip(1)
                    .map(e -> String.format("%s %.1f s", e.getKey(), e.getValue()))
                    .collect(Collectors.joining(", "));
            String loop = counts.entrySet().stream()
                    .map(e -> String.format("%s %,.0f", e.getKey(), e.getValue()))
                    .collect(Collectors.joining(", "));
            return String.format(
                    "blocked on Kafka %.1f s of %.1f s wall (%s); %s",
                    seconds.getOrDefault("blocked", Double.NaN), wallSeconds, parts, loop);
        }
    }

    private static final Pattern STREAM_THREAD_CLIENT = Pattern.compile(".*-StreamThread-\\d+-(consumer|producer)");

    private ThreadTime() {}

    static Snapshot snapshot(MeterRegistry registry) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (Part part : PARTS) {
            values.put(part.meter(), sum(registry, part.meter()));
        }
        for (Part part : COUNTS) {
            values.put(part.meter(), sum(registry, part.meter()));
        }
        return new Snapshot(values, System.nanoTime());
    }

    static Interval between(Snapshot from, Snapshot to) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (Part part : PARTS) {
            seconds.put(
                    part.label(), (to.values().get(part.meter()) - from.values().get(part.meter())) / 1e9);
        }
        Map<String, Double> counts = new LinkedHashMap<>();
        for (Part part : COUNTS) {
            counts.put(
                    part.label(), to.values().get(part.meter()) - from.values().get(part.meter()));
        }
        return new Interval(seconds, counts, (to.nanos() - from.nanos()) / 1e9);
    }

    /**
     * The meter's value summed over the stream threads' clients (client ids ending {@code
     * -StreamThread-N-consumer} or {@code -producer}) and threads; 0 when no client reports it (an
     * older or newer Kafka).
     */
    private static double sum(MeterRegistry registry, String name) {
        double total = 0;
        for (Meter meter : registry.find(name).meters()) {
            String client = meter.getId().getTag("client.id");
            if (client != null && !STREAM_THREAD_CLIENT.matcher(client).matches()) {
                continue;
            }
            if (meter instanceof FunctionCounter counter) {
                total += counter.count();
            } else if (meter instanceof Gauge gauge) {
                double value = gauge.value();
                total += Double.isNaN(value) ? 0 : value;
            }
        }
        return total;
    }
}
