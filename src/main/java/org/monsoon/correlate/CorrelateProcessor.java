package org.monsoon.correlate;

import java.time.Duration;
import java.util.ArrayList;
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
import org.monsoon.schema.CorrelationEvent;
import org.monsoon.schema.IndicatorState;
import org.monsoon.schema.ReportLink;
import org.monsoon.schema.Sighting;
import org.monsoon.schema.SightingKind;
import org.monsoon.serde.BinaryAvroSerde;
import org.monsoon.state.ExpiryIndex;
import org.monsoon.warninglist.WarninglistStore;

/**
 * Stage 4 (correlate), keyed by indicator, in event time: keeps the reports holding each indicator
 * within the window ({@link Holdings}, bounded per member) and tells the campaign stage only what an
 * advisory can show: the indicator becoming correlated (with every report holding it), a report newly
 * holding a correlated indicator, a report that no longer holds it (revision, withdrawal, or giving way
 * to newer reports of its member), and the indicator ceasing to correlate because reports were taken
 * back. A replayed sighting, or a sighting of an indicator that does not correlate, sends nothing.
 *
 * <p>Warninglisted indicators never correlate. Sightings older than stream time minus the window are
 * too late to correlate with anything kept and are counted. Time moving on forgets old reports quietly:
 * an advisory keeps what it showed until it expires. A time index evicts idle indicators, a bounded
 * number per punctuation.
 */
public final class CorrelateProcessor extends ContextualProcessor<String, Sighting, String, CorrelationEvent> {
    public static final String STORE = "correlate-sightings";
    public static final String EXPIRY_STORE = "correlate-expiry";

    private final long windowMs;
    private final int minCountries;
    private final PipelineMetrics metrics;
    private KeyValueStore<String, IndicatorState> store;
    private ExpiryIndex expiry;
    private WarninglistStore warninglist;

    CorrelateProcessor(Duration window, int minCountries, PipelineMetrics metrics) {
        this.windowMs = window.toMillis();
        this.minCountries = minCountries;
        this.metrics = metrics;
    }

    /** The stage, with its stores. */
    public static ProcessorSupplier<String, Sighting, String, CorrelationEvent> supplier(
            Duration window, int minCountries, PipelineMetrics metrics) {
        return new ProcessorSupplier<>() {
            @Override
            public CorrelateProcessor get() {
                return new CorrelateProcessor(window, minCountries, metrics);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                        BinaryAvroSerde.of(IndicatorState.class)).withCachingEnabled(),
                        ExpiryIndex.storeBuilder(EXPIRY_STORE));
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, CorrelationEvent> context) {
        super.init(context);
        store = context.getStateStore(STORE);
        warninglist = new WarninglistStore(context.getStateStore(WarninglistStore.STORE), context::currentSystemTimeMs);
        long interval = Math.max(1_000, Math.min(windowMs / 24, Duration.ofHours(1).toMillis()));
        expiry = ExpiryIndex.of(context, EXPIRY_STORE, interval);
        context.schedule(Duration.ofMillis(interval), PunctuationType.STREAM_TIME, this::evict);
    }

    @Override
    public void process(Record<String, Sighting> record) {
        String indicator = record.key();
        Sighting sighting = record.value();
        boolean share = sighting.getKind() == SightingKind.SHAREABLE;
        long cutoff = context().currentStreamTimeMs() - windowMs;
        if (share && sighting.getObservedAt() < cutoff) {
            metrics.lateSighting();
            return;
        }
        if (share && warninglist.match(IndicatorKey.type(indicator), IndicatorKey.value(indicator)).isPresent()) {
            metrics.warninglisted();
            store.delete(indicator);
            return;
        }
        IndicatorState state = store.get(indicator);
        Holdings holdings = new Holdings(state);
        long before = holdings.latest();
        boolean wasCorrelated = state != null && state.getCorrelated();
        holdings.pruneBefore(cutoff);
        // Correlated still, once time has moved on: what this sighting changes is judged against that.
        boolean stillCorrelated = wasCorrelated && CorrelationRule.correlated(holdings.reports(), windowMs, minCountries);
        String key = ReportLinks.key(sighting.getReporter(), sighting.getReportId());
        ReportLink existing = holdings.find(key);
        List<ReportLink> added = new ArrayList<>(1);
        List<String> removed = new ArrayList<>(1);
        if (share) {
            ReportLink link = ReportLinks.link(sighting);
            if (link.equals(existing)) {
                return; // a replay: nothing changes
            }
            String gaveWay = holdings.put(link);
            if (key.equals(gaveWay)) {
                if (existing != null) {
                    removed.add(key);
                }
            } else {
                added.add(link);
                if (gaveWay != null) {
                    removed.add(gaveWay);
                }
            }
        } else {
            holdings.remove(key);
            removed.add(key); // even if forgotten here: the campaign stage may still count it
        }
        boolean correlated = CorrelationRule.correlated(holdings.reports(), windowMs, minCountries);
        if (correlated && !stillCorrelated) {
            metrics.correlation();
            emit(indicator, true, holdings, holdings.reports(), removed, record.timestamp());
        } else if (correlated && (!added.isEmpty() || !removed.isEmpty())) {
            emit(indicator, true, holdings, added, removed, record.timestamp());
        } else if (!correlated && (stillCorrelated || !share)) {
            // Revised or taken back: it no longer correlates, or its campaign may still count the report.
            emit(indicator, false, holdings, List.of(), removed, record.timestamp());
        }
        if (holdings.reports().isEmpty()) {
            store.delete(indicator);
        } else {
            store.put(indicator, holdings.toState(correlated));
            expiry.record(indicator, holdings.latest(), before);
        }
    }

    private void emit(String indicator, boolean correlated, Holdings holdings, List<ReportLink> added,
                      List<String> removed, long time) {
        context().forward(new Record<>(indicator, new CorrelationEvent(indicator, correlated, holdings.spans(),
                new ArrayList<>(added), new ArrayList<>(removed), time), time));
    }

    /** Forgets indicators with no report inside the window: quietly, see the class comment. */
    private void evict(long streamTime) {
        long cutoff = streamTime - windowMs;
        expiry.expire(cutoff, indicator -> {
            IndicatorState state = store.get(indicator);
            if (state != null) {
                Holdings holdings = new Holdings(state);
                if (holdings.latest() < cutoff) {
                    store.delete(indicator);
                }
            }
        });
    }
}
