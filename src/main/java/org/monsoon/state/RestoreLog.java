package org.monsoon.state;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says in the log when a store is rebuilt from its changelog, and how long that took: after a crash
 * under exactly-once Kafka Streams wipes the local state of the tasks it cannot trust, and an operator
 * waiting for readiness should see why. A restore from offset 0 of a non-empty changelog means the local
 * copy was missing or wiped; a restore from a later offset only catches up. Restores run on the stream
 * thread (or the state updater), so this is called from few threads and stays cheap.
 */
public final class RestoreLog implements StateRestoreListener {
    private static final Logger LOG = LoggerFactory.getLogger(RestoreLog.class);

    private final Map<TopicPartition, Long> started = new ConcurrentHashMap<>();

    @Override
    public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
        started.put(partition, System.nanoTime());
        long records = endingOffset - startingOffset;
        if (startingOffset == 0 && records > 0) {
            LOG.info(
                    "Rebuilding store {} (partition {}) from its changelog, up to {} records: its local copy was"
                            + " missing or wiped",
                    store,
                    partition.partition(),
                    records);
        } else if (records > 0) {
            LOG.debug("Catching store {} (partition {}) up by up to {} records", store, partition.partition(), records);
        }
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {}

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        Long since = started.remove(partition);
        if (since != null && totalRestored > 0) {
            LOG.info(
                    "Store {} (partition {}) restored: {} records in {} ms",
                    store,
                    partition.partition(),
                    totalRestored,
                    (System.nanoTime() - since) / 1_000_000);
        }
    }
}
