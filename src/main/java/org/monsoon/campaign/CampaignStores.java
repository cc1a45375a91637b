package org.monsoon.campaign;

import java.util.ArrayList;
import java.util.Collection;
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
import org.monsoon.advisory.AdvisoryViews;
import org.monsoon.advisory.PublishedCampaigns;
import org.monsoon.advisory.Uuid5;
import org.monsoon.schema.AdvisoryIndicator;
import org.monsoon.schema.AdvisoryStatus;
import org.monsoon.schema.CampaignHeader;
import org.monsoon.schema.CampaignIndicator;
import org.monsoon.schema.CampaignReport;
import org.monsoon.serde.BinaryAvroSerde;
import org.monsoon.state.DecodedStore;
import org.monsoon.state.LoggedRocksDb;

/**
 * The campaign stage's state. A campaign is a tree of <em>parts</em> ({@link CampaignForest}): every
 * campaign ever founded is one, and a merge attaches one tree under another without moving anything.
 * Headers by campaign key (the root part's); under {@code <part>|...} (read by prefix) the indicators
 * and reports written while the part was a campaign of its own or since (a report's entry lists the
 * first indicators it holds), and the links of reports holding more ({@code
 * <part>|<indicator>\0<report key>}, under the indicator's part); and two indexes: the part an indicator is
 * kept under, and where a report counts ({@link ReportPlaces}: how a report bridges campaigns). A
 * campaign's key is its founding advisory id; state of the release before can keep a surviving id
 * under another key (see {@link PublishedCampaigns}).
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
    static final String RETIRED = "campaign-retired";
    static final String PARTS = CampaignForest.STORE;
    private static final StringSerializer KEYS = new StringSerializer();
    /** Decoded entries kept per cached store: the campaigns, indicators and reports changing now. */
    static final int HOT_ENTRIES = 8_192;

    private static final char LINK_SEPARATOR = '\0';
    /**
     * Prefix, in the membership store, of the entries saying under which key an advisory id lives when a
     * merge moved it; no canonical indicator starts with a NUL.
     */
    private static final String MOVED = "\0moved|";

    final KeyValueStore<String, String> membership;
    final KeyValueStore<String, CampaignHeader> headers;
    /**
     * Private, so that nothing writes an indicator past {@link #putIndicator} and {@link #deleteIndicator}:
     * the advisory views must see every write, or a published advisory would list stale indicators.
     */
    private final KeyValueStore<String, CampaignIndicator> indicators;

    final KeyValueStore<String, CampaignReport> reports;
    final KeyValueStore<String, byte[]> links;
    /** Which campaign each part belongs to. */
    final CampaignForest forest;
    /** Where each report counts. */
    final ReportIndex index;
    /**
     * What is left of each advisory whose campaign was forgotten or merged away, by advisory id: its
     * version, status, title and span. An advisory id exists as long as the compacted topic holds it, so
     * a campaign that re-forms under the id of a forgotten one continues its versions, and the id of a
     * MERGED one is never given to another campaign. One small entry per advisory ever retired.
     */
    private final KeyValueStore<String, CampaignHeader> retired;
    /** Published campaigns' indicators in advisory order, told of every indicator written below. */
    private final AdvisoryViews views = new AdvisoryViews(AdvisoryViews.DEFAULT_CAPACITY);

    /** Told how the number of hub indicators in every campaign changes. */
    private final java.util.function.IntConsumer hubs;

    /** @param hubs told how the number of hub indicators in every campaign changes */
    CampaignStores(ProcessorContext<?, ?> context, java.util.function.IntConsumer hubs) {
        this.hubs = hubs;
        membership = context.getStateStore(MEMBERSHIP);
        headers = context.getStateStore(HEADERS);
        indicators = context.getStateStore(INDICATORS);
        reports = context.getStateStore(REPORTS);
        links = context.getStateStore(LINKS);
        retired = context.getStateStore(RETIRED);
        forest = new CampaignForest(context.getStateStore(PARTS));
        index = new ReportIndex(context.getStateStore(REPORT_INDEX), forest);
    }

    /** Builders of every store of the stage. */
    static Set<StoreBuilder<?>> builders() {
        return Set.of(
                cached(store(MEMBERSHIP, Serdes.String())),
                cached(store(HEADERS, BinaryAvroSerde.of(CampaignHeader.class))),
                cached(store(INDICATORS, BinaryAvroSerde.of(CampaignIndicator.class))),
                cached(store(REPORTS, BinaryAvroSerde.of(CampaignReport.class))),
                // The report index is written once per report but read for every report an event adds,
                // about four times per report: held decoded, the later reads cost no RocksDB lookup
                // (profiled: RocksDB gets were the campaign stage's largest native cost).
                cached(store(REPORT_INDEX, Serdes.String())),
                // Read for every indicator and report an event touches, written on merges only.
                cached(store(PARTS, Serdes.String())),
                // Links (only a large report's) are written once per link and read once before: a cache
                // would save nothing there and only add its bookkeeping to every put.
                store(LINKS, Serdes.ByteArray()),
                // Read once per new campaign and written once per retired advisory.
                store(RETIRED, BinaryAvroSerde.of(CampaignHeader.class)));
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> store(String name, Serde<V> values) {
        return Stores.keyValueStoreBuilder(LoggedRocksDb.persistent(name), Serdes.String(), values);
    }

    /**
     * A store whose hot keys are read and written many times a commit: decoded values in front of it
     * ({@link DecodedStore}) turn them into one write. The stage's code puts every value it changes, and
     * changes none it has not put back: the decoded cache returns the same objects.
     */
    private static <V> StoreBuilder<KeyValueStore<String, V>> cached(StoreBuilder<KeyValueStore<String, V>> store) {
        return DecodedStore.builder(store, HOT_ENTRIES);
    }

    static String key(String campaign, String member) {
        return campaign + "|" + member;
    }

    static String linkKey(String campaign, String indicator, String reportKey) {
        return key(campaign, indicator) + LINK_SEPARATOR + reportKey;
    }

    @Override
    public CampaignHeader header(String key) {
        return headers.get(key);
    }

    @Override
    public void save(String key, CampaignHeader campaign) {
        headers.put(key, campaign);
    }

    @Override
    public Collection<AdvisoryIndicator> advisoryIndicators(String campaign) {
        return views.indicators(campaign, this::indicatorsOf);
    }

    /** The part an indicator's state is kept under, or null when no campaign holds it. */
    String partOf(String indicator) {
        return membership.get(indicator);
    }

    /** The campaign (its root key) holding an indicator, or null. */
    String campaignOf(String indicator) {
        String part = partOf(indicator);
        return part == null ? null : forest.root(part);
    }

    /** One of a campaign's indicators, with its member spans, kept under {@code part}, or null. */
    CampaignIndicator indicator(String part, String indicator) {
        return indicators.get(key(part, indicator));
    }

    /**
     * Writes one of a campaign's indicators under {@code part}, the campaign rooted at {@code campaign};
     * every write goes through here, so that its view follows.
     */
    void putIndicator(String part, String campaign, String indicator, CampaignIndicator spans) {
        indicators.put(key(part, indicator), spans);
        views.put(campaign, indicator, spans);
    }

    /** Deletes one of a campaign's indicators; every delete goes through here, so that its view follows. */
    void deleteIndicator(String part, String campaign, String indicator) {
        indicators.delete(key(part, indicator));
        views.remove(campaign, indicator);
    }

    /** A campaign's indicators over all its parts, indicator key to member spans. */
    Map<String, CampaignIndicator> indicatorsOf(String campaign) {
        Map<String, CampaignIndicator> out = new LinkedHashMap<>();
        forest.parts(campaign).forEach(part -> forEach(indicators, part + "|", out::put));
        return out;
    }

    /** The campaign {@code absorbed} now belongs to {@code survivor}: their views become one. */
    void absorbView(String survivor, String absorbed) {
        views.absorb(survivor, absorbed, () -> indicatorsOf(absorbed));
    }

    /** The reports a part keeps, report key to what the campaign keeps of it. */
    Map<String, CampaignReport> reportsOf(String part) {
        Map<String, CampaignReport> out = new LinkedHashMap<>();
        forEach(reports, part + "|", out::put);
        return out;
    }

    /** The keys of the reports linked on their own to an indicator kept under {@code part}. */
    List<String> reportsLinkedTo(String part, String indicator) {
        List<String> out = new ArrayList<>();
        forEach(links, key(part, indicator) + LINK_SEPARATOR, (report, v) -> out.add(report));
        return out;
    }

    /** Every link kept under a part, as {@code [indicator, report key]}. */
    List<String[]> linksOf(String part) {
        List<String[]> out = new ArrayList<>();
        forEach(links, part + "|", (rest, v) -> {
            int at = rest.lastIndexOf(LINK_SEPARATOR);
            out.add(new String[] {rest.substring(0, at), rest.substring(at + 1)});
        });
        return out;
    }

    /** The key of the campaign publishing {@code advisoryId} when a merge moved it there, else null. */
    String movedTo(String advisoryId) {
        return membership.get(MOVED + advisoryId);
    }

    /** Forgets where a retired advisory id lived, if it was moved. */
    void retired(String advisoryId) {
        membership.delete(MOVED + advisoryId);
    }

    /**
     * The id of a campaign founded by {@code indicator}: a UUIDv5 of it, so that reprocessing gives the
     * same ids. An advisory of that id left with no indicator (withdrawn, say) comes back under it. If
     * another campaign still publishes that id (the indicator founded it and it lives on without it),
     * the next free id of a deterministic sequence is taken instead: the two are not connected.
     */
    String freshId(String indicator) {
        String id = Uuid5.of(Uuid5.MONSOON, indicator).toString();
        for (int n = 1; !free(id); n++) {
            id = Uuid5.of(Uuid5.MONSOON, indicator + "#" + n).toString();
        }
        return id;
    }

    private boolean free(String id) {
        if (forest.merged(id)) {
            return false; // its state lives on as a part of the campaign it merged into
        }
        CampaignHeader kept = headers.get(id);
        if (kept == null) {
            CampaignHeader gone = retired.get(id);
            return movedTo(id) == null && (gone == null || gone.getStatus() != AdvisoryStatus.MERGED);
        }
        return movedTo(id) == null
                && kept.getIndicatorCount() == 0
                && kept.getId().equals(id);
    }

    /**
     * Keeps what analysts were last told of an advisory whose campaign is deleted: its id, version,
     * status, title and span, with no aggregate (nothing it counted is kept).
     */
    void retire(CampaignHeader published) {
        if (published.getVersion() == 0) {
            return; // never published: the id was never seen
        }
        CampaignHeader kept = CampaignAggregates.newCampaign(published.getId(), published.getCreatedAt());
        kept.setStatus(published.getStatus());
        kept.setVersion(published.getVersion());
        kept.setUpdatedAt(published.getUpdatedAt());
        kept.setFirstSeen(published.getFirstSeen());
        kept.setLastSeen(published.getLastSeen());
        kept.setSupersededBy(published.getSupersededBy());
        kept.setDigest(published.getDigest());
        kept.setPublishedTlp(published.getPublishedTlp());
        kept.setTitle(published.getTitle());
        kept.setFounder(published.getFounder());
        kept.setPublishedReportCount(published.getPublishedReportCount());
        kept.setPublishedAt(published.getPublishedAt());
        retired.put(published.getId(), kept);
    }

    /**
     * The advisory {@code id} as it was retired, taken out of the retired ones to live again as a
     * campaign (its versions going on), or null when it was never retired.
     */
    CampaignHeader revive(String id) {
        CampaignHeader kept = retired.get(id);
        if (kept != null) {
            retired.delete(id);
        }
        return kept;
    }

    /** The number of hub indicators in every campaign changed by {@code delta}. */
    void hubs(int delta) {
        if (delta != 0) {
            hubs.accept(delta);
        }
    }

    /** Deletes a campaign, everything kept under each of its parts, and the index entries that point to them. */
    @Override
    public void deleteCampaign(String campaign) {
        CampaignHeader header = headers.get(campaign);
        if (header != null) {
            hubs(-header.getHubIndicators());
        }
        if (header != null && campaign.equals(movedTo(header.getId()))) {
            retired(header.getId()); // moved by a merge of the release before
        }
        for (String part : forest.parts(campaign)) {
            Map<String, CampaignIndicator> held = new LinkedHashMap<>();
            forEach(indicators, part + "|", held::put);
            held.keySet().forEach(indicator -> {
                indicators.delete(key(part, indicator));
                if (part.equals(membership.get(indicator))) {
                    membership.delete(indicator);
                }
            });
            linksOf(part).forEach(link -> links.delete(linkKey(part, link[0], link[1])));
            reportsOf(part).keySet().forEach(report -> {
                reports.delete(key(part, report));
                index.places(report, index.places(report).without(part));
            });
        }
        forest.delete(campaign);
        headers.delete(campaign);
        views.drop(campaign);
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
