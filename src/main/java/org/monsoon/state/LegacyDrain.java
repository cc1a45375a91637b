package org.monsoon.state;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * A store of an earlier state format that this release only reads: its entries are read where the
 * new store has none ({@link #get}), and moved out in bounded steps ({@link #step}), each handed to a
 * migration and deleted, until the store is empty. An empty legacy store costs no read at all: whether
 * it is empty is known at start and when a step finds nothing more, so a fresh installation never reads
 * it. The store stays in the topology (its changelog is what an upgraded instance restores from) until a
 * later release drops it.
 */
public final class LegacyDrain<K, V> {
    private final KeyValueStore<K, V> store;
    private final BiConsumer<K, V> migrate;
    private boolean empty;

    /** @param migrate called with each entry a step moves out, before it is deleted */
    public LegacyDrain(KeyValueStore<K, V> store, BiConsumer<K, V> migrate) {
        this.store = store;
        this.migrate = migrate;
        try (KeyValueIterator<K, V> it = store.all()) {
            this.empty = !it.hasNext();
        }
    }

    /**
     * The builder of a time index of state format 3 ({@code [8-byte time bucket][key]} to nothing), which
     * the stages kept for expiry before they swept their stores ({@link KeySweep}): only drained now.
     */
    public static StoreBuilder<KeyValueStore<Bytes, byte[]>> timeIndex(String name) {
        return Stores.keyValueStoreBuilder(LoggedRocksDb.persistent(name), Serdes.Bytes(), Serdes.ByteArray());
    }

    /** Whether nothing is left to move. */
    public boolean empty() {
        return empty;
    }

    /** The legacy entry of {@code key}, or null (always null once empty). */
    public V get(K key) {
        return empty ? null : store.get(key);
    }

    /** Deletes the legacy entry of {@code key}, which the caller has taken over. */
    public void delete(K key) {
        if (!empty) {
            store.delete(key);
        }
    }

    /** Moves out at most {@code max} entries. @return how many */
    public int step(int max) {
        if (empty) {
            return 0;
        }
        List<KeyValue<K, V>> batch = new ArrayList<>();
        try (KeyValueIterator<K, V> it = store.all()) {
            while (it.hasNext() && batch.size() < max) {
                batch.add(it.next());
            }
            empty = !it.hasNext();
        }
        for (KeyValue<K, V> entry : batch) {
            migrate.accept(entry.key, entry.value);
            store.delete(entry.key);
        }
        return batch.size();
    }
}
