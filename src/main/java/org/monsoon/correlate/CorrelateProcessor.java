package org.monsoon.correlate;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.monsoon.metrics.PipelineMetrics;
import org.monsoon.warninglist.WarninglistStore;

/**
 * Stage 4 (correlate), keyed by indicator, in event time: keeps each indicator's sightings within the
 * window and emits a {@link CorrelationEvent} when at least {@code minCountries} members saw it within
 * the window of each other, and again for each report that sights it while correlated.
 * Warninglisted indicators never correlate. Sightings older than stream time minus the window are too
 * late to correlate with anything kept and are counted; state is evicted by stream time so it never
 * grows beyond the window.
 */
public final class CorrelateProcessor implements Processor<String, Sighting, String, CorrelationEvent> {
    private final String storeName;
    private final long windowMs;
    private final int minCountries;
    private final PipelineMetrics metrics;
    private ProcessorContext<String, CorrelationEvent> context;
    private KeyValueStore<String, IndicatorState> store;
    private WarninglistStore warninglist;

    public CorrelateProcessor(String storeName, Duration window, int minCountries, PipelineMetrics metrics) {
        this.storeName = storeName;
        this.windowMs = window.toMillis();
        this.minCountries = minCountries;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, CorrelationEvent> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        this.warninglist = new WarninglistStore(context.getStateStore(WarninglistStore.STORE),
                context::currentSystemTimeMs);
        long interval = Math.max(1_000, Math.min(windowMs / 24, Duration.ofHours(1).toMillis()));
        context.schedule(Duration.ofMillis(interval), PunctuationType.STREAM_TIME, this::evict);
    }

    @Override
    public void process(Record<String, Sighting> record) {
        String indicator = record.key();
        long cutoff = context.currentStreamTimeMs() - windowMs;
        if (record.timestamp() < cutoff) {
            metrics.lateSighting();
            return;
        }
        if (warninglist.match(IndicatorKey.type(indicator), IndicatorKey.value(indicator)).isPresent()) {
            metrics.warninglisted();
            store.delete(indicator);
            return;
        }
        IndicatorState state = store.get(indicator);
        if (state == null) {
            state = new IndicatorState();
        }
        state.evictBefore(cutoff);
        ReportRef report = record.value().report();
        boolean wasCorrelated = state.correlated;
        state.add(report, !wasCorrelated);
        state.correlated = CorrelationRule.correlated(state.sightings, windowMs, minCountries);
        if (state.correlated && !wasCorrelated) {
            metrics.correlation();
            emit(indicator, state, List.copyOf(state.reports), record.timestamp());
            state.reports.clear();
        } else if (state.correlated) {
            // A replayed or revised report is emitted again; the campaign stage counts each report once.
            emit(indicator, state, List.of(report), record.timestamp());
        }
        store.put(indicator, state);
    }

    private void emit(String indicator, IndicatorState state, List<ReportRef> reports, long time) {
        context.forward(new Record<>(indicator, new CorrelationEvent(indicator, state.memberSpans(), reports, time),
                time));
    }

    private void evict(long streamTime) {
        long cutoff = streamTime - windowMs;
        // Collect first, write after: the cache in front of the store must not change under its iterator.
        java.util.Map<String, IndicatorState> changed = new java.util.HashMap<>();
        try (KeyValueIterator<String, IndicatorState> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, IndicatorState> entry = all.next();
                IndicatorState state = entry.value;
                int before = state.reports.size() + state.sightings.values().stream().mapToInt(List::size).sum();
                state.evictBefore(cutoff);
                int after = state.reports.size() + state.sightings.values().stream().mapToInt(List::size).sum();
                if (state.isEmpty()) {
                    changed.put(entry.key, null);
                } else if (after != before) {
                    state.correlated = CorrelationRule.correlated(state.sightings, windowMs, minCountries);
                    changed.put(entry.key, state);
                }
            }
        }
        changed.forEach((key, state) -> {
            if (state == null) {
                store.delete(key);
            } else {
                store.put(key, state);
            }
        });
    }
}
