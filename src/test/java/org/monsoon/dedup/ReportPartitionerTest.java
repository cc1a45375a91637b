package org.monsoon.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

/**
 * {@link ReportPartitioner} must agree with the partition Kafka's producer gives a record keyed by the
 * report_id: that agreement is what lets a report stay where it was read.
 */
class ReportPartitionerTest {
    @Test
    void agreesWithKafkasDefaultPartitionerOverTheReportId() {
        String[] ids = {"r-1", "2026-11-28-0001", "ünïcödé", "a/b/c", "", "x".repeat(300)};
        for (int partitions : new int[] {1, 2, 3, 7, 24}) {
            for (String id : ids) {
                int kafka = BuiltInPartitioner.partitionForKey(id.getBytes(StandardCharsets.UTF_8), partitions);
                assertEquals(kafka, ReportPartitioner.partitionOf("SG/" + id, partitions), id + " of " + partitions);
                assertEquals(
                        Optional.of(Set.of(kafka)),
                        new ReportPartitioner().partitions("t", "VN/" + id, null, partitions),
                        "only the id counts, not the reporter");
            }
        }
    }
}
