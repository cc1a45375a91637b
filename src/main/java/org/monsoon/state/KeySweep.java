package org.monsoon.state;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Where a sweep over a store goes on from: each step reads the next entries in key order, at most a
 * bounded number, and wraps around at the end, so one punctuation never costs more than a step however
 * large the store, and every entry is visited once per cycle. How a stage forgets state past its window
 * without a time index: a time index costs a write per key (and its changelog record), a sweep only
 * reads. Kept in memory: after a restart the sweep starts from the beginning again.
 */
public final class KeySweep {
    private String after;

    /** The next entries, at most {@code max}. */
    public <V> List<KeyValue<String, V>> next(KeyValueStore<String, V> store, int max) {
        List<KeyValue<String, V>> batch = new ArrayList<>();
        try (KeyValueIterator<String, V> it = after == null ? store.all() : store.range(after, null)) {
            while (it.hasNext() && batch.size() < max) {
                KeyValue<String, V> entry = it.next();
                if (!entry.key.equals(after)) {
                    batch.add(entry);
                }
            }
            after = it.hasNext() && !batch.isEmpty() ? batch.get(batch.size() - 1).key : null;
        }
        return batch;
    }
}
