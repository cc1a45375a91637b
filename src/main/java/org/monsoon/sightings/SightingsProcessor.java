package org.monsoon.sightings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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
import org.monsoon.correlate.IndicatorKey;
import org.monsoon.correlate.ReportLinks;
import org.monsoon.dedup.ReportStates;
import org.monsoon.metrics.PipelineMetrics;
import org.monsoon.schema.IncidentReport;
import org.monsoon.schema.ReportLink;
import org.monsoon.schema.ReportState;
import org.monsoon.schema.ReportVersion;
import org.monsoon.schema.SightingKind;
import org.monsoon.schema.SightingPack;
import org.monsoon.serde.BinaryAvroSerde;
import org.monsoon.state.KeySweep;
import org.monsoon.state.LegacyDrain;
import org.monsoon.state.LoggedRocksDb;

/**
 * Stage 3 (sightings), keyed by report: turns each report version into per-indicator changes, packed
 * per destination partition of the indicator ({@link SightingPacks}) so that every sighting of an
 * indicator meets in one task. It remembers the version it last fanned out in the report's one entry
 * ({@link ReportStates}, shared with the dedup stage), with its indicators inline while they fit one
 * pack, else in bounded packs in {@code sightings-indicators} ({@link IndicatorPacks}), so no value
 * grows past a bound with the report; and sends only what changed: an indicator a revision dropped is
 * {@code RETRACTED}, one it keeps with the same attributes is not sent again. A tombstone (null value)
 * retracts everything the report held. A RED or AMBER_STRICT version's indicators go on as
 * {@code RESTRICTED}: they replace whatever the report held as shareable, and the correlate stage uses
 * them for nothing but the reporter's own private match notices. Each sighting carries report identity
 * and attributes only, so its size does not depend on the report.
 *
 * <p>Entries past the retention are forgotten by a bounded sweep on stream time ({@link KeySweep}, a
 * step every 1/48 of the retention), which reads and writes nothing else. State of the
 * release before ({@code sightings-reports}, {@code sightings-expiry}) is read where a report has no
 * fanned-out version yet and moved over in bounded steps ({@link LegacyDrain}).
 */
public final class SightingsProcessor extends ContextualProcessor<String, IncidentReport, String, SightingPack> {
    /** The store of the release before: the fanned-out version per report, now read and drained only. */
    public static final String LEGACY_REPORTS_STORE = "sightings-reports";

    public static final String INDICATORS_STORE = "sightings-indicators";
    /** The time index of the release before, now emptied only. */
    public static final String LEGACY_EXPIRY_STORE = "sightings-expiry";
    /** How often the release before's stores are drained a step, while they are not empty. */
    static final Duration LEGACY_INTERVAL = Duration.ofSeconds(1);

    static final int LEGACY_PER_STEP = 1_000;

    private final long retentionMs;
    private final int partitions;
    private final PipelineMetrics metrics;
    private ReportStates states;
    private IndicatorPacks held;
    private LegacyDrain<String, ReportVersion> legacy;
    private LegacyDrain<Bytes, byte[]> legacyExpiry;
    private final KeySweep sweep = new KeySweep();

    SightingsProcessor(Duration retention, int partitions, PipelineMetrics metrics) {
        this.retentionMs = retention.toMillis();
        this.partitions = partitions;
        this.metrics = metrics;
    }

    /**
     * The stage, with its stores; the topology connects it to {@link ReportStates#STORE} too.
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
                // No record cache on the packs: only reports past one pack use them, each once.
                return Set.of(
                        Stores.keyValueStoreBuilder(
                                LoggedRocksDb.persistent(INDICATORS_STORE), Serdes.String(), Serdes.ByteArray()),
                        Stores.keyValueStoreBuilder(
                                LoggedRocksDb.persistent(LEGACY_REPORTS_STORE),
                                Serdes.String(),
                                BinaryAvroSerde.of(ReportVersion.class)),
                        LegacyDrain.timeIndex(LEGACY_EXPIRY_STORE));
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
        states = new ReportStates(context.getStateStore(ReportStates.STORE));
        held = new IndicatorPacks(context.getStateStore(INDICATORS_STORE));
        legacy = new LegacyDrain<>(context.getStateStore(LEGACY_REPORTS_STORE), (key, version) -> {
            ReportState state = states.get(key);
            if (state == null || state.getFannedOut() == null) {
                states.put(key, fromLegacy(state, version));
            }
        });
        legacyExpiry = new LegacyDrain<>(context.getStateStore(LEGACY_EXPIRY_STORE), (key, value) -> {});
        context.schedule(
                Duration.ofMillis(Math.max(60_000, retentionMs / 48)), PunctuationType.STREAM_TIME, time -> sweep());
        if (!legacy.empty() || !legacyExpiry.empty()) {
            Cancellable[] drain = new Cancellable[1];
            drain[0] = context.schedule(LEGACY_INTERVAL, PunctuationType.WALL_CLOCK_TIME, wall -> {
                legacy.step(LEGACY_PER_STEP);
                legacyExpiry.step(LEGACY_PER_STEP);
                if (legacy.empty() && legacyExpiry.empty()) {
                    drain[0].cancel();
                }
            });
        }
    }

    /** The report's entry with the version the release before fanned out (its indicators in packs). */
    private static ReportState fromLegacy(ReportState state, ReportVersion version) {
        ReportState out = state == null ? ReportStates.empty() : state;
        out.setFannedOut(version.getLink());
        out.setIndicators(new ArrayList<>());
        out.setPacked(true);
        return out;
    }

