package org.monsoon.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.monsoon.schema.CampaignHeader;
import org.monsoon.serde.BinaryAvroSerde;
import org.monsoon.state.KeySweep;

/**
 * The campaign stage's sweep ({@link KeySweep} with its budgets): each step takes a bounded batch and
 * the batches cover every campaign once per cycle.
 */
class CampaignSweepTest {

    private static KeyValueStore<String, CampaignHeader> headers(int campaigns, int indicatorsEach) {
        KeyValueStore<String, CampaignHeader> store = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore("h"), Serdes.String(), BinaryAvroSerde.of(CampaignHeader.class))
                .withLoggingDisabled()
                .build();
        MockProcessorContext<String, String> context = new MockProcessorContext<>();
        store.init(context.getStateStoreContext(), store);
        for (int i = 0; i < campaigns; i++) {
            CampaignHeader h = CampaignAggregates.newCampaign(String.format("c%05d", i), 0);
            h.setIndicatorCount(indicatorsEach);
            store.put(h.getId(), h);
        }
        return store;
    }

    private static List<Integer> batchSizes(
            KeySweep cursor, KeyValueStore<String, CampaignHeader> store, int sweeps, List<String> seen) {
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < sweeps; i++) {
            List<KeyValue<String, CampaignHeader>> batch = cursor.next(
                    store,
                    CampaignProcessor.SWEEP_CAMPAIGNS,
                    CampaignHeader::getIndicatorCount,
                    CampaignProcessor.SWEEP_INDICATORS);
            batch.forEach(h -> seen.add(h.key));
            sizes.add(batch.size());
        }
        return sizes;
    }

    @Test
    void batchesAreBoundedByCampaignsAndCoverEveryCampaignOncePerCycle() {
        KeyValueStore<String, CampaignHeader> store = headers(2_500, 1);
        List<String> seen = new ArrayList<>();
        assertEquals(List.of(1_000, 1_000, 500, 1_000), batchSizes(new KeySweep(), store, 4, seen));
        assertEquals(2_500, seen.subList(0, 2_500).stream().distinct().count());
        assertEquals("c00000", seen.get(2_500), "wraps around");
    }

    @Test
    void batchesAreBoundedByIndicatorsButNeverEmpty() {
        List<String> seen = new ArrayList<>();
        assertEquals(List.of(4, 4, 2, 4), batchSizes(new KeySweep(), headers(10, 5_000), 4, seen));
        assertEquals(
                List.of(1, 1),
                batchSizes(new KeySweep(), headers(2, 50_000), 2, new ArrayList<>()),
                "a campaign bigger than the budget still gets its turn");
    }

    @Test
    void anEmptyStoreGivesEmptyBatches() {
        assertEquals(List.of(0, 0), batchSizes(new KeySweep(), headers(0, 0), 2, new ArrayList<>()));
    }
}
