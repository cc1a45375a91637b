package org.monsoon.ingest;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.monsoon.schema.IncidentReport;

/**
 * Event time is when the activity was observed ({@code observed_at}), not when the record reached
 * Kafka: a month of backlog dumped at once must correlate as the month it describes. Records without
 * a usable observed_at keep their Kafka timestamp, so Streams never drops them for a negative time.
 */
public final class ReportTimestampExtractor implements TimestampExtractor {
    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (record.value() instanceof IncidentReport report && report.getObservedAt().toEpochMilli() >= 0) {
            return report.getObservedAt().toEpochMilli();
        }
        return record.timestamp() >= 0 ? record.timestamp() : Math.max(partitionTime, 0);
    }
}
