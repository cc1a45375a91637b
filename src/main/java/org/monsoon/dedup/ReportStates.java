package org.monsoon.dedup;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.monsoon.schema.ReportState;
import org.monsoon.serde.BinaryAvroSerde;
import org.monsoon.state.DecodedStore;
import org.monsoon.state.KeySweep;
import org.monsoon.state.LoggedRocksDb;

/**
 * The one entry the ingest task keeps per report ({@link ReportState}): deduplication's fingerprint and
 * the version the sightings stage last fanned out, with its indicators when they fit one pack. Both
 * stages write it while one report passes through them, and the decoded cache in front of the store
 * ({@link DecodedStore}) turns the two puts into one changelog record at the commit: a report costs one
 * record here, where it cost four (two entries and two time-index entries) in separate stores.
 *
 * <p>Declared by the dedup stage, which creates entries; the sightings stage, in the same task, is
 * connected to it, forgets entries past the retention with a bounded scan ({@link #next}) and
 * deletes a withdrawn report's. No time index: expiry reads, it does not write.
 */
public final class ReportStates {
    /** The store's name. */
    public static final String STORE = "dedup-reports";

    /** Entries held decoded: the reports passing through both stages within a commit, and redeliveries. */
    static final int HOT_ENTRIES = 8_192;

    private final KeyValueStore<String, ReportState> store;

    public ReportStates(KeyValueStore<String, ReportState> store) {
        this.store = store;
    }

    /** The store's builder. */
    static StoreBuilder<KeyValueStore<String, ReportState>> storeBuilder() {
        return DecodedStore.builder(
                Stores.keyValueStoreBuilder(
                        LoggedRocksDb.persistent(STORE), Serdes.String(), BinaryAvroSerde.of(ReportState.class)),
                HOT_ENTRIES);
    }

    /** A report's entry, or null. The caller puts back whatever it changes. */
    public ReportState get(String reportKey) {
        return store.get(reportKey);
    }

    public void put(String reportKey, ReportState state) {
        store.put(reportKey, state);
    }

    public void delete(String reportKey) {
        store.delete(reportKey);
    }

    /** A new entry: known to neither stage yet. */
    public static ReportState empty() {
        return ReportState.newBuilder()
                .setFingerprint(null)
                .setSeenAt(0)
                .setRevision(0)
                .setFannedOut(null)
                .setIndicators(new ArrayList<>())
                .setPacked(false)
                .build();
    }

    /** The last time either stage saw the report: an entry is forgotten once this is past the retention. */
    public static long lastSeen(ReportState state) {
        long fanned = state.getFannedOut() == null
                ? Long.MIN_VALUE
                : state.getFannedOut().getObservedAt();
        return Math.max(state.getFingerprint() == null ? Long.MIN_VALUE : state.getSeenAt(), fanned);
    }

    /** About how many reports have an entry. */
    public long approximateEntries() {
        return store.approximateNumEntries();
    }

    /** The next entries of a sweep over every report's entry, at most {@code max}. */
    public List<KeyValue<String, ReportState>> next(KeySweep sweep, int max) {
        return sweep.next(store, max);
    }
}
