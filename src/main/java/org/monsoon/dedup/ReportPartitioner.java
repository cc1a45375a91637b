package org.monsoon.dedup;

import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.monsoon.schema.IncidentReport;
import org.monsoon.state.Partitions;

/**
 * Where the versions of one report meet to be deduplicated: the partition that Kafka's default
 * partitioner gives the report's id. A member's topic is keyed by report_id (design.md), so a CERT
 * producing with any Java client, or with librdkafka's {@code murmur2_random} partitioner, has already
 * put each report on this partition of its topic, and {@link DedupRouter} lets it stay there. The
 * report's key inside Monsoon is {@code <reporter>/<report_id>}; only the id is hashed, which is as
 * good a partitioning for deduplication, since the reporter is the topic's.
 */
public final class ReportPartitioner implements StreamPartitioner<String, IncidentReport> {
    /** The partition, of {@code partitions}, where the versions of the report under {@code reportKey} meet. */
    public static int partitionOf(String reportKey, int partitions) {
        // A member code has no '/', so the id is everything after the first one, slashes included. The
        // partition is the producer's own choice for that key, computed by the producer's own code.
        String reportId = reportKey.substring(reportKey.indexOf('/') + 1);
        return Partitions.forKey(reportId, partitions);
    }

    @Override
    public Optional<Set<Integer>> partitions(String topic, String key, IncidentReport value, int numPartitions) {
        return Optional.of(Set.of(partitionOf(key, numPartitions)));
    }
}
