package org.monsoon.state;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Where a sweep over a store goes on from: each step reads the next entries in key order, at most a
 * bounded number, and wraps around at the end, so one punctuation never costs more than a step however
 * large the store, and every entry is visited once per cycle. How a stage forgets state past its window
 * without a time index: a time index costs a write per key (and its changelog record), a sweep only
 * reads. The stages step on stream time, as their expiry is: a punctuation makes its task commit, and
 * on wall-clock time an idle pipeline would commit every step. Kept in memory: after a restart the
 * sweep starts from the beginning again.
 */
public final class KeySweep {
    /** Entries a step reads at least, and at most. */
    static final int MIN_STEP = 5_000;

    static final int MAX_STEP = 50_000;

    private String after;

    /**
     * How many entries a step of a stage's expiry sweep reads: a twelfth of the store, so that a step
     * every 1/48 of the horizon sweeps it all within a quarter of it, and between {@link #MIN_STEP} and
     * {@link #MAX_STEP}, so that a punctuation's cost stays bounded.
     */
    public static int step(long approximateEntries) {
        return (int) Math.max(MIN_STEP, Math.min(MAX_STEP, approximateEntries / 12));
    }

    /** The next entries, at most {@code max}. */
    public <V> List<KeyValue<String, V>> next(KeyValueStore<String, V> store, int max) {
        return next(store, max, value -> 0, 0);
    }

    /**
     * The next entries, at most {@code max} and, by {@code weight}, about {@code maxWeight}: an entry
     * is taken while the batch weighs less, so a batch is never empty while the store is not, and an
     * entry heavier than the budget still gets its turn.
     */
    public <V> List<KeyValue<String, V>> next(
            KeyValueStore<String, V> store, int max, ToLongFunction<V> weight, long maxWeight) {
        List<KeyValue<String, V>> batch = new ArrayList<>();
        long weighs = 0;
        try (KeyValueIterator<String, V> it = after == null ? store.all() : store.range(after, null)) {
            while (it.hasNext() && batch.size() < max && (batch.isEmpty() || maxWeight <= 0 || weighs < maxWeight)) {
                KeyValue<String, V> entry = it.next();
                if (!entry.key.equals(after)) {
                    batch.add(entry);
                    weighs += weight.applyAsLong(entry.value);
                }
            }
            after = it.hasNext() && !batch.isEmpty() ? batch.get(batch.size() - 1).key : null;
        }
        return batch;
    }
}
