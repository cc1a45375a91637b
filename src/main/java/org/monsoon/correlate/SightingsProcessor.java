package org.monsoon.correlate;

import java.time.Duration;
import java.util.HashSet;
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
import org.monsoon.metrics.PipelineMetrics;
import org.monsoon.schema.IncidentReport;
import org.monsoon.schema.ReportIndicators;
import org.monsoon.schema.ReportLink;
import org.monsoon.schema.Sighting;
import org.monsoon.schema.SightingKind;
import org.monsoon.serde.BinaryAvroSerde;
import org.monsoon.state.ExpiryIndex;

/**
 * Stage 3 (sightings), keyed by report: turns each report version into per-indicator changes, keyed
 * by indicator so that every sighting of an indicator meets in one task. It remembers the version it
 * last fanned out ({@code sightings-reports}), so that it sends only what changed: an indicator the
 * revision dropped is {@code RETRACTED}, one it keeps with the same attributes is not sent again. A
 * RED or AMBER_STRICT revision, or a tombstone (null value), retracts everything the report
 * contributed: nothing of a restricted report reaches any later stage. Each sighting carries report
 * identity and attributes only, so its size does not depend on the report.
 */
public final class SightingsProcessor extends ContextualProcessor<String, IncidentReport, String, Sighting> {
    public static final String REPORTS_STORE = "sightings-reports";
    public static final String EXPIRY_STORE = "sightings-expiry";

    private final long retentionMs;
    private final PipelineMetrics metrics;
    private KeyValueStore<String, ReportIndicators> reports;
    private ExpiryIndex expiry;

    SightingsProcessor(Duration retention, PipelineMetrics metrics) {
        this.retentionMs = retention.toMillis();
        this.metrics = metrics;
    }

    /** The stage, with its stores. */
    public static ProcessorSupplier<String, IncidentReport, String, Sighting> supplier(Duration retention,
                                                                                      PipelineMetrics metrics) {
        return new ProcessorSupplier<>() {
            @Override
            public SightingsProcessor get() {
                return new SightingsProcessor(retention, metrics);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(REPORTS_STORE),
                                Serdes.String(), BinaryAvroSerde.of(ReportIndicators.class)).withCachingEnabled(),
                        ExpiryIndex.storeBuilder(EXPIRY_STORE));
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, Sighting> context) {
        super.init(context);
        reports = context.getStateStore(REPORTS_STORE);
        long bucket = Math.max(60_000, retentionMs / 48);
        expiry = ExpiryIndex.of(context, EXPIRY_STORE, bucket);
        context.schedule(Duration.ofMillis(bucket), PunctuationType.STREAM_TIME, this::evict);
    }

    @Override
    public void process(Record<String, IncidentReport> record) {
        IncidentReport report = record.value();
        ReportIndicators previous = reports.get(record.key());
        if (report == null) {
            metrics.withdrawn(ReportLinks.reporterOf(record.key()));
            if (previous != null) {
                retract(previous, previous.getIndicators(), record.timestamp());
                reports.delete(record.key());
            }
            return;
        }
        ReportLink link = ReportLinks.of(report);
        boolean shareable = ReportLinks.shareable(report.getTlp());
        List<String> indicators = shareable ? report.getIndicators().stream()
                .map(i -> IndicatorKey.of(i.getType(), i.getValue())).distinct().toList() : List.of();
        if (!shareable) {
            metrics.restricted(report.getTlp().name());
        }
        Set<String> unchanged = new HashSet<>();
        if (previous != null) {
            Set<String> kept = new HashSet<>(indicators);
            retract(previous, previous.getIndicators().stream().filter(i -> !kept.contains(i)).toList(),
                    record.timestamp());
            if (previous.getLink().equals(link)) {
                unchanged.addAll(previous.getIndicators());
            }
        }
        Sighting sighting = ReportLinks.sighting(SightingKind.SHAREABLE, link);
        for (String indicator : indicators) {
            if (!unchanged.contains(indicator)) {
                context().forward(new Record<>(indicator, sighting, record.timestamp()));
            }
        }
        reports.put(record.key(), new ReportIndicators(link, shareable, indicators));
        expiry.record(record.key(), link.getObservedAt(),
                previous == null ? Long.MIN_VALUE : previous.getLink().getObservedAt());
    }

    private void retract(ReportIndicators previous, List<String> indicators, long time) {
        if (!previous.getShareable()) {
            return;
        }
        Sighting retraction = ReportLinks.sighting(SightingKind.RETRACTED, previous.getLink());
        for (String indicator : indicators) {
            context().forward(new Record<>(indicator, retraction, time));
        }
    }

    /** Forgets reports observed longer than the retention ago: a revision that late changes nothing kept. */
    private void evict(long streamTime) {
        long cutoff = streamTime - retentionMs;
        expiry.expire(cutoff, key -> {
            ReportIndicators stored = reports.get(key);
            if (stored != null && stored.getLink().getObservedAt() < cutoff) {
                reports.delete(key);
            }
        });
    }
}
