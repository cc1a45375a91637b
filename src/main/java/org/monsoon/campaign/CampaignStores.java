package org.monsoon.campaign;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.monsoon.advisory.PublishedCampaigns;
import org.monsoon.schema.CampaignHeader;
import org.monsoon.schema.CampaignIndicator;
import org.monsoon.schema.CampaignReport;
import org.monsoon.serde.BinaryAvroSerde;

/**
 * The campaign stage's state. Headers by campaign id; under {@code <campaign id>|...} (read by
 * prefix) each campaign's indicators, the reports it uses, and links saying which report holds which
 * of its indicators ({@code <campaign id>|<indicator>\0<report key>}); and two indexes: which campaign
 * an indicator belongs to, and which campaign a report is used by (how a report bridges campaigns).
 * Every store is logged, and cached where its keys are hot; every value is bounded by the size of one
 * report or one region.
 */
final class CampaignStores implements PublishedCampaigns {
    static final String MEMBERSHIP = "campaign-membership";
    static final String HEADERS = "campaign-state";
    static final String INDICATORS = "campaign-indicators";
    static final String REPORTS = "campaign-reports";
    static final String LINKS = "campaign-links";
    static final String REPORT_INDEX = "campaign-report-index";
    private static final StringSerializer KEYS = new StringSerializer();
    private static final char LINK_SEPARATOR = '\0';

    final KeyValueStore<String, String> membership;
    final KeyValueStore<String, CampaignHeader> headers;
    final KeyValueStore<String, CampaignIndicator> indicators;
    final KeyValueStore<String, CampaignReport> reports;
    final KeyValueStore<String, byte[]> links;
    final KeyValueStore<String, String> reportIndex;

    CampaignStores(ProcessorContext<?, ?> context) {
        membership = context.getStateStore(MEMBERSHIP);
        headers = context.getStateStore(HEADERS);
        indicators = context.getStateStore(INDICATORS);
        reports = context.getStateStore(REPORTS);
        links = context.getStateStore(LINKS);
        reportIndex = context.getStateStore(REPORT_INDEX);
    }

    /** Builders of every store of the stage. */
    static Set<StoreBuilder<?>> builders() {
        return Set.of(
                cached(store(MEMBERSHIP, Serdes.String())),
                cached(store(HEADERS, BinaryAvroSerde.of(CampaignHeader.class))),
                cached(store(INDICATORS, BinaryAvroSerde.of(CampaignIndicator.class))),
                cached(store(REPORTS, BinaryAvroSerde.of(CampaignReport.class))),
                // Links and the report index are written once per link or report: a record cache would
                // coalesce nothing there and only add its bookkeeping to every put.
                store(LINKS, Serdes.ByteArray()),
                store(REPORT_INDEX, Serdes.String()));
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> store(String name, Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), values);
    }

    /** A store whose hot keys are written many times a commit: the cache turns them into one write. */
    private static <V> StoreBuilder<KeyValueStore<String, V>> cached(StoreBuilder<KeyValueStore<String, V>> store) {
        return store.withCachingEnabled();
    }

    static String key(String campaignId, String member) {
        return campaignId + "|" + member;
    }

    static String linkKey(String campaignId, String indicator, String reportKey) {
        return key(campaignId, indicator) + LINK_SEPARATOR + reportKey;
    }

    @Override
    public CampaignHeader header(String campaignId) {
        return headers.get(campaignId);
    }

    @Override
    public void save(CampaignHeader campaign) {
        headers.put(campaign.getId(), campaign);
    }

    /** A campaign's indicators, indicator key to member spans, in key order. */
    @Override
    public Map<String, CampaignIndicator> indicatorsOf(String campaignId) {
        Map<String, CampaignIndicator> out = new LinkedHashMap<>();
        forEach(indicators, campaignId + "|", out::put);
        return out;
    }

    /** A campaign's reports, report key to what the campaign keeps of it. */
    Map<String, CampaignReport> reportsOf(String campaignId) {
        Map<String, CampaignReport> out = new LinkedHashMap<>();
        forEach(reports, campaignId + "|", out::put);
        return out;
    }

    /** The keys of the reports holding one of a campaign's indicators. */
    List<String> reportsHolding(String campaignId, String indicator) {
        List<String> out = new ArrayList<>();
        forEach(links, key(campaignId, indicator) + LINK_SEPARATOR, (report, v) -> out.add(report));
        return out;
    }

    /** Every link of a campaign, as {@code [indicator, report key]}. */
    List<String[]> linksOf(String campaignId) {
        List<String[]> out = new ArrayList<>();
        forEach(links, campaignId + "|", (rest, v) -> {
            int at = rest.lastIndexOf(LINK_SEPARATOR);
            out.add(new String[] {rest.substring(0, at), rest.substring(at + 1)});
        });
        return out;
    }

    /** Deletes a campaign and everything kept under it, and the index entries that point to it. */
    @Override
    public void deleteCampaign(String campaignId) {
        indicatorsOf(campaignId).keySet().forEach(indicator -> {
            indicators.delete(key(campaignId, indicator));
            if (campaignId.equals(membership.get(indicator))) {
                membership.delete(indicator);
            }
        });
        linksOf(campaignId).forEach(link -> links.delete(linkKey(campaignId, link[0], link[1])));
        reportsOf(campaignId).keySet().forEach(report -> {
            reports.delete(key(campaignId, report));
            if (campaignId.equals(reportIndex.get(report))) {
                reportIndex.delete(report);
            }
        });
        headers.delete(campaignId);
    }

    /** Calls {@code action} with the rest of each key under {@code prefix}; collected first, so it may write. */
    private static <V> void forEach(KeyValueStore<String, V> store, String prefix, BiConsumer<String, V> action) {
        List<KeyValue<String, V>> entries = new ArrayList<>();
        try (KeyValueIterator<String, V> it = store.prefixScan(prefix, KEYS)) {
            while (it.hasNext()) {
                entries.add(it.next());
            }
        }
        entries.forEach(e -> action.accept(e.key.substring(prefix.length()), e.value));
    }
}
