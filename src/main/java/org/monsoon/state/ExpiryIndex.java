package org.monsoon.state;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * A time index over another store's keys, so that expiry reads only what is due instead of scanning
 * and decoding the whole store. Entries are keyed {@code [8-byte big-endian time bucket][key]}, so a
 * range read from the start up to the cutoff's bucket returns exactly the candidates, oldest first.
 *
 * <p>Entries are never moved: when a key's time advances into a later bucket a new entry is added and
 * the old one stays until its bucket is due; the owner then checks the key's current time before
 * deleting anything (lazy deletion), so the index costs one write per key per bucket, not per update.
 * Each expiry pass handles a bounded number of entries, so its cost never grows with total state.
 */
public final class ExpiryIndex {
    /** Entries one pass looks at; the rest wait for the next pass. */
    public static final int MAX_PER_PASS = 10_000;

    private static final byte[] EMPTY = new byte[0];

    private final KeyValueStore<Bytes, byte[]> store;
    private final long bucketMs;

    /** @param bucketMs the time granularity of the index: keys expire up to one bucket late */
    public ExpiryIndex(KeyValueStore<Bytes, byte[]> store, long bucketMs) {
        this.store = store;
        this.bucketMs = Math.max(1, bucketMs);
    }

    /** The index {@code name} of the processor's context. */
    public static ExpiryIndex of(ProcessorContext<?, ?> context, String name, long bucketMs) {
        return new ExpiryIndex(context.getStateStore(name), bucketMs);
    }

    /**
     * A logged store for an index named {@code name}. Not cached: an entry is written once per key per
     * bucket and read only by the expiry pass, so a record cache would coalesce nothing and only add
     * its bookkeeping to every write.
     */
    public static StoreBuilder<KeyValueStore<Bytes, byte[]>> storeBuilder(String name) {
        return Stores.keyValueStoreBuilder(LoggedRocksDb.persistent(name), Serdes.Bytes(), Serdes.ByteArray());
    }

    /**
     * Records that {@code key} is due at {@code time}; {@code previousTime} is what was recorded before
     * (or {@link Long#MIN_VALUE}), so that nothing is written while the key stays in its bucket.
     */
    public void record(String key, long time, long previousTime) {
        if (previousTime != Long.MIN_VALUE && bucket(previousTime) == bucket(time)) {
            return;
        }
        store.put(indexKey(bucket(time), key), EMPTY);
    }

    /**
     * Hands every key recorded in a bucket wholly before {@code cutoff} to {@code due}, oldest first, at
     * most {@link #MAX_PER_PASS} of them, and forgets those entries. {@code due} must check the key's
     * current time itself: a key may have moved on since it was recorded.
     */
    public void expire(long cutoff, Consumer<String> due) {
        long last = bucket(cutoff) - 1;
        if (last < 0) {
            return;
        }
        List<Bytes> entries = new ArrayList<>();
        // Collect first, delete after: the store must not change under its own iterator.
        try (KeyValueIterator<Bytes, byte[]> it = store.range(indexKey(0, ""), indexKey(last + 1, ""))) {
            while (it.hasNext() && entries.size() < MAX_PER_PASS) {
                KeyValue<Bytes, byte[]> entry = it.next();
                if (entry.key.get().length >= Long.BYTES
                        && ByteBuffer.wrap(entry.key.get()).getLong() <= last) {
                    entries.add(entry.key);
                }
            }
        }
        for (Bytes entry : entries) {
            store.delete(entry);
            byte[] raw = entry.get();
            due.accept(new String(raw, Long.BYTES, raw.length - Long.BYTES, StandardCharsets.UTF_8));
        }
    }

    private long bucket(long time) {
        return Math.max(0, time) / bucketMs;
    }

    private static Bytes indexKey(long bucket, String key) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES + k.length)
                .putLong(bucket)
                .put(k)
                .array());
    }
}
