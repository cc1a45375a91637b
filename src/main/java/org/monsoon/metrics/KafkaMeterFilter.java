package org.monsoon.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.util.Set;
import org.monsoon.config.KafkaMetrics;

/**
 * Keeps the Kafka clients' own metrics to those an operator uses, unless all are asked for: the
 * stream threads' work and state, rebalances, consumer lag and producer errors. Every client registers
 * hundreds of metrics (per node, per topic, per partition): an instance under load exposed about 5,000
 * samples, a quarter of them NaN averages of things that never happened, and names {@code promtool}
 * flags. Monsoon's own meters are not touched; of the JVM's, the two names {@code promtool} flags are
 * renamed or left out.
 */
public final class KafkaMeterFilter implements MeterFilter {
    /** Micrometer names (dotted) of the Kafka metrics kept by default. */
    static final Set<String> USEFUL = Set.of(
            "kafka.stream.alive.stream.threads",
            "kafka.stream.failed.stream.threads",
            "kafka.stream.client.state",
            "kafka.stream.thread.thread.state",
            "kafka.stream.thread.process.total",
            "kafka.stream.thread.process.rate",
            "kafka.stream.thread.process.ratio",
            "kafka.stream.thread.process.latency.avg",
            "kafka.stream.thread.process.latency.max",
            "kafka.stream.thread.commit.total",
            "kafka.stream.thread.commit.rate",
            "kafka.stream.thread.commit.ratio",
            "kafka.stream.thread.commit.latency.avg",
            "kafka.stream.thread.commit.latency.max",
            "kafka.stream.thread.poll.ratio",
            "kafka.stream.thread.punctuate.total",
            "kafka.stream.thread.task.created.total",
            "kafka.stream.thread.task.closed.total",
            "kafka.consumer.fetch.manager.records.lag.max",
            "kafka.consumer.fetch.manager.records.lag",
            "kafka.consumer.coordinator.rebalance.total",
            "kafka.consumer.coordinator.failed.rebalance.total",
            "kafka.consumer.coordinator.last.rebalance.seconds.ago",
            "kafka.producer.record.send.total",
            "kafka.producer.record.error.total",
            "kafka.producer.record.retry.total",
            "kafka.producer.buffer.available.bytes");

    private final KafkaMetrics policy;

    public KafkaMeterFilter(KafkaMetrics policy) {
        this.policy = policy;
    }

    @Override
    public Meter.Id map(Meter.Id id) {
        // Prometheus reserves the _count suffix for histograms and summaries (promtool flags it).
        return id.getName().equals("system.cpu.count") ? id.withName("system.cpus") : id;
    }

    @Override
    public MeterFilterReply accept(Meter.Id id) {
        if (id.getName().equals("process.cpu.time")) {
            // Nanoseconds in the name, which promtool flags; process_cpu_usage says the same.
            return MeterFilterReply.DENY;
        }
        if (policy == KafkaMetrics.ALL || !id.getName().startsWith("kafka.")) {
            return MeterFilterReply.NEUTRAL;
        }
        return USEFUL.contains(id.getName()) ? MeterFilterReply.NEUTRAL : MeterFilterReply.DENY;
    }
}
