package org.monsoon.dedup;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.monsoon.metrics.PipelineMetrics;
import org.monsoon.schema.IncidentReport;

/**
 * Stage 2: drops identical redeliveries of a (reporter, report_id) seen within the retention (event
 * time) and marks changed content as a revision (header {@code monsoon.revision}). State is bounded by
 * the retention: a stream-time punctuation evicts entries older than it, and an entry past the
 * retention is ignored even before eviction, so expiry does not depend on when the punctuation ran.
 */
public final class DedupProcessor implements Processor<String, IncidentReport, String, IncidentReport> {
    public static final String REVISION_HEADER = "monsoon.revision";

    private final String storeName;
    private final long retentionMs;
    private final PipelineMetrics metrics;
    private ProcessorContext<String, IncidentReport> context;
    private KeyValueStore<String, String> store;

    public DedupProcessor(String storeName, Duration retention, PipelineMetrics metrics) {
        this.storeName = storeName;
        this.retentionMs = retention.toMillis();
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, IncidentReport> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        long interval = Math.max(1_000, Math.min(retentionMs / 24, Duration.ofHours(1).toMillis()));
        context.schedule(Duration.ofMillis(interval), PunctuationType.STREAM_TIME, this::evictExpired);
    }

    @Override
    public void process(Record<String, IncidentReport> record) {
        IncidentReport report = record.value();
        String fingerprint = Fingerprint.of(report);
        String stored = store.get(record.key());
        DedupEntry previous = stored == null ? null : DedupEntry.decode(stored);
        if (previous != null && expired(previous.seenAt())) {
            previous = null;
        }
        if (previous != null && previous.fingerprint().equals(fingerprint)) {
            metrics.duplicate(report.getReporter());
            // Keep the later event time so a redelivery stream keeps the id remembered.
            store.put(record.key(), new DedupEntry(fingerprint, Math.max(previous.seenAt(), record.timestamp()),
                    previous.revision()).encode());
            return;
        }
        int revision = previous == null ? 0 : previous.revision() + 1;
        store.put(record.key(), new DedupEntry(fingerprint, record.timestamp(), revision).encode());
        Record<String, IncidentReport> out = record;
        if (revision > 0) {
            metrics.revised(report.getReporter());
            out = record.withHeaders(record.headers().add(REVISION_HEADER,
                    String.valueOf(revision).getBytes(StandardCharsets.UTF_8)));
        }
        context.forward(out);
    }

    private boolean expired(long seenAt) {
        return seenAt < context.currentStreamTimeMs() - retentionMs;
    }

    private void evictExpired(long streamTime) {
        // Collect first, delete after: the cache in front of the store must not change under its iterator.
        java.util.List<String> expired = new java.util.ArrayList<>();
        try (KeyValueIterator<String, String> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, String> entry = all.next();
                if (DedupEntry.decode(entry.value).seenAt() < streamTime - retentionMs) {
                    expired.add(entry.key);
                }
            }
        }
        expired.forEach(store::delete);
    }
}
