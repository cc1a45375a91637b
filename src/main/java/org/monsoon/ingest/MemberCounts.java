package org.monsoon.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.monsoon.state.DecodedStore;
import org.monsoon.state.LoggedRocksDb;

/**
 * Per-member statistics kept as state of the ingest task, so that they count exactly what
 * exactly-once committed (work a crash aborted is not counted, and what was committed is restored with
 * the store), survive restarts, and are the same whichever instance answers (each holds its partitions'
 * counts; the API sums them). Kept: reports received, duplicates dropped and dead letters per code, as
 * totals ({@code <member>|received}, {@code <member>|rejected|<CODE>}) and per ten seconds of wall-clock
 * time for the last hour ({@code @<epoch second>|<member>|<field>}), for the dashboard's charts.
 * RED and AMBER+STRICT reports are not counted here, as in the metrics: nothing per member reveals them.
 */
public final class MemberCounts {
    public static final String STORE = "ingest-member-stats";
    /** Seconds per sample bucket. */
    public static final int SAMPLE_SECONDS = 10;
    /** How long sample buckets are kept. */
    public static final int HISTORY_SECONDS = 3_600;

    public static final String RECEIVED = "received";
    public static final String DUPLICATES = "duplicates";
    public static final String REJECTED = "rejected";

    private final KeyValueStore<String, Long> store;
    private final LongSupplier wallClockMs;

    public MemberCounts(KeyValueStore<String, Long> store, LongSupplier wallClockMs) {
        this.store = store;
        this.wallClockMs = wallClockMs;
    }

    /** The store: logged, with the hot keys (a member's totals, the current bucket) held decoded. */
    public static StoreBuilder<KeyValueStore<String, Long>> builder() {
        return DecodedStore.builder(
                Stores.keyValueStoreBuilder(LoggedRocksDb.persistent(STORE), Serdes.String(), Serdes.Long()), 1_024);
    }

    public void received(String member) {
        add(member, RECEIVED);
    }

    public void duplicate(String member) {
        add(member, DUPLICATES);
    }

    public void rejected(String member, Rejection.Code code) {
        add(member, REJECTED + "|" + code.name());
    }

    private void add(String member, String field) {
        increment(member + "|" + field);
        long second = wallClockMs.getAsLong() / 1_000;
        increment(sampleKey(second - second % SAMPLE_SECONDS, member, field));
    }

    private void increment(String key) {
        Long now = store.get(key);
        store.put(key, now == null ? 1L : now + 1);
    }

    /** The key of one sample bucket's count: epoch seconds zero-padded, so that keys sort by time. */
    public static String sampleKey(long bucket, String member, String field) {
        return String.format("@%011d|%s|%s", bucket, member, field);
    }

    /** Deletes the sample buckets older than {@link #HISTORY_SECONDS}. */
    public void expire() {
        long oldest = wallClockMs.getAsLong() / 1_000 - HISTORY_SECONDS;
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = store.range("@", sampleKey(oldest, "", ""))) {
            while (it.hasNext()) {
                KeyValue<String, Long> entry = it.next();
                old.add(entry.key);
            }
        }
        old.forEach(store::delete);
    }
}
