package org.monsoon.campaign;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.StoreBuilder;
import org.monsoon.advisory.AdvisoryExpiry;
import org.monsoon.advisory.AdvisoryPublisher;
import org.monsoon.correlate.IndicatorKey;
import org.monsoon.correlate.ReportLinks;
import org.monsoon.metrics.PipelineMetrics;
import org.monsoon.schema.Advisory;
import org.monsoon.schema.AdvisoryStatus;
import org.monsoon.schema.CampaignChange;
import org.monsoon.schema.CampaignHeader;
import org.monsoon.schema.IndicatorChange;
import org.monsoon.schema.MatchNotice;
import org.monsoon.schema.NoticeState;
import org.monsoon.schema.ReportLink;
import org.monsoon.state.KeySweep;
import org.monsoon.warninglist.WarninglistStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stages 5 and 6 (campaign, advisory): clusters correlated indicators into campaigns (connected when
 * one shareable report holds both), merges campaigns a report bridges, takes back what revised or
 * withdrawn reports contributed, and publishes a new advisory version only on a material change. It
 * also passes on the correlate stage's private match notices, with the advisory id when one lists the
 * indicator. Its input is a {@link CampaignChange}, one of the two kinds; its outputs go to two named
 * nodes, {@link Advisory} records to {@link #ADVISORIES} and {@link MatchNotice} records to
 * {@link #NOTICES}.
 *
 * <p>This stage runs on a single partition: connected components need every edge in one place, and the
 * correlate stage sends only changes. Work per event does not depend on the campaign's size; the
 * bookkeeping of which report holds which indicator lives in {@link CampaignLinks}; changed campaigns
 * are published by {@link AdvisoryPublisher}, and only then is the full advisory built. The advisory
 * id is a UUIDv5 of the indicator that founded the campaign, so reprocessing gives the same ids. A
 * hub indicator (see {@link org.monsoon.correlate.CorrelateProcessor}) is listed in the campaign it is in,
 * or founds one of its own, but its reports do not lead to their other campaigns. A
 * wall-clock sweep expires campaigns with no sighting for the window (time moves with the stream, plus
 * wall time elapsed since the stream last advanced, so a quiet region still expires) and drops
 * indicators warninglisted after they correlated; a campaign left with none is WITHDRAWN.
 */
public final class CampaignProcessor extends ContextualProcessor<String, CampaignChange, String, SpecificRecord> {
    /** The node advisories go to: the topology names it so, and each kind of output has its own. */
    public static final String ADVISORIES = "campaign-output-advisories";
    /** The node private match notices go to. */
    public static final String NOTICES = "campaign-output-notices";

    private static final Logger LOG = LoggerFactory.getLogger(CampaignProcessor.class);
    private final long windowMs;
    private final int minCountries;
    private final Duration refresh;
    private final PipelineMetrics metrics;
    private CampaignStores stores;
    private CampaignLinks links;
    private WarninglistStore warninglist;
    private long effectiveTime = Long.MIN_VALUE;
    private long lastWall = Long.MIN_VALUE;
    private AdvisoryPublisher publisher;
    private CampaignMerges merges;
    /** ACTIVE campaigns: counted once at start, then kept up to date as statuses change. */
    private long active;
    /** Hub indicators in every campaign: counted once at start, then kept up to date. */
    private long hubs;

    /**
     * The sweep (expiry, late warninglist entries) takes at most this many campaigns per step and about
     * {@link #SWEEP_INDICATORS} indicators, so one punctuation never costs more than a step however many
     * campaigns there are; every campaign is still visited once per cycle.
     */
    static final int SWEEP_CAMPAIGNS = 1_000;

    static final long SWEEP_INDICATORS = 20_000;
    private final KeySweep sweepCursor = new KeySweep();

    CampaignProcessor(Duration window, int minCountries, Duration refresh, PipelineMetrics metrics) {
        this.windowMs = window.toMillis();
        this.minCountries = minCountries;
        this.refresh = refresh;
        this.metrics = metrics;
    }

    /**
     * The stage, with its stores.
     *
     * @param minCountries members that make an indicator correlated, and an advisory's severity and actions
     * @param refresh how long a report count that alone changed may wait for the next version
     */
    public static ProcessorSupplier<String, CampaignChange, String, SpecificRecord> supplier(
            Duration window, int minCountries, Duration refresh, PipelineMetrics metrics) {
        return new ProcessorSupplier<>() {
            @Override
            public CampaignProcessor get() {
                return new CampaignProcessor(window, minCountries, refresh, metrics);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return CampaignStores.builders();
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        super.init(context);
        stores = new CampaignStores(context, delta -> metrics.hubIndicators(hubs += delta));
        publisher = new AdvisoryPublisher(
                stores,
                metrics,
                minCountries,
                refresh,
                context::currentSystemTimeMs,
                advisory -> context.forward(advisory, ADVISORIES));
        links = new CampaignLinks(stores, publisher::reportJoined);
        merges = new CampaignMerges(stores, links, publisher, this::status);
        warninglist = new WarninglistStore(context.getStateStore(WarninglistStore.STORE), context::currentSystemTimeMs);
        // Every 30 s, or a quarter of a short window, so that expiry never lags the window by much.
        context.schedule(AdvisoryExpiry.sweepInterval(windowMs), PunctuationType.WALL_CLOCK_TIME, wall -> sweep());
        context.schedule(
                AdvisoryPublisher.FLUSH_INTERVAL,
                PunctuationType.WALL_CLOCK_TIME,
                wall -> publisher.flush(streamTime(), context.currentSystemTimeMs()));
        int completed = stores.index.complete(stores.reports);
        if (completed > 0) {
            LOG.info("Completed the report index of earlier state: {} report entries counted through hubs", completed);
        }
        allHeaders().forEach(entry -> publisher.recover(entry.key, entry.value));
        countActive();
    }

    @Override
    public void process(Record<String, CampaignChange> record) {
        if (record.value().getChange() instanceof MatchNotice notice) {
            notice(notice, record.timestamp());
        } else {
            change((IndicatorChange) record.value().getChange());
        }
    }

    /** A change to a correlated indicator: it joins, moves, merges or leaves campaigns. */
    private void change(IndicatorChange event) {
        String indicator = event.getIndicator();
        String current = stores.campaignOf(indicator);
        if (!event.getCorrelated()) {
            if (current != null) {
                CampaignHeader campaign = stores.headers.get(current);
                event.getRemoved().forEach(report -> links.unlink(current, campaign, indicator, report));
                links.dropIndicator(current, campaign, indicator);
                withdrawIfEmpty(campaign);
                changed(current, campaign);
            }
            return;
        }
        Set<String> keys = new LinkedHashSet<>();
        if (current != null) {
            keys.add(current);
        }
        boolean hub = event.getHub();
        if (!hub) { // a hub connects no campaigns: its reports do not lead to theirs
            event.getAdded()
                    .forEach(r -> stores.index
                            .places(ReportLinks.key(r))
                            .places()
                            .forEach(place -> {
                                if (place.indexed()) {
                                    keys.add(stores.forest.root(place.part()));
                                }
                            }));
        }
        if (keys.isEmpty() && event.getAdded().isEmpty()) {
            return; // only reports taken back from an indicator no campaign holds
        }
        List<KeyValue<String, CampaignHeader>> found = new ArrayList<>();
        keys.forEach(key -> {
            CampaignHeader header = stores.headers.get(key);
            if (header != null) {
                found.add(KeyValue.pair(key, header));
            }
        });
        KeyValue<String, CampaignHeader> campaign;
        if (found.isEmpty()) {
            String id = stores.freshId(indicator);
            CampaignHeader emptied = stores.headers.get(id);
            CampaignHeader revived = emptied == null ? stores.revive(id) : null;
            if (emptied != null) {
                campaign = KeyValue.pair(id, emptied); // comes back, its versions going on
            } else if (revived != null) {
                campaign = KeyValue.pair(id, revived); // forgotten, re-formed: its versions go on
            } else {
                CampaignHeader founded = CampaignAggregates.newCampaign(id, event.getTime());
                founded.setFounder(indicator);
                campaign = KeyValue.pair(id, founded);
                active++;
            }
        } else {
            campaign = found.size() == 1 ? found.get(0) : merges.merge(found, streamTime());
        }
        String key = campaign.key;
        CampaignHeader header = campaign.value;
        status(header, AdvisoryStatus.ACTIVE);
        links.putIndicator(
                key, header, indicator, event.getMembers(), !event.getRemoved().isEmpty(), hub);
        event.getRemoved().forEach(report -> links.unlink(key, header, indicator, report));
        // An indicator no campaign held correlates now: its reports waited for the latest of them, the
        // one whose sighting made it correlate. Reports added to a held indicator waited for nothing.
        long includableAt = current != null
                ? Long.MIN_VALUE
                : event.getAdded().stream()
                        .mapToLong(ReportLink::getReportedAt)
                        .max()
                        .orElse(Long.MIN_VALUE);
        event.getAdded().forEach(report -> links.link(key, header, indicator, report, !hub, includableAt));
        changed(key, header);
    }

    /** A private match notice: completed with the ACTIVE advisory listing the indicator, if any, and passed on. */
    private void notice(MatchNotice notice, long time) {
        String indicator = IndicatorKey.of(notice.getIndicatorType(), notice.getIndicatorValue());
        String campaignKey = stores.campaignOf(indicator);
        if (notice.getState() == NoticeState.MATCHED && campaignKey != null) {
            CampaignHeader campaign = stores.headers.get(campaignKey);
            if (campaign != null
                    && campaign.getStatus() == AdvisoryStatus.ACTIVE) { // published by the next flush at the latest
                notice.setAdvisoryId(campaign.getId());
            }
        }
        context().forward(new Record<>(indicator, notice, time), NOTICES);
    }

    private void changed(String key, CampaignHeader campaign) {
        metrics.campaignSize(campaign.getIndicatorCount());
        campaign.setUpdatedAt(streamTime());
        stores.headers.put(key, campaign);
        publisher.changed(key);
    }

    /** Expiry and late warninglist entries, checked on wall-clock time, one bounded batch per sweep. */
    private void sweep() {
        long now = streamTime();
        for (KeyValue<String, CampaignHeader> entry : sweepCursor.next(
                stores.headers, SWEEP_CAMPAIGNS, CampaignHeader::getIndicatorCount, SWEEP_INDICATORS)) {
            String key = entry.key;
            CampaignHeader campaign = entry.value;
            if (campaign.getStatus() != AdvisoryStatus.ACTIVE) {
                if (AdvisoryExpiry.forgotten(campaign, now, windowMs)) {
                    // Expired or withdrawn for another whole window: it stays on the compacted topic, and
                    // its last version is remembered so that a campaign re-forming under its id goes on.
                    stores.retire(campaign);
                    stores.deleteCampaign(key);
                    publisher.forget(key);
                }
                continue;
            }
            Set<String> benign = new java.util.HashSet<>();
            for (String indicator : stores.indicatorsOf(key).keySet()) {
                if (warninglist
                        .match(IndicatorKey.type(indicator), IndicatorKey.value(indicator))
                        .isPresent()) {
                    benign.add(indicator);
                }
            }
            if (!benign.isEmpty()) {
                links.dropIndicators(key, campaign, benign); // one read of the campaign's reports for all
            }
            withdrawIfEmpty(campaign);
            if (AdvisoryExpiry.expires(campaign, now, windowMs)) {
                status(campaign, AdvisoryStatus.EXPIRED);
            }
            if (!benign.isEmpty() || campaign.getStatus() != AdvisoryStatus.ACTIVE) {
                publisher.publishIfMaterial(key, campaign, now);
            }
        }
    }

    private List<KeyValue<String, CampaignHeader>> allHeaders() {
        List<KeyValue<String, CampaignHeader>> all = new ArrayList<>();
        try (KeyValueIterator<String, CampaignHeader> it = stores.headers.all()) {
            it.forEachRemaining(all::add);
        }
        return all;
    }

    private void countActive() {
        List<KeyValue<String, CampaignHeader>> all = allHeaders();
        active = all.stream()
                .filter(c -> c.value.getStatus() == AdvisoryStatus.ACTIVE)
                .count();
        metrics.activeAdvisories(active);
        hubs = all.stream().mapToLong(c -> c.value.getHubIndicators()).sum();
        all.forEach(c -> metrics.campaignSize(c.value.getIndicatorCount()));
        metrics.hubIndicators(hubs);
    }

    /** Changes a campaign's status, keeping the count of ACTIVE ones. */
    private void status(CampaignHeader campaign, AdvisoryStatus status) {
        boolean was = campaign.getStatus() == AdvisoryStatus.ACTIVE;
        boolean is = status == AdvisoryStatus.ACTIVE;
        active += (is ? 1 : 0) - (was ? 1 : 0);
        campaign.setStatus(status);
        metrics.activeAdvisories(active);
    }

    /** A campaign left with no correlated indicator is published once more as WITHDRAWN. */
    private void withdrawIfEmpty(CampaignHeader campaign) {
        if (campaign.getIndicatorCount() <= 0 && campaign.getStatus() != AdvisoryStatus.MERGED) {
            status(campaign, AdvisoryStatus.WITHDRAWN);
        }
    }

    /**
     * The stage's clock: stream time, but moving on with wall time while the stream is quiet, and
     * never backwards. After a restart it starts again from stream time, which only delays expiry.
     */
    private long streamTime() {
        long stream = context().currentStreamTimeMs();
        long wall = context().currentSystemTimeMs();
        effectiveTime =
                lastWall == Long.MIN_VALUE ? stream : Math.max(stream, effectiveTime + Math.max(0, wall - lastWall));
        lastWall = wall;
        return effectiveTime;
    }
}
