package org.monsoon.state;

import java.util.List;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * Kafka Streams' persistent key-value store, without a copy of its position for every change it logs.
 * The change-logging layer asks the RocksDB store for its {@link Position} at every put and delete,
 * and the store answers with a deep copy: a map per input topic of the task. The logging layer uses it
 * only to add consistency headers when interactive queries ask for them (an internal setting,
 * {@code __iq.consistency.offset.vector.enabled__}, off unless set). A task that reads the eleven
 * member topics and a repartition topic paid for twelve maps per write, and the profile showed it: 4%
 * of the stream thread. So, with that setting off, this store answers with an empty position; with it
 * on, with the RocksDB store's own. Queries, restoration and the position the RocksDB store keeps and
 * checkpoints are untouched: they use the store's own field, not this answer.
 */
public final class LoggedRocksDb implements KeyValueBytesStoreSupplier {
    private final KeyValueBytesStoreSupplier rocksDb;

    private LoggedRocksDb(KeyValueBytesStoreSupplier rocksDb) {
        this.rocksDb = rocksDb;
    }

    /** In place of {@link Stores#persistentKeyValueStore(String)}: the same store, named the same. */
    public static KeyValueBytesStoreSupplier persistent(String name) {
        return new LoggedRocksDb(Stores.persistentKeyValueStore(name));
    }

    @Override
    public String name() {
        return rocksDb.name();
    }

    @Override
    public KeyValueStore<Bytes, byte[]> get() {
        return new Store(rocksDb.get());
    }

    @Override
    public String metricsScope() {
        return rocksDb.metricsScope();
    }

    /** The RocksDB store, answering for its position as said above. */
    static final class Store extends WrappedStateStore<KeyValueStore<Bytes, byte[]>, Bytes, byte[]>
            implements KeyValueStore<Bytes, byte[]> {
        private final Position none = Position.emptyPosition();
        private boolean consistencyHeaders;

        Store(KeyValueStore<Bytes, byte[]> inner) {
            super(inner);
        }

        @Override
        public void init(StateStoreContext context, StateStore root) {
            Object enabled =
                    context.appConfigs().get(StreamsConfig.InternalConfig.IQ_CONSISTENCY_OFFSET_VECTOR_ENABLED);
            consistencyHeaders = enabled != null && Boolean.parseBoolean(enabled.toString());
            super.init(context, root);
        }

        @Override
        public Position getPosition() {
            return consistencyHeaders ? wrapped().getPosition() : none;
        }

        @Override
        public void put(Bytes key, byte[] value) {
            wrapped().put(key, value);
        }

        @Override
        public byte[] putIfAbsent(Bytes key, byte[] value) {
            return wrapped().putIfAbsent(key, value);
        }

        @Override
        public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
            wrapped().putAll(entries);
        }

        @Override
        public byte[] delete(Bytes key) {
            return wrapped().delete(key);
        }

        @Override
        public byte[] get(Bytes key) {
            return wrapped().get(key);
        }

        @Override
        public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
            return wrapped().range(from, to);
        }

        @Override
        public KeyValueIterator<Bytes, byte[]> reverseRange(Bytes from, Bytes to) {
            return wrapped().reverseRange(from, to);
        }

        @Override
        public KeyValueIterator<Bytes, byte[]> all() {
            return wrapped().all();
        }

        @Override
        public KeyValueIterator<Bytes, byte[]> reverseAll() {
            return wrapped().reverseAll();
        }

        @Override
        public <PS extends Serializer<P>, P> KeyValueIterator<Bytes, byte[]> prefixScan(
                P prefix, PS prefixKeySerializer) {
            return wrapped().prefixScan(prefix, prefixKeySerializer);
        }

        @Override
        public long approximateNumEntries() {
            return wrapped().approximateNumEntries();
        }
    }
}
