package org.monsoon.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.WrappedStateStore;
import org.junit.jupiter.api.Test;
import org.monsoon.testing.TestDirs;

/**
 * {@link LoggedRocksDb}: every write still reaches RocksDB and the changelog, and the RocksDB store
 * still tracks its position; only the answer to the logging layer's question is empty, unless
 * consistency headers are asked for.
 */
class LoggedRocksDbTest {
    private static final String STORE = "test-store";

    private static TopologyTestDriver driver(boolean consistencyHeaders) throws Exception {
        StreamsBuilder builder = new StreamsBuilder();
        ProcessorSupplier<String, String, Void, Void> writer = new ProcessorSupplier<>() {
            @Override
            public ContextualProcessor<String, String, Void, Void> get() {
                return new ContextualProcessor<>() {
                    @Override
                    public void process(Record<String, String> record) {
                        KeyValueStore<String, String> store = context().getStateStore(STORE);
                        store.put(record.key(), record.value());
                    }
                };
            }

            @Override
            public java.util.Set<StoreBuilder<?>> stores() {
                return java.util.Set.of(
                        Stores.keyValueStoreBuilder(LoggedRocksDb.persistent(STORE), Serdes.String(), Serdes.String()));
            }
        };
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String())).process(writer);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "logged-rocksdb-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(
                StreamsConfig.STATE_DIR_CONFIG,
                TestDirs.create("logged-rocksdb").toString());
        if (consistencyHeaders) {
            props.put(StreamsConfig.InternalConfig.IQ_CONSISTENCY_OFFSET_VECTOR_ENABLED, true);
        }
        return new TopologyTestDriver(builder.build(), props);
    }

    private static LoggedRocksDb.Store store(TopologyTestDriver driver) {
        Object outer = driver.getAllStateStores().get(STORE);
        return ((WrappedStateStore<?, ?, ?>) outer).findInner(LoggedRocksDb.Store.class);
    }

    @Test
    void writesReachTheStoreAndTheChangelogWhileTheLoggingLayerIsToldNoPosition() throws Exception {
        try (TopologyTestDriver driver = driver(false)) {
            driver.createInputTopic("in", new StringSerializer(), new StringSerializer())
                    .pipeKeyValueList(List.of(new KeyValue<>("a", "1"), new KeyValue<>("b", "2")));

            KeyValueStore<String, String> outer = driver.getKeyValueStore(STORE);
            assertEquals("1", outer.get("a"));
            assertEquals(
                    List.of(new KeyValue<>("a", "1"), new KeyValue<>("b", "2")),
                    driver.createOutputTopic(
                                    "logged-rocksdb-test-" + STORE + "-changelog",
                                    new StringDeserializer(),
                                    new StringDeserializer())
                            .readKeyValuesToList());
            LoggedRocksDb.Store store = store(driver);
            assertTrue(store.getPosition().isEmpty(), "no copy handed to the logging layer");
            assertFalse(store.wrapped().getPosition().isEmpty(), "RocksDB still tracks what it has seen");
        }
    }

    @Test
    void withConsistencyHeadersTheRealPositionIsGiven() throws Exception {
        try (TopologyTestDriver driver = driver(true)) {
            driver.createInputTopic("in", new StringSerializer(), new StringSerializer())
                    .pipeInput("a", "1");

            LoggedRocksDb.Store store = store(driver);
            Position position = store.getPosition();
            assertFalse(position.isEmpty());
            assertEquals(store.wrapped().getPosition(), position);
        }
    }
}
