package org.monsoon.correlate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.monsoon.metrics.PipelineMetrics;
import org.monsoon.schema.CampaignChange;
import org.monsoon.schema.IndicatorChange;
import org.monsoon.schema.IndicatorState;
import org.monsoon.schema.MatchNotice;
import org.monsoon.schema.MemberReports;
import org.monsoon.schema.PackedSighting;
import org.monsoon.schema.ReportLink;
import org.monsoon.schema.SightingKind;
import org.monsoon.schema.SightingPack;
import org.monsoon.serde.BinaryAvroSerde;
import org.monsoon.state.CommitHook;
import org.monsoon.state.DecodedStore;
import org.monsoon.state.KeySweep;
import org.monsoon.state.LegacyDrain;
import org.monsoon.state.LoggedRocksDb;
import org.monsoon.warninglist.WarninglistStore;

/**
 * Stage 4 (correlate), keyed by indicator, in event time: keeps the reports holding each indicator
 * within the window ({@link Holdings}, bounded per member, one store entry per member so that a
 * sighting rewrites only its member's entry and the small {@link IndicatorTimes} summary) and tells the campaign stage only what an
 * advisory can show: the indicator becoming correlated (with the reports kept for it), a report newly
 * holding a correlated indicator or holding it with new attributes, a report that no longer holds it
 * (revision, withdrawal), and the indicator ceasing to correlate because reports were taken back. A
 * report giving way to newer ones of its member is forgotten here quietly: it still holds the
 * indicator, and the campaign stage keeps counting it until it is revised or withdrawn. A replayed sighting, or a sighting of an indicator that does not correlate, sends nothing.
 *
 * <p>A RED or AMBER_STRICT report's indicators are kept apart ({@link IndicatorTimes#restricted()}) and
 * used for one thing only: {@link MatchNotices}, private notices to that report's own member.
 *
 * <p>A correlated indicator held by more than {@code hub-reports} shareable reports within the window
 * (counted apart from the few kept per member, {@link ReportCount}) is a hub: its events say so, and the
 * campaign stage lists it but lets it connect nothing. It stays a hub until it stops correlating.
 *
 * <p>Warninglisted indicators never correlate. Sightings older than stream time minus the window are
 * too late to correlate with anything kept and are counted. Time moving on forgets old reports quietly:
 * an advisory keeps what it showed until it expires. A sweep on stream time ({@link KeySweep}, a step
 * every 1/24 of the window, at most an hour) forgets idle indicators, and writes nothing else.
 *
 * <p>Events that only add reports to a correlated indicator wait for the task's next commit and go as
 * one per indicator ({@link HeldEvents}): a hot indicator is sighted in many reports per commit.
 */
public final class CorrelateProcessor extends ContextualProcessor<String, SightingPack, String, CampaignChange> {
    public static final String STORE = "correlate-sightings";
    public static final String REPORTS_STORE = "correlate-reports";
    /** The time index of state format 3, now emptied only: the stage sweeps its summaries instead. */
    public static final String LEGACY_EXPIRY_STORE = "correlate-expiry";
    /** How often the earlier format's time index is emptied a step, while it is not empty. */
    static final Duration LEGACY_INTERVAL = Duration.ofSeconds(1);

    static final int LEGACY_PER_STEP = 1_000;
    /** Not a store of data: releases the {@link HeldEvents} before each commit ({@link CommitHook}). */
    public static final String COMMIT_HOOK = "correlate-commit-hook";

    private static final char SEPARATOR = '\0';
    /**
     * Decoded entries kept per store and task ({@link DecodedStore}): every sighting reads and writes its
     * indicator's summary and member entry, and under a Zipf load a few thousand indicators take most
     * sightings. At most a few MiB per store and task (a member entry holds at most eight links).
     */
    static final int HOT_ENTRIES = 8_192;

    private final long windowMs;
    private final int minCountries;
    private final int hubReports;
    private final PipelineMetrics metrics;
    private KeyValueStore<String, IndicatorState> store;
    private KeyValueStore<String, MemberReports> reports;
    private final KeySweep sweep = new KeySweep();
    private LegacyDrain<Bytes, byte[]> legacyExpiry;
    private WarninglistStore warninglist;
    private HeldEvents held;

    CorrelateProcessor(Duration window, int minCountries, int hubReports, PipelineMetrics metrics) {
        this.windowMs = window.toMillis();
        this.minCountries = minCountries;
        this.hubReports = hubReports;
        this.metrics = metrics;
    }