    /** The report's entry, its fanned-out version taken over from the release before's store if only that has it. */
    private ReportState state(String key) {
        ReportState state = states.get(key);
        if (state == null || state.getFannedOut() == null) {
            ReportVersion version = legacy.get(key);
            if (version != null) {
                state = fromLegacy(state, version);
                legacy.delete(key);
            }
        }
        return state;
    }

    @Override
    public void process(Record<String, IncidentReport> record) {
        String key = record.key();
        IncidentReport report = record.value();
        ReportState state = state(key);
        ReportLink previous = state == null ? null : state.getFannedOut();
        List<String> before = previous == null ? List.of() : state.getPacked() ? held.of(key) : state.getIndicators();
        if (report == null) {
            if (previous == null || ReportLinks.shareable(previous.getTlp())) {
                metrics.withdrawn(ReportLinks.reporterOf(key)); // a restricted report's withdrawal leaves no trace
            }
            if (previous != null) {
                SightingPacks packs = new SightingPacks(partitions, null, previous);
                retract(packs, previous, before);
                send(packs, record.timestamp());
            }
            forget(key, state);
            return;
        }
        ReportLink link = ReportLinks.of(report);
        boolean shareable = ReportLinks.shareable(report.getTlp()); // restricted ones were counted at ingest
        Set<String> now = new LinkedHashSet<>();
        report.getIndicators().forEach(i -> now.add(IndicatorKey.of(i.getType(), i.getValue())));
        Set<String> already = new HashSet<>(before);
        List<String> dropped = before.stream().filter(i -> !now.contains(i)).toList();
        SightingPacks packs = new SightingPacks(partitions, link, previous);
        if (previous != null) {
            retract(packs, previous, dropped);
        }
        boolean sameVersion = previous != null && previous.equals(link);
        boolean wasShareable = previous != null && ReportLinks.shareable(previous.getTlp());
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
        ReportState next = state == null ? ReportStates.empty() : state;
        if (IndicatorPacks.fitOnePack(now)) {
            if (next.getPacked()) {
                held.delete(key);
            }
            next.setIndicators(new ArrayList<>(now));
            next.setPacked(false);
        } else {
            held.replace(key, next.getPacked() ? before : List.of(), now);
            next.setIndicators(new ArrayList<>());
            next.setPacked(true);
        }
        next.setFannedOut(link);
        states.put(key, next);
    }

    private static void retract(SightingPacks packs, ReportLink previous, List<String> indicators) {
        int delta = ReportLinks.shareable(previous.getTlp()) ? -1 : 0;
        for (String indicator : indicators) {
            packs.add(indicator, SightingKind.RETRACTED, delta);
        }
    }

    private void send(SightingPacks packs, long time) {
        for (SightingPack pack : packs.packs()) {
            context().forward(new Record<>(SightingPacks.key(pack), pack, time));
        }
    }

    /** Deletes a report's entry and its packs. */
    private void forget(String key, ReportState state) {
        if (state != null && state.getPacked()) {
            held.delete(key);
        }
        states.delete(key);
    }

    /**
     * One step of the sweep: forgets reports neither stage has seen within the retention (a revision
     * that late changes nothing kept).
     */
    private void sweep() {
        long cutoff = context().currentStreamTimeMs() - retentionMs;
        for (var entry : states.next(sweep, KeySweep.step(states.approximateEntries()))) {
            if (ReportStates.lastSeen(entry.value) < cutoff) {
                forget(entry.key, entry.value);
            }
        }
    }
}
