package org.monsoon.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.monsoon.testing.TestDirs;

/**
 * {@link DecodedStore} on a real task (TopologyTestDriver commits after every record): what reaches the
 * changelog, what a processor reads back, eviction past the capacity, deletions and scans.
 *
 * <p>The test processor runs commands: {@code put k v}, {@code delete k}, {@code scan prefix}
 * (answers {@code key=value} pairs), {@code get k}, separated by {@code ;} within one record.
 */
class DecodedStoreTest {
    private static final String STORE = "test-store";
    private static final String CHANGELOG = "decoded-test-" + STORE + "-changelog";

    @AutoClose
    private TopologyTestDriver driver;

    private TestInputTopic<String, String> input;
    private final List<String> answers = new ArrayList<>();

    private void start(int capacity) throws java.io.IOException {
        StoreBuilder<KeyValueStore<String, String>> store = DecodedStore.builder(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.String()),
                capacity);
        Topology topology = new Topology();
        topology.addSource("in", new StringDeserializer(), new StringDeserializer(), "commands");
        topology.addProcessor("run", (ProcessorSupplier<String, String, Void, Void>) () -> new Commands(), "in");
        topology.addStateStore(store, "run");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "decoded-test");
        props.put(
                StreamsConfig.STATE_DIR_CONFIG, TestDirs.create("decoded-store").toString());
        driver = new TopologyTestDriver(topology, props);
        input = driver.createInputTopic("commands", new StringSerializer(), new StringSerializer());
    }

    private final class Commands extends ContextualProcessor<String, String, Void, Void> {
        private KeyValueStore<String, String> store;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            super.init(context);
            store = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, String> record) {
            for (String command : record.value().split(";")) {
                String[] words = command.trim().split(" ");
                switch (words[0]) {
                    case "put" -> store.put(words[1], words[2]);
                    case "delete" -> store.delete(words[1]);
                    case "get" -> answers.add(String.valueOf(store.get(words[1])));
                    case "scan" -> {
                        List<String> found = new ArrayList<>();
                        try (KeyValueIterator<String, String> it = store.prefixScan(words[1], new StringSerializer())) {
                            it.forEachRemaining(kv -> found.add(kv.key + "=" + kv.value));
                        }
                        answers.add(String.join(",", found));
                    }
                    default -> throw new IllegalArgumentException(command);
                }
            }
        }
    }

    private List<KeyValue<String, String>> changelog() {
        return driver.createOutputTopic(CHANGELOG, new StringDeserializer(), new StringDeserializer())
                .readKeyValuesToList();
    }

    @Test
    void aKeyWrittenManyTimesBeforeACommitReachesTheChangelogOnceWithItsLastValue() throws Exception {
        start(100);
        input.pipeInput("r", "put a 1; put a 2; get a; put a 3; put b 1");
        assertEquals(List.of("2"), answers);
        assertEquals(List.of(KeyValue.pair("a", "3"), KeyValue.pair("b", "1")), changelog());
        input.pipeInput("r", "get a; put a 4");
        assertEquals(List.of("2", "3"), answers);
        assertEquals(List.of(KeyValue.pair("a", "4")), changelog(), "one write per commit, unchanged keys none");
        assertEquals("4", driver.<String, String>getKeyValueStore(STORE).get("a"));
    }

    @Test
    void entriesPastTheCapacityAreWrittenBeforeTheyGiveWayAndReadBackFromTheStore() throws Exception {
        start(2);
        input.pipeInput("r", "put a 1; put b 2; put c 3; put d 4; get a; get b; get c; get d");
        assertEquals(List.of("1", "2", "3", "4"), answers);
        List<KeyValue<String, String>> written = changelog();
        written.sort((x, y) -> x.key.compareTo(y.key));
        assertEquals(
                List.of(
                        KeyValue.pair("a", "1"),
                        KeyValue.pair("b", "2"),
                        KeyValue.pair("c", "3"),
                        KeyValue.pair("d", "4")),
                written);
    }

    @Test
    void aKeyThatGaveWayAndCameBackIsWrittenAgainWithItsNewValue() throws Exception {
        start(1);
        input.pipeInput("r", "put a 1; put b 2; put a 3; get b");
        assertEquals(List.of("2"), answers);
        assertEquals(List.of(KeyValue.pair("a", "1"), KeyValue.pair("b", "2"), KeyValue.pair("a", "3")), changelog());
        assertEquals("3", driver.<String, String>getKeyValueStore(STORE).get("a"));
    }

    @Test
    void aDeletionHidesTheValueAtOnceAndReachesTheChangelogAsATombstone() throws Exception {
        start(100);
        input.pipeInput("r", "put a 1");
        changelog();
        input.pipeInput("r", "delete a; get a");
        assertEquals(List.of("null"), answers);
        assertEquals(List.of(KeyValue.pair("a", (String) null)), changelog());
        assertNull(driver.<String, String>getKeyValueStore(STORE).get("a"));
        input.pipeInput("r", "delete never; get never");
        assertEquals(List.of("null", "null"), answers);
    }

    @Test
    void aScanByTheProcessorSeesItsOwnWritesOfTheSameRecord() throws Exception {
        start(100);
        input.pipeInput("r", "put x|1 a; put y|1 b");
        input.pipeInput("r", "put x|2 c; delete x|1; put x|3 d; scan x|");
        assertEquals(List.of("x|2=c,x|3=d"), answers);
    }
}
