package org.monsoon.state;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorRecordContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * A bounded map of decoded values in front of a logged key-value store: the record cache of Kafka
 * Streams, but holding objects instead of bytes, in a hash map instead of a sorted map of byte arrays.
 * A hot key is read without a lookup in the store or decoding, and however often it is written between
 * two commits, it is encoded and written to the store (and its changelog) once, when Kafka Streams
 * flushes the caches before it commits ({@link #flushCache()}); so what a commit covers is in the
 * changelog in the same transaction, as with the record cache. A crash loses only what the aborted
 * transaction would have lost anyway. Past its capacity, the least recently used entry gives way, and
 * is written first if it changed.
 *
 * <p>A read returns the object held, not a copy: a caller that changes it must put it back to have the
 * change written (the campaign stage does), and a store read by interactive queries should hold values
 * its writer never changes in place (the correlate stage's), since a query may see the object while it
 * changes. Scans by the stream thread write the changed entries first and then read the store; scans
 * by other threads, and their reads of keys not held here, see the store as of the last flush. Every
 * access is synchronised because interactive queries read from other threads.
 *
 * <p>Build it with {@link #builder} around an uncached store: the record cache below would only repeat
 * the bookkeeping.
 */
public final class DecodedStore<K, V> extends WrappedStateStore<KeyValueStore<K, V>, K, V>
        implements KeyValueStore<K, V> {
    /**
     * A value held here, {@code null} when deleted; {@code dirty} until written to the store, as of the
     * record being processed when it was put (its timestamp goes to the changelog, as from the record
     * cache).
     */
    private static final class Slot<V> {
        final V value;
        /** Dropped once written: a clean entry need not keep the record's context (and headers) alive. */
        ProcessorRecordContext changedBy;

        boolean dirty;

        Slot(V value, boolean dirty, ProcessorRecordContext changedBy) {
            this.value = value;
            this.dirty = dirty;
            this.changedBy = changedBy;
        }
    }

    private final LinkedHashMap<K, Slot<V>> slots;
    /**
     * The keys put since the last flush, so that a flush costs what changed, not the capacity; a key
     * may be listed again after it gave way, or after its value was written.
     */
    private final ArrayDeque<K> dirtyKeys = new ArrayDeque<>();
    /** The thread that wrote last: the stream thread owning the task. */
    private volatile Thread writer;

    private InternalProcessorContext<?, ?> context;

    DecodedStore(KeyValueStore<K, V> inner, int capacity) {
        super(inner);
        this.slots = new LinkedHashMap<>(Math.min(capacity, 1 << 12), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Slot<V>> eldest) {
                if (size() <= capacity) {
                    return false;
                }
                if (eldest.getValue().dirty) {
                    write(eldest.getKey(), eldest.getValue());
                }
                return true;
            }
        };
    }

    /** Wraps {@code inner} (built without caching) with a decoded cache of {@code capacity} entries per task. */
    public static <K, V> org.apache.kafka.streams.state.StoreBuilder<KeyValueStore<K, V>> builder(
            org.apache.kafka.streams.state.StoreBuilder<KeyValueStore<K, V>> inner, int capacity) {
        return new DecodedStoreBuilder<>(inner, capacity);
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        synchronized (this) {
            slots.clear();
            dirtyKeys.clear();
            this.context = (InternalProcessorContext<?, ?>) context;
        }
        super.init(context, root);
    }

    @Override
    public synchronized V get(K key) {
        Slot<V> slot = slots.get(key);
        if (slot != null) {
            return slot.value;
        }
        V value = wrapped().get(key);
        if (value != null && Thread.currentThread() == writer) {
            slots.put(key, new Slot<>(value, false, null));
        }
        return value;
    }

    @Override
    public synchronized void put(K key, V value) {
        writer = Thread.currentThread();
        changed(key, new Slot<>(value, true, context.recordContext()));
    }

    @Override
    public synchronized V putIfAbsent(K key, V value) {
        V current = get(key);
        if (current == null) {
            put(key, value);
        }
        return current;
    }

    @Override
    public synchronized void putAll(List<KeyValue<K, V>> entries) {
        entries.forEach(entry -> put(entry.key, entry.value));
    }

    @Override
    public synchronized V delete(K key) {
        V old = get(key);
        writer = Thread.currentThread();
        changed(key, new Slot<>(null, true, context.recordContext()));
        return old;
    }

    @Override
    public KeyValueIterator<K, V> range(K from, K to) {
        return scan(store -> store.range(from, to));
    }

    @Override
    public KeyValueIterator<K, V> reverseRange(K from, K to) {
        return scan(store -> store.reverseRange(from, to));
    }

    @Override
    public KeyValueIterator<K, V> all() {
        return scan(KeyValueStore::all);
    }

    @Override
    public KeyValueIterator<K, V> reverseAll() {
        return scan(KeyValueStore::reverseAll);
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<K, V> prefixScan(P prefix, PS prefixKeySerializer) {
        return scan(store -> store.prefixScan(prefix, prefixKeySerializer));
    }

    private KeyValueIterator<K, V> scan(Function<KeyValueStore<K, V>, KeyValueIterator<K, V>> scan) {
        if (Thread.currentThread() == writer) {
            flushCache(); // the stream thread sees its own writes
        }
        return scan.apply(wrapped());
    }

    @Override
    public synchronized long approximateNumEntries() {
        return wrapped().approximateNumEntries() + slots.size();
    }

    private void changed(K key, Slot<V> slot) {
        Slot<V> before = slots.put(key, slot);
        if (before == null || !before.dirty) {
            dirtyKeys.add(key);
        }
    }

    /** Writes every changed entry to the store, which logs it; the entries stay here, unchanged. */
    @Override
    public synchronized void flushCache() {
        for (K key = dirtyKeys.poll(); key != null; key = dirtyKeys.poll()) {
            Slot<V> slot = slots.get(key);
            if (slot != null && slot.dirty) {
                write(key, slot);
                if (slot.value == null) {
                    slots.remove(key); // a deletion written needs no place here
                }
            }
        }
        super.flushCache();
    }

    /** Forgets everything held, written or not: Kafka Streams discards the task's uncommitted state. */
    @Override
    public synchronized void clearCache() {
        slots.clear();
        dirtyKeys.clear();
        super.clearCache();
    }

    @Override
    public synchronized void flush() {
        flushCache();
        wrapped().flush();
    }

    @Override
    public synchronized void commit(Map<TopicPartition, Long> changelogOffsets) {
        flushCache();
        super.commit(changelogOffsets);
    }

    @Override
    public synchronized void close() {
        slots.clear();
        dirtyKeys.clear();
        super.close();
    }

    /** Writes one changed entry as of the record that changed it, as the record cache does. */
    private void write(K key, Slot<V> slot) {
        ProcessorRecordContext current = context.recordContext();
        if (slot.changedBy != null) {
            context.setRecordContext(slot.changedBy);
        }
        try {
            if (slot.value == null) {
                wrapped().delete(key);
            } else {
                wrapped().put(key, slot.value);
            }
            slot.dirty = false;
            slot.changedBy = null;
        } finally {
            context.setRecordContext(current);
        }
    }
}