    /**
     * The stage, with its stores.
     *
     * @param hubReports past this many shareable reports within the window, a correlated indicator is a
     *     hub: listed, but connecting no campaigns
     */
    public static ProcessorSupplier<String, SightingPack, String, CampaignChange> supplier(
            Duration window, int minCountries, int hubReports, PipelineMetrics metrics) {
        return new ProcessorSupplier<>() {
            @Override
            public CorrelateProcessor get() {
                return new CorrelateProcessor(window, minCountries, hubReports, metrics);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(
                        DecodedStore.builder(
                                Stores.keyValueStoreBuilder(
                                        LoggedRocksDb.persistent(STORE),
                                        Serdes.String(),
                                        BinaryAvroSerde.of(IndicatorState.class)),
                                HOT_ENTRIES),
                        DecodedStore.builder(
                                Stores.keyValueStoreBuilder(
                                        LoggedRocksDb.persistent(REPORTS_STORE),
                                        Serdes.String(),
                                        BinaryAvroSerde.of(MemberReports.class)),
                                HOT_ENTRIES),
                        LegacyDrain.timeIndex(LEGACY_EXPIRY_STORE),
                        CommitHook.builder(COMMIT_HOOK));
            }
        };
    }

    /** The serde of the hop to the campaign stage: changes and notices, and the earlier format's events. */
    public static org.apache.kafka.common.serialization.Serde<CampaignChange> hopSerde() {
        return CampaignChanges.serde();
    }

    @Override
    public void init(ProcessorContext<String, CampaignChange> context) {
        super.init(context);
        store = context.getStateStore(STORE);
        reports = context.getStateStore(REPORTS_STORE);
        warninglist = new WarninglistStore(context.getStateStore(WarninglistStore.STORE), context::currentSystemTimeMs);
        legacyExpiry = new LegacyDrain<>(context.getStateStore(LEGACY_EXPIRY_STORE), (key, value) -> {});
        held = new HeldEvents(context, context.getStateStore(COMMIT_HOOK));
        long interval =
                Math.max(1_000, Math.min(windowMs / 24, Duration.ofHours(1).toMillis()));
        context.schedule(Duration.ofMillis(interval), PunctuationType.STREAM_TIME, time -> evict());
        if (!legacyExpiry.empty()) {
            Cancellable[] drain = new Cancellable[1];
            drain[0] = context.schedule(LEGACY_INTERVAL, PunctuationType.WALL_CLOCK_TIME, wall -> {
                legacyExpiry.step(LEGACY_PER_STEP);
                if (legacyExpiry.empty()) {
                    drain[0].cancel();
                }
            });
        }
    }

    @Override
    public void process(Record<String, SightingPack> record) {
        held.processing();
        SightingPack pack = record.value();
        for (PackedSighting entry : pack.getEntries()) {
            String indicator = entry.getIndicator() == null ? record.key() : entry.getIndicator();
            SightingKind kind = entry.getKind();
            sighted(
                    indicator,
                    kind,
                    kind == SightingKind.RETRACTED ? pack.getPrevious() : pack.getReport(),
                    entry.getDelta(),
                    record.timestamp());
        }
    }

