package org.monsoon.dedup;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.monsoon.ingest.IngestProcessor;
import org.monsoon.ingest.MemberCounts;
import org.monsoon.ingest.RejectedReportException;
import org.monsoon.ingest.Rejection;
import org.monsoon.ingest.ReportRules;
import org.monsoon.metrics.PipelineMetrics;
import org.monsoon.schema.IncidentReport;
import org.monsoon.state.ExpiryIndex;
import org.monsoon.state.LoggedRocksDb;

/**
 * Stage 2: drops identical redeliveries of a (reporter, report_id) seen within the retention (event
 * time) and marks changed content as a revision (header {@code monsoon.revision}). A withdrawal (null
 * value) passes on and makes the id forgotten, so the same report sent again later counts anew. State
 * is bounded by the retention: a time index evicts entries older than it, a bounded number per
 * punctuation, and an entry past the retention is ignored even before eviction.
 */
public final class DedupProcessor extends ContextualProcessor<String, IncidentReport, String, IncidentReport> {
    public static final String REVISION_HEADER = "monsoon.revision";
    public static final String STORE = "dedup-fingerprints";
    public static final String EXPIRY_STORE = "dedup-expiry";

    private final long retentionMs;
    private final PipelineMetrics metrics;
    private KeyValueStore<String, String> store;
    private MemberCounts counts;
    private ExpiryIndex expiry;

    DedupProcessor(Duration retention, PipelineMetrics metrics) {
        this.retentionMs = retention.toMillis();
        this.metrics = metrics;
    }

    /** The stage, with its stores. */
    public static ProcessorSupplier<String, IncidentReport, String, IncidentReport> supplier(
            Duration retention, PipelineMetrics metrics) {
        return new ProcessorSupplier<>() {
            @Override
            public DedupProcessor get() {
                return new DedupProcessor(retention, metrics);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                // No record cache: each report version is read and written once, so a cache would only
                // add its own bookkeeping to every put (profiled: the cache cost more than RocksDB).
                return Set.of(
                        Stores.keyValueStoreBuilder(LoggedRocksDb.persistent(STORE), Serdes.String(), Serdes.String()),
                        ExpiryIndex.storeBuilder(EXPIRY_STORE));
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, IncidentReport> context) {
        super.init(context);
        store = context.getStateStore(STORE);
        counts = new MemberCounts(context.getStateStore(MemberCounts.STORE), context::currentSystemTimeMs);
        long interval =
                Math.max(1_000, Math.min(retentionMs / 24, Duration.ofHours(1).toMillis()));
        expiry = ExpiryIndex.of(context, EXPIRY_STORE, interval);
        context.schedule(Duration.ofMillis(interval), PunctuationType.STREAM_TIME, this::evictExpired);
    }

    @Override
    public void process(Record<String, IncidentReport> record) {
        IncidentReport report = record.value();
        String stored = store.get(record.key());
        DedupEntry previous = stored == null ? null : DedupEntry.decode(stored);
        if (report == null) {
            if (stored == null) {
                // Nothing to take back: never accepted from this member, withdrawn already, or older than
                // the retention. No tombstone goes on, and the member is told.
                String reporter = record.key().substring(0, record.key().indexOf('/'));
                counts.rejected(reporter, Rejection.Code.UNKNOWN_REPORT);
                throw new RejectedReportException(
                        reporter,
                        new Rejection(
                                Rejection.Code.UNKNOWN_REPORT,
                                "key: no report '"
                                        + ReportRules.clip(record.key().substring(reporter.length() + 1))
                                        + "' from " + reporter + " to withdraw (never accepted, withdrawn already, or"
                                        + " older than the "
                                        + Duration.ofMillis(retentionMs).toDays()
                                        + "-day retention)"));
            }
            store.delete(record.key());
            context().forward(record);
            return;
        }
        byte[] leftOut = header(record, IngestProcessor.LEFT_OUT_HEADER);
        RejectedReportException.Source leftOutSource =
                IngestProcessor.leftOutSource(header(record, IngestProcessor.LEFT_OUT_SOURCE_HEADER));
        if (leftOut != null) {
            record = record.withHeaders(withoutLeftOut(record));
        }
        String fingerprint = Fingerprint.of(report);
        if (previous != null && expired(previous.seenAt())) {
            previous = null;
        }
        if (previous != null && previous.fingerprint().equals(fingerprint)) {
            if (ReportRules.restricted(report.getTlp())) {
                metrics.restrictedDuplicate(); // never under its reporter
            } else {
                metrics.duplicate(report.getReporter());
                counts.duplicate(report.getReporter());
            }
            // Keep the later event time so a redelivery stream keeps the id remembered.
            long seenAt = Math.max(previous.seenAt(), record.timestamp());
            if (seenAt != previous.seenAt()) {
                store.put(record.key(), new DedupEntry(fingerprint, seenAt, previous.revision()).encode());
                expiry.record(record.key(), seenAt, previous.seenAt());
            }
            return;
        }
        int revision = previous == null ? 0 : previous.revision() + 1;
        store.put(record.key(), new DedupEntry(fingerprint, record.timestamp(), revision).encode());
        expiry.record(record.key(), record.timestamp(), previous == null ? Long.MIN_VALUE : previous.seenAt());
        Record<String, IncidentReport> out = record;
        if (revision > 0) {
            if (!ReportRules.restricted(report.getTlp())) {
                metrics.revised(report.getReporter());
            }
            out = record.withHeaders(record.headers()
                    .add(REVISION_HEADER, String.valueOf(revision).getBytes(StandardCharsets.UTF_8)));
        }
        context().forward(out);
        if (leftOut != null) {
            if (!ReportRules.restricted(report.getTlp())) {
                counts.rejected(report.getReporter(), Rejection.Code.INVALID_INDICATOR);
            }
            // Accepted and forwarded: the member learns, once per report version and not per
            // redelivery, which indicators were left out. The processing handler writes the letter to
            // the dead-letter topic in the same transaction.
            throw new RejectedReportException(
                    report.getReporter(),
                    new Rejection(Rejection.Code.INVALID_INDICATOR, new String(leftOut, StandardCharsets.UTF_8)),
                    ReportRules.restricted(report.getTlp()),
                    leftOutSource);
        }
    }

    private static byte[] header(Record<String, IncidentReport> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : header.value();
    }

    /** The record's headers without the left-out ones, which are for this stage only. */
    private static Headers withoutLeftOut(Record<String, IncidentReport> record) {
        Headers copy = new RecordHeaders(record.headers().toArray());
        copy.remove(IngestProcessor.LEFT_OUT_HEADER);
        copy.remove(IngestProcessor.LEFT_OUT_SOURCE_HEADER);
        return copy;
    }

    private boolean expired(long seenAt) {
        return seenAt < context().currentStreamTimeMs() - retentionMs;
    }

    private void evictExpired(long streamTime) {
        long cutoff = streamTime - retentionMs;
        expiry.expire(cutoff, key -> {
            String stored = store.get(key);
            if (stored != null && DedupEntry.decode(stored).seenAt() < cutoff) {
                store.delete(key);
            }
        });
    }
}
