package org.monsoon.state;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds RocksDB's off-heap memory for the whole instance: every store of every task shares one block
 * cache and one write-buffer manager charged to it, so memory does not grow with the number of stores
 * and tasks (Kafka Streams' default gives each store its own cache and memtables). Sizes come from
 * {@code rocksdb.total.off.heap.bytes} and {@code rocksdb.total.memtable.bytes} in the Streams
 * configuration, with defaults that suit a 1 GiB heap JVM.
 */
public final class BoundedRocksDb implements RocksDBConfigSetter {
    public static final String TOTAL_OFF_HEAP_CONFIG = "rocksdb.total.off.heap.bytes";
    public static final String TOTAL_MEMTABLE_CONFIG = "rocksdb.total.memtable.bytes";
    static final long DEFAULT_OFF_HEAP = 256L * 1024 * 1024;
    /**
     * Memtables for every store of the instance together, charged to the block cache. With 64 MiB
     * shared by some sixty stores each memtable was flushed small and often, and once the producer
     * compressed its records writes stalled: the stream thread sat inside RocksDB's put, and
     * throughput fell to between a sixth and a third (most likely the flushes fell behind on a busier
     * machine; not established). {@code monsoon bench} runs at full speed with 128 MiB.
     */
    static final long DEFAULT_MEMTABLE = 128L * 1024 * 1024;

    private static Cache cache;
    private static WriteBufferManager writeBuffers;

    private static synchronized void init(Map<String, Object> configs) {
        if (cache == null) {
            long offHeap = size(configs.get(TOTAL_OFF_HEAP_CONFIG), DEFAULT_OFF_HEAP);
            long memtables = size(configs.get(TOTAL_MEMTABLE_CONFIG), DEFAULT_MEMTABLE);
            cache = new LRUCache(offHeap, -1, false, 0.1);
            writeBuffers = new WriteBufferManager(memtables, cache);
        }
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        init(configs);
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(cache);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(writeBuffers);
        options.setTableFormatConfig(table);
        options.setMaxWriteBufferNumber(2);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and write-buffer manager are shared by every store: they live as long as the JVM.
    }

    private static long size(Object value, long fallback) {
        if (value == null) {
            return fallback;
        }
        return value instanceof Number n
                ? n.longValue()
                : Long.parseLong(value.toString().trim());
    }
}
