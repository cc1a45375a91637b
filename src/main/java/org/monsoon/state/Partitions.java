package org.monsoon.state;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;

/**
 * The partition Kafka's default partitioner gives a key, computed by the producer's own code, so that
 * Monsoon routes records exactly where a CERT's Java client (or Kafka Streams' default repartitioning)
 * would. The one place that uses the producer's internal partitioner.
 */
public final class Partitions {
    private Partitions() {}

    /** The partition, of {@code partitions}, of a record keyed by {@code key} (UTF-8). */
    public static int forKey(String key, int partitions) {
        return BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), partitions);
    }
}
