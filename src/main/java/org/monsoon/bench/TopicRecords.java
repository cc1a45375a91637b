package org.monsoon.bench;

import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Records the stream threads' producers sent, by topic, from the producer's own per-topic counters
 * ({@code record-send-total}), read from the clients directly: the registry's binder adds a topic's
 * meters only at its next refresh, a minute after the first record. Write amplification counts
 * bytes; on a broker the cost of a record does not shrink with compression, so the count per report
 * tells which store or repartition the broker spends its work on.
 */
final class TopicRecords {
    private TopicRecords() {}

    /** Records sent so far, by topic. */
    static Map<String, Long> snapshot(Map<MetricName, ? extends Metric> metrics) {
        Map<String, Long> out = new TreeMap<>();
        metrics.forEach((name, metric) -> {
            String topic = name.tags().get("topic");
            if (topic != null
                    && name.group().equals("producer-topic-metrics")
                    && name.name().equals("record-send-total")
                    && metric.metricValue() instanceof Number count) {
                out.merge(topic, count.longValue(), Long::sum);
            }
        });
        return out;
    }

    /** What was sent between two snapshots, by topic; topics with nothing sent are left out. */
    static Map<String, Long> between(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> out = new TreeMap<>();
        after.forEach((topic, count) -> {
            long sent = count - before.getOrDefault(topic, 0L);
            if (sent > 0) {
                out.put(topic, sent);
            }
        });
        return out;
    }
}