    /** One report's change to one indicator: what the stage keeps of it, and what it tells downstream. */
    private void sighted(String indicator, SightingKind kind, ReportLink report, int delta, long timestamp) {
        boolean share = kind == SightingKind.SHAREABLE;
        long cutoff = context().currentStreamTimeMs() - windowMs;
        // A restricted sighting never moves an open metric: its existence must not show on /metrics.
        if (kind != SightingKind.RETRACTED && report.getObservedAt() < cutoff) {
            if (share) {
                metrics.lateSighting();
            }
            return;
        }
        if (kind != SightingKind.RETRACTED
                && warninglist
                        .match(IndicatorKey.type(indicator), IndicatorKey.value(indicator))
                        .isPresent()) {
            if (share) {
                metrics.warninglisted();
            }
            forget(indicator);
            return;
        }
        IndicatorTimes times = new IndicatorTimes(store.get(indicator));
        boolean pruned = times.pruneBefore(cutoff);
        // Correlated still, once time has moved on: what this sighting changes is judged against that.
        // The stored flag is the check of exactly the stored times, so it is rerun only if some were pruned.
        boolean stillCorrelated = times.correlated() && (!pruned || times.check(windowMs, minCountries));
        ReportCount count = new ReportCount(times.reportBuckets(), windowMs);
        count.pruneBefore(cutoff);
        count.add(report.getObservedAt(), delta);
        times.reportBuckets(count.buckets());
        String member = report.getReporter();
        String memberKey = indicator + SEPARATOR + member;
        Holdings holdings = new Holdings(reports.get(memberKey));
        holdings.pruneBefore(cutoff);
        ReportLink existing = holdings.find(member, report.getReportId());
        List<ReportLink> added = new ArrayList<>(1);
        List<String> removed = new ArrayList<>(1);
        boolean restrictedChanged =
                kind == SightingKind.RESTRICTED || times.removeRestricted(member, report.getReportId());
        if (share) {
            ReportLink link = report;
            if (link.equals(existing) && !restrictedChanged) {
                return; // a replay: nothing changes
            }
            holdings.put(link);
            // Told even when it is older than every report kept for its member and gives way at once:
            // the campaign stage counts every report holding a correlated indicator.
            added.add(link);
        } else {
            holdings.remove(member, report.getReportId());
            // Even if forgotten here: the campaign stage may still count it.
            removed.add(ReportLinks.key(member, report.getReportId()));
            if (kind == SightingKind.RESTRICTED) {
                times.putRestricted(member, report.getReportId(), report.getObservedAt());
            }
        }
        times.set(member, holdings.times());
        boolean correlated = times.check(windowMs, minCountries);
        // A hub stays one for as long as it correlates: withdrawals that bring it under the threshold do
        // not make it connect again, which would merge at once every campaign its reports touched since.
        times.hub(correlated && (times.hub() || count.total() > hubReports));
        if (correlated && !stillCorrelated) {
            metrics.correlation();
            emit(indicator, true, times, allReports(indicator, times, member, holdings, cutoff), removed, timestamp);
        } else if (correlated && (!added.isEmpty() || !removed.isEmpty())) {
            emit(indicator, true, times, added, removed, timestamp);
        } else if (!correlated && (stillCorrelated || !share)) {
            // Revised or taken back: it no longer correlates, or its campaign may still count the report.
            emit(indicator, false, times, List.of(), removed, timestamp);
        }
        if (holdings.reports().isEmpty()) {
            reports.delete(memberKey);
        } else {
            reports.put(memberKey, holdings.toStored());
        }
        if (restrictedChanged
                || !share
                || !MatchNotices.alreadyNamed(times, member, report.getObservedAt(), windowMs)) {
            notify(indicator, times, member, holdings, timestamp);
        }
        if (times.isEmpty()) {
            forget(indicator);
        } else {
            store.put(indicator, times.toState(correlated));
        }
    }

    /** Sends the private match notices now due; the campaign stage adds the advisory id and routes them. */
    private void notify(String indicator, IndicatorTimes times, String member, Holdings mine, long time) {
        if (times.restricted().isEmpty() && times.notified().isEmpty()) {
            return;
        }
        for (MatchNotice notice : MatchNotices.due(
                indicator,
                times,
                windowMs,
                context().currentSystemTimeMs(),
                m -> m.equals(member) ? mine.reports() : stored(indicator, m))) {
            held.notice(indicator, notice, time);
        }
    }

    private List<ReportLink> stored(String indicator, String member) {
        MemberReports kept = reports.get(indicator + SEPARATOR + member);
        return kept == null ? List.of() : kept.getReports();
    }

    /**
     * Every report holding the indicator now: this member's as just changed, the other members' from
     * the store. Only the members in the summary can hold one inside the window: a member whose times
     * were all pruned has none left.
     */
    private List<ReportLink> allReports(
            String indicator, IndicatorTimes times, String member, Holdings mine, long cutoff) {
        List<ReportLink> all = new ArrayList<>(mine.reports());
        for (String other : times.byMember().keySet()) {
            if (!other.equals(member)) {
                stored(indicator, other).stream()
                        .filter(r -> r.getObservedAt() >= cutoff)
                        .forEach(all::add);
            }
        }
        return all;
    }

    @Override
    public void close() {
        if (held != null) {
            held.clear(); // closed without a commit: the task's uncommitted output goes with it
        }
    }

    private void emit(
            String indicator,
            boolean correlated,
            IndicatorTimes times,
            List<ReportLink> added,
            List<String> removed,
            long time) {
        held.send(
                new IndicatorChange(
                        indicator,
                        correlated,
                        times.spans(),
                        new ArrayList<>(added),
                        new ArrayList<>(removed),
                        time,
                        correlated && times.hub()),
                time);
    }

    /** Deletes everything kept of an indicator, members whose times were pruned from the summary included. */
    private void forget(String indicator) {
        if (store.get(indicator) == null) {
            return; // member entries never outlive the summary
        }
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, MemberReports> it =
                reports.prefixScan(indicator + SEPARATOR, new StringSerializer())) {
            it.forEachRemaining(entry -> keys.add(entry.key));
        }
        keys.forEach(reports::delete);
        store.delete(indicator);
    }

    /**
     * One step of the sweep: forgets indicators with no report inside the window (quietly, see the
     * class comment).
     */
    private void evict() {
        long cutoff = context().currentStreamTimeMs() - windowMs;
        for (KeyValue<String, IndicatorState> entry : sweep.next(store, KeySweep.step(store.approximateNumEntries()))) {
            if (new IndicatorTimes(entry.value).latest() < cutoff) {
                forget(entry.key);
            }
        }
    }
}
