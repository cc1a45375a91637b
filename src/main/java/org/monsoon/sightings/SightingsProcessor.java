package org.monsoon.sightings;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.monsoon.correlate.IndicatorKey;
import org.monsoon.correlate.ReportLinks;
import org.monsoon.metrics.PipelineMetrics;
import org.monsoon.schema.IncidentReport;
import org.monsoon.schema.ReportLink;
import org.monsoon.schema.ReportVersion;
import org.monsoon.schema.SightingKind;
import org.monsoon.schema.SightingPack;
import org.monsoon.serde.BinaryAvroSerde;
import org.monsoon.state.ExpiryIndex;
import org.monsoon.state.LoggedRocksDb;

/**
 * Stage 3 (sightings), keyed by report: turns each report version into per-indicator changes, packed
 * per destination partition of the indicator ({@link SightingPacks}) so that every sighting of an
 * indicator meets in one task. It remembers the version it
 * last fanned out ({@code sightings-reports}, with its indicators in bounded packs in
 * {@code sightings-indicators}, {@link IndicatorPacks}, so no value grows past a bound with the report) and sends only what changed: an
 * indicator a revision dropped is {@code RETRACTED}, one it keeps with the same attributes is not sent
 * again. A tombstone (null value) retracts everything the report held. A RED or AMBER_STRICT version's
 * indicators go on as {@code RESTRICTED}: they replace whatever the report held as shareable, and the
 * correlate stage uses them for nothing but the reporter's own private match notices. Each sighting
 * carries report identity and attributes only, so its size does not depend on the report.
 */
public final class SightingsProcessor extends ContextualProcessor<String, IncidentReport, String, SightingPack> {
    public static final String REPORTS_STORE = "sightings-reports";
    public static final String INDICATORS_STORE = "sightings-indicators";
    public static final String EXPIRY_STORE = "sightings-expiry";

    private final long retentionMs;
    private final int partitions;
    private final PipelineMetrics metrics;
    private KeyValueStore<String, ReportVersion> reports;
    private IndicatorPacks held;
    private ExpiryIndex expiry;

    SightingsProcessor(Duration retention, int partitions, PipelineMetrics metrics) {
        this.retentionMs = retention.toMillis();
        this.partitions = partitions;
        this.metrics = metrics;
    }

    /**
     * The stage, with its stores.
     *
     * @param partitions the partitions of the hop to the correlate stage ({@code sightings-by-indicator},
     *     created with this many): sightings are packed per destination partition
     */
    public static ProcessorSupplier<String, IncidentReport, String, SightingPack> supplier(
            Duration retention, int partitions, PipelineMetrics metrics) {
        return new ProcessorSupplier<>() {
            @Override
            public SightingsProcessor get() {
                return new SightingsProcessor(retention, partitions, metrics);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                // No record caches: a report version is read and written once, and each of its
                // indicators once, so a cache would coalesce nothing and only add its bookkeeping to
                // every put (profiled: the caches cost more than the RocksDB writes they stand for).
                return Set.of(
                        Stores.keyValueStoreBuilder(
                                LoggedRocksDb.persistent(REPORTS_STORE),
                                Serdes.String(),
                                BinaryAvroSerde.of(ReportVersion.class)),
                        Stores.keyValueStoreBuilder(
                                LoggedRocksDb.persistent(INDICATORS_STORE), Serdes.String(), Serdes.ByteArray()),
                        ExpiryIndex.storeBuilder(EXPIRY_STORE));
            }
        };
    }

    /** The serde of the hop to the correlate stage: packs, and the earlier release's single sightings. */
    public static org.apache.kafka.common.serialization.Serde<SightingPack> hopSerde() {
        return SightingPacks.serde();
    }

    @Override
    public void init(ProcessorContext<String, SightingPack> context) {
        super.init(context);
        reports = context.getStateStore(REPORTS_STORE);
        held = new IndicatorPacks(context.getStateStore(INDICATORS_STORE));
        long bucket = Math.max(60_000, retentionMs / 48);
        expiry = ExpiryIndex.of(context, EXPIRY_STORE, bucket);
        context.schedule(Duration.ofMillis(bucket), PunctuationType.STREAM_TIME, this::evict);
    }

    @Override
    public void process(Record<String, IncidentReport> record) {
        String key = record.key();
        IncidentReport report = record.value();
        ReportVersion previous = reports.get(key);
        List<String> before = previous == null ? List.of() : held.of(key);
        if (report == null) {
            if (previous == null || ReportLinks.shareable(previous.getLink().getTlp())) {
                metrics.withdrawn(ReportLinks.reporterOf(key)); // a restricted report's withdrawal leaves no trace
            }
            if (previous != null) {
                SightingPacks packs = new SightingPacks(partitions, null, previous.getLink());
                retract(packs, previous, before);
                send(packs, record.timestamp());
                held.delete(key);
                reports.delete(key);
            }
            return;
        }
        ReportLink link = ReportLinks.of(report);
        boolean shareable = ReportLinks.shareable(report.getTlp()); // restricted ones were counted at ingest
        Set<String> now = new LinkedHashSet<>();
        report.getIndicators().forEach(i -> now.add(IndicatorKey.of(i.getType(), i.getValue())));
        Set<String> already = new HashSet<>(before);
        List<String> dropped = before.stream().filter(i -> !now.contains(i)).toList();
        SightingPacks packs = new SightingPacks(partitions, link, previous == null ? null : previous.getLink());
        if (previous != null) {
            retract(packs, previous, dropped);
        }
        boolean sameVersion = previous != null && previous.getLink().equals(link);
        boolean wasShareable =
                previous != null && ReportLinks.shareable(previous.getLink().getTlp());
        // A restricted version's indicators go on only for its own reporter's private notices.
        SightingKind kind = shareable ? SightingKind.SHAREABLE : SightingKind.RESTRICTED;
        for (String indicator : now) {
            boolean heldBefore = already.contains(indicator);
            if (heldBefore && sameVersion) {
                continue; // held before with the same attributes: nothing changes downstream
            }
            int delta = (shareable ? 1 : 0) - (heldBefore && wasShareable ? 1 : 0);
            packs.add(indicator, kind, delta);
        }
        send(packs, record.timestamp());
        held.replace(key, before, now);
        reports.put(key, new ReportVersion(link));
        expiry.record(
                key,
                link.getObservedAt(),
                previous == null ? Long.MIN_VALUE : previous.getLink().getObservedAt());
    }

    private static void retract(SightingPacks packs, ReportVersion previous, List<String> indicators) {
        int delta = ReportLinks.shareable(previous.getLink().getTlp()) ? -1 : 0;
        for (String indicator : indicators) {
            packs.add(indicator, SightingKind.RETRACTED, delta);
        }
    }

    private void send(SightingPacks packs, long time) {
        for (SightingPack pack : packs.packs()) {
            context().forward(new Record<>(SightingPacks.key(pack), pack, time));
        }
    }

    /** Forgets reports observed longer than the retention ago: a revision that late changes nothing kept. */
    private void evict(long streamTime) {
        long cutoff = streamTime - retentionMs;
        expiry.expire(cutoff, key -> {
            ReportVersion stored = reports.get(key);
            if (stored != null && stored.getLink().getObservedAt() < cutoff) {
                held.delete(key);
                reports.delete(key);
            }
        });
    }
}
