package org.monsoon.dedup;

import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.monsoon.ingest.ReportRules;
import org.monsoon.metrics.PipelineMetrics;
import org.monsoon.schema.IncidentReport;

/**
 * Sends each canonical report to deduplication by the shortest way: straight on ({@link #LOCAL}) when
 * it was read from the partition where its versions meet ({@link ReportPartitioner}), which is the
 * case for every report a CERT's producer keyed by report_id with Kafka's default partitioner, and
 * through the {@code dedup-by-report} repartition topic otherwise ({@link #MOVED}). Staying saves the
 * report a transaction on its way to an advisory, and the pipeline a write and a read of it.
 *
 * <p>Each report takes the same way every time as long as its producer keeps its key on one partition,
 * which every Kafka producer does, so its versions keep their order. Two producers that partition
 * differently writing versions of one report could see a later version overtake an earlier one sent
 * within a commit interval before it (the moved one waits for that commit); across input partitions
 * Kafka gives no order anyway. Moved reports are counted ({@code monsoon.reports.rerouted}), so that an
 * operator can tell a CERT whose producer costs the extra hop; RED and AMBER+STRICT ones are not.
 */
public final class DedupRouter extends ContextualProcessor<String, IncidentReport, String, IncidentReport> {
    /** The child node a report goes to when it is where its versions meet. */
    public static final String LOCAL = "dedup-local";
    /** The child node a report goes to when it must move, through {@code dedup-by-report}. */
    public static final String MOVED = "dedup-moved";

    private final int partitions;
    private final PipelineMetrics metrics;

    private DedupRouter(int partitions, PipelineMetrics metrics) {
        this.partitions = partitions;
        this.metrics = metrics;
    }

    /** Routes by {@link ReportPartitioner} over {@code partitions}, the partitions of {@code dedup-by-report}. */
    public static ProcessorSupplier<String, IncidentReport, String, IncidentReport> supplier(
            int partitions, PipelineMetrics metrics) {
        return () -> new DedupRouter(partitions, metrics);
    }

    @Override
    public void process(Record<String, IncidentReport> record) {
        int here = context().recordMetadata().map(RecordMetadata::partition).orElse(-1);
        if (ReportPartitioner.partitionOf(record.key(), partitions) == here) {
            context().forward(record, LOCAL);
            return;
        }
        // A restricted report moves an open metric only by its TLP (ingest): counted here, it would tell
        // which member sent it whenever that member is the only one whose reports move.
        if (record.value() == null || !ReportRules.restricted(record.value().getTlp())) {
            metrics.rerouted();
        }
        context().forward(record, MOVED);
    }
}
