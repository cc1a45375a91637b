package org.monsoon.campaign;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.monsoon.schema.CampaignHeader;

/**
 * Where the campaign stage's wall-clock sweep (expiry, late warninglist entries) goes on from: each
 * sweep takes the next batch of campaigns in key order, at most {@link #MAX_CAMPAIGNS} and about
 * {@link #MAX_INDICATORS} indicators, and wraps around at the end. So one punctuation never costs more
 * than a batch, however many campaigns there are; every campaign is still visited once per cycle.
 * Kept in memory only: after a restart the sweep starts from the beginning again.
 */
final class SweepCursor {
    static final int MAX_CAMPAIGNS = 1_000;
    static final long MAX_INDICATORS = 20_000;

    private String after;

    /** The next batch of campaigns, key and header. */
    List<KeyValue<String, CampaignHeader>> next(KeyValueStore<String, CampaignHeader> headers) {
        List<KeyValue<String, CampaignHeader>> batch = new ArrayList<>();
        long indicators = 0;
        try (KeyValueIterator<String, CampaignHeader> it = after == null ? headers.all() : headers.range(after, null)) {
            while (it.hasNext() && batch.size() < MAX_CAMPAIGNS && (batch.isEmpty() || indicators < MAX_INDICATORS)) {
                KeyValue<String, CampaignHeader> entry = it.next();
                if (entry.key.equals(after)) {
                    continue;
                }
                batch.add(entry);
                indicators += entry.value.getIndicatorCount();
            }
            after = it.hasNext() && !batch.isEmpty() ? batch.get(batch.size() - 1).key : null;
        }
        return batch;
    }
}
