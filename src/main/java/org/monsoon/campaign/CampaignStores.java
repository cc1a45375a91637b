package org.monsoon.campaign;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The campaign stage's state: campaign headers by id, each campaign's indicators and report keys
 * under {@code <campaign id>|...} (read by prefix), and which campaign an indicator belongs to.
 */
final class CampaignStores {
    static final String MEMBERSHIP = "campaign-membership";
    static final String HEADERS = "campaign-state";
    static final String INDICATORS = "campaign-indicators";
    static final String REPORTS = "campaign-reports";
    private static final StringSerializer KEYS = new StringSerializer();

    final KeyValueStore<String, String> membership;
    final KeyValueStore<String, CampaignState> headers;
    final KeyValueStore<String, IndicatorSpans> indicators;
    final KeyValueStore<String, String> reports;

    CampaignStores(ProcessorContext<?, ?> context) {
        membership = context.getStateStore(MEMBERSHIP);
        headers = context.getStateStore(HEADERS);
        indicators = context.getStateStore(INDICATORS);
        reports = context.getStateStore(REPORTS);
    }

    static String key(String campaignId, String member) {
        return campaignId + "|" + member;
    }

    /** A campaign's indicators, indicator key to spans, in key order. */
    Map<String, IndicatorSpans> indicatorsOf(String campaignId) {
        Map<String, IndicatorSpans> out = new LinkedHashMap<>();
        forEach(indicators, campaignId, (indicator, spans) -> out.put(indicator, spans));
        return out;
    }

    /** A campaign's report keys with their stored attributes. */
    Map<String, String> reportsOf(String campaignId) {
        Map<String, String> out = new LinkedHashMap<>();
        forEach(reports, campaignId, out::put);
        return out;
    }

    /** Deletes every indicator and report entry of a campaign, and the campaign. */
    void deleteCampaign(String campaignId) {
        List<String> keys = new ArrayList<>();
        forEach(indicators, campaignId, (k, v) -> keys.add(k));
        keys.forEach(k -> indicators.delete(key(campaignId, k)));
        keys.clear();
        forEach(reports, campaignId, (k, v) -> keys.add(k));
        keys.forEach(k -> reports.delete(key(campaignId, k)));
        headers.delete(campaignId);
    }

    private static <V> void forEach(KeyValueStore<String, V> store, String campaignId,
                                    java.util.function.BiConsumer<String, V> action) {
        String prefix = campaignId + "|";
        try (KeyValueIterator<String, V> it = store.prefixScan(prefix, KEYS)) {
            while (it.hasNext()) {
                KeyValue<String, V> entry = it.next();
                action.accept(entry.key.substring(prefix.length()), entry.value);
            }
        }
    }
}
