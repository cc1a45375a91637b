package org.monsoon.sightings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** A report's held indicators in bounded packs: the bounds, round trips, and the earlier release's entries. */
class IndicatorPacksTest {
    private final KeyValueStore<String, byte[]> store = store();

    private static KeyValueStore<String, byte[]> store() {
        KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore("held"), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled()
                .build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        return store;
    }

    private static List<String> urls(int count, int length) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String url = "URL:https://kit-" + i + ".phish.example/";
            out.add(url + "p".repeat(Math.max(0, length - url.length())));
        }
        return out;
    }

    @Test
    void packsHoldAtMost64IndicatorsAnd32KiBAndGiveBackWhatWentIn() {
        for (int length : new int[] {40, 480, 2_100}) {
            List<String> indicators = urls(1_000, length);
            List<byte[]> packs = IndicatorPacks.packs(indicators);
            List<String> back = new ArrayList<>();
            for (byte[] pack : packs) {
                assertTrue(pack.length <= IndicatorPacks.MAX_BYTES, pack.length + " bytes");
                List<String> decoded = IndicatorPacks.decode(pack);
                assertTrue(decoded.size() <= IndicatorPacks.MAX_INDICATORS, decoded.size() + " indicators");
                back.addAll(decoded);
            }
            assertEquals(indicators, back);
        }
        assertEquals(16, IndicatorPacks.packs(urls(1_000, 40)).size(), "ceil(1,000 / 64)");
    }

    @Test
    void aFewIndicatorsAreOneWriteAndAnUnchangedSetWritesNothing() {
        IndicatorPacks packs = new IndicatorPacks(store);
        List<String> three = List.of("DOMAIN:a.example", "DOMAIN:b.example", "MD5:" + "0".repeat(32));
        packs.replace("SG/r-1", List.of(), three);
        assertEquals(1, store.approximateNumEntries());
        assertEquals(three, packs.of("SG/r-1"));
        packs.replace("SG/r-1", three, List.of("DOMAIN:b.example", "MD5:" + "0".repeat(32), "DOMAIN:a.example"));
        assertEquals(three, packs.of("SG/r-1"), "the same set: nothing rewritten");
        packs.replace("SG/r-1", three, urls(100, 40));
        assertEquals(urls(100, 40), packs.of("SG/r-1"));
        assertEquals(2, store.approximateNumEntries());
        packs.replace("SG/r-1", urls(100, 40), List.of("DOMAIN:c.example"));
        assertEquals(List.of("DOMAIN:c.example"), packs.of("SG/r-1"));
        assertEquals(1, store.approximateNumEntries(), "the second pack deleted");
        packs.delete("SG/r-1");
        assertEquals(List.of(), packs.of("SG/r-1"));
    }

    @Test
    void theEarlierReleasesOneEntryPerIndicatorIsReadAndReplaced() {
        store.put("SG/r-1\0DOMAIN:a.example", new byte[0]);
        store.put("SG/r-1\0DOMAIN:b.example", new byte[0]);
        store.put("SG/r-10\0DOMAIN:z.example", new byte[0]);
        IndicatorPacks packs = new IndicatorPacks(store);
        assertEquals(List.of("DOMAIN:a.example", "DOMAIN:b.example"), packs.of("SG/r-1"));
        packs.replace("SG/r-1", packs.of("SG/r-1"), List.of("DOMAIN:a.example"));
        assertEquals(List.of("DOMAIN:a.example"), packs.of("SG/r-1"));
        assertEquals(List.of("DOMAIN:z.example"), packs.of("SG/r-10"), "another report's entries untouched");
        assertEquals(2, store.approximateNumEntries());
    }
}
