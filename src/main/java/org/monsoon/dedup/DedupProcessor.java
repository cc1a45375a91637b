package org.monsoon.dedup;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.monsoon.ingest.IngestProcessor;
import org.monsoon.ingest.MemberCounts;
import org.monsoon.ingest.RejectedReportException;
import org.monsoon.ingest.Rejection;
import org.monsoon.ingest.ReportRules;
import org.monsoon.metrics.PipelineMetrics;
import org.monsoon.schema.IncidentReport;
import org.monsoon.schema.ReportState;
import org.monsoon.state.LegacyDrain;
import org.monsoon.state.LoggedRocksDb;

/**
 * Stage 2: drops identical redeliveries of a (reporter, report_id) seen within the retention (event
 * time) and marks changed content as a revision (header {@code monsoon.revision}). A withdrawal (null
 * value) passes on and makes the id forgotten, so the same report sent again later counts anew. What it
 * remembers of a report is part of the report's one entry in {@link ReportStates}, which the sightings
 * stage completes and forgets past the retention; an entry past the retention is ignored even before.
 * State of the release before ({@code dedup-fingerprints}, {@code dedup-expiry}) is read where the
 * report has no entry yet and moved over in bounded steps ({@link LegacyDrain}).
 */
public final class DedupProcessor extends ContextualProcessor<String, IncidentReport, String, IncidentReport> {
    public static final String REVISION_HEADER = "monsoon.revision";
    /** The store of the release before: one {@link DedupEntry} per report, now read and drained only. */
    public static final String LEGACY_STORE = "dedup-fingerprints";
    /** The time index of the release before, now emptied only. */
    public static final String LEGACY_EXPIRY_STORE = "dedup-expiry";
    /** Legacy entries moved per step, one step a second: a bounded cost per punctuation. */
    static final int LEGACY_PER_STEP = 1_000;

    private final long retentionMs;
    private final PipelineMetrics metrics;
    private ReportStates states;
    private LegacyDrain<String, String> legacy;
    private LegacyDrain<Bytes, byte[]> legacyExpiry;
    private MemberCounts counts;

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
                return Set.of(
                        ReportStates.storeBuilder(),
                        Stores.keyValueStoreBuilder(
                                LoggedRocksDb.persistent(LEGACY_STORE), Serdes.String(), Serdes.String()),
                        LegacyDrain.timeIndex(LEGACY_EXPIRY_STORE));
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, IncidentReport> context) {
        super.init(context);
        states = new ReportStates(context.getStateStore(ReportStates.STORE));
        counts = new MemberCounts(context.getStateStore(MemberCounts.STORE), context::currentSystemTimeMs);
        legacy = new LegacyDrain<>(context.getStateStore(LEGACY_STORE), (key, text) -> {
            ReportState state = states.get(key);
            if (state == null || state.getFingerprint() == null) {
                states.put(key, fromLegacy(state, text));
            }
        });
        legacyExpiry = new LegacyDrain<>(context.getStateStore(LEGACY_EXPIRY_STORE), (key, value) -> {});
        if (!legacy.empty() || !legacyExpiry.empty()) {
            Cancellable[] drain = new Cancellable[1];
            drain[0] = context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, wall -> {
                legacy.step(LEGACY_PER_STEP);
                legacyExpiry.step(LEGACY_PER_STEP);
                if (legacy.empty() && legacyExpiry.empty()) {
                    drain[0].cancel();
                }
            });
        }
    }

    /** The report's entry with what the release before remembered of it. */
    private static ReportState fromLegacy(ReportState state, String text) {
        DedupEntry entry = DedupEntry.decode(text);
        ReportState out = state == null ? ReportStates.empty() : state;
        out.setFingerprint(entry.fingerprint());
        out.setSeenAt(entry.seenAt());
        out.setRevision(entry.revision());
        return out;
    }

    /** The report's entry, taken over from the release before's store when only that has it. */
    private ReportState state(String key) {
        ReportState state = states.get(key);
        if (state == null || state.getFingerprint() == null) {
            String text = legacy.get(key);
            if (text != null) {
                state = fromLegacy(state, text);
                states.put(key, state);
                legacy.delete(key);
            }
        }
        return state;
    }

    @Override
    public void process(Record<String, IncidentReport> record) {
        IncidentReport report = record.value();
        ReportState state = state(record.key());
        DedupEntry previous = state == null || state.getFingerprint() == null
                ? null
                : new DedupEntry(state.getFingerprint(), state.getSeenAt(), state.getRevision());
        if (report == null) {
            if (previous == null) {
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
            // Forgotten here; the sightings stage takes the report back and deletes its entry.
            state.setFingerprint(null);
            states.put(record.key(), state);
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
                state.setSeenAt(seenAt);
                states.put(record.key(), state);
            }
            return;
        }
        int revision = previous == null ? 0 : previous.revision() + 1;
        ReportState next = state == null ? ReportStates.empty() : state;
        next.setFingerprint(fingerprint);
        next.setSeenAt(record.timestamp());
        next.setRevision(revision);
        states.put(record.key(), next);
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
}
