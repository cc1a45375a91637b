package org.monsoon.campaign;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.monsoon.advisory.AdvisoryBuilder;
import org.monsoon.advisory.Uuid5;
import org.monsoon.correlate.CorrelationEvent;
import org.monsoon.correlate.IndicatorKey;
import org.monsoon.correlate.ReportRef;
import org.monsoon.metrics.PipelineMetrics;
import org.monsoon.schema.Advisory;
import org.monsoon.warninglist.WarninglistStore;

/**
 * Stages 5 and 6 (campaign, advisory): clusters correlated indicators into campaigns (connected when
 * one shareable report holds both), merges campaigns a report bridges, and publishes a new advisory
 * version only on a material change.
 *
 * <p>This stage runs on a single partition: correlation events are rare next to reports (one per new
 * correlated sighting, not per report), and connected components need every edge in one place. Work
 * per event is independent of the campaign's size: only its small header is rewritten; changed
 * campaigns are published once a second, and only then is the full advisory built. The advisory id is a UUIDv5 of the indicator
 * that founded the campaign, so reprocessing the same input gives the same ids. A wall-clock
 * punctuation expires campaigns with no sighting for the window (time moves with the stream, plus wall
 * time elapsed since the stream last advanced, so a quiet region still expires) and drops indicators
 * that were warninglisted after they correlated.
 */
public final class CampaignProcessor implements Processor<String, CorrelationEvent, String, Advisory> {
    public static final String MEMBERSHIP_STORE = CampaignStores.MEMBERSHIP;
    public static final String CAMPAIGN_STORE = CampaignStores.HEADERS;
    public static final String INDICATOR_STORE = CampaignStores.INDICATORS;
    public static final String REPORT_STORE = CampaignStores.REPORTS;

    /**
     * How often changed campaigns are published. During a burst a large campaign gains indicators many
     * times a second; publishing each change would write the whole advisory each time. Coalescing them
     * publishes every material change, at most one version per campaign per interval.
     */
    static final Duration FLUSH_INTERVAL = Duration.ofSeconds(1);

    private final long windowMs;
    private final PipelineMetrics metrics;
    private ProcessorContext<String, Advisory> context;
    private CampaignStores stores;
    private WarninglistStore warninglist;
    private long effectiveTime = Long.MIN_VALUE;
    private long lastWall = Long.MIN_VALUE;
    /** Campaigns changed since the last flush, and when their new reports were sent (for latency). */
    private final Set<String> dirty = new LinkedHashSet<>();
    private final java.util.Map<String, List<Long>> pendingReportedAt = new java.util.HashMap<>();

    public CampaignProcessor(Duration window, PipelineMetrics metrics) {
        this.windowMs = window.toMillis();
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Advisory> context) {
        this.context = context;
        this.stores = new CampaignStores(context);
        this.warninglist = new WarninglistStore(context.getStateStore(WarninglistStore.STORE),
                context::currentSystemTimeMs);
        context.schedule(Duration.ofSeconds(30), PunctuationType.WALL_CLOCK_TIME, wall -> sweep());
        context.schedule(FLUSH_INTERVAL, PunctuationType.WALL_CLOCK_TIME, wall -> flush());
        // Changes recorded before a crash or restart but not yet published are published on the next flush.
        try (KeyValueIterator<String, CampaignState> all = stores.headers.all()) {
            while (all.hasNext()) {
                CampaignState c = all.next().value;
                if (c.indicatorsChanged || !AdvisoryBuilder.headerDigest(c).equals(c.digest)) {
                    dirty.add(c.id);
                }
            }
        }
        countActive();
    }

    @Override
    public void process(Record<String, CorrelationEvent> record) {
        CorrelationEvent event = record.value();
        Set<String> ids = new LinkedHashSet<>();
        addCampaignOf(event.indicator(), ids);
        for (ReportRef report : event.reports()) {
            report.indicators().forEach(i -> addCampaignOf(i, ids));
        }
        List<CampaignState> found = new ArrayList<>();
        ids.forEach(id -> found.add(stores.headers.get(id)));
        found.removeIf(c -> c == null);
        CampaignState campaign;
        if (found.isEmpty()) {
            campaign = new CampaignState();
            campaign.id = Uuid5.of(Uuid5.MONSOON, event.indicator()).toString();
            campaign.createdAt = event.time();
        } else {
            campaign = found.stream().reduce((a, b) -> a.olderThan(b) ? a : b).orElseThrow();
            for (CampaignState other : found) {
                if (other != campaign) {
                    merge(other, campaign);
                }
            }
        }
        campaign.status = "ACTIVE";
        addIndicator(campaign, event.indicator(), IndicatorSpans.of(event.members()));
        List<ReportRef> newReports = new ArrayList<>();
        for (ReportRef report : event.reports()) {
            String key = CampaignStores.key(campaign.id, report.key());
            if (stores.reports.get(key) == null) {
                stores.reports.put(key, CampaignState.reportValue(report));
                campaign.count(report);
                newReports.add(report);
            }
        }
        campaign.updatedAt = streamTime();
        stores.headers.put(campaign.id, campaign);
        dirty.add(campaign.id);
        List<Long> pending = pendingReportedAt.computeIfAbsent(campaign.id, id -> new ArrayList<>());
        newReports.forEach(r -> pending.add(r.reportedAt()));
        if (found.size() != 1) {
            countActive();
        }
    }

    /** Publishes the campaigns changed since the last flush. */
    private void flush() {
        if (dirty.isEmpty()) {
            return;
        }
        long now = streamTime();
        long wallNow = context.currentSystemTimeMs();
        for (String id : dirty) {
            CampaignState campaign = stores.headers.get(id);
            if (campaign != null) {
                publishIfMaterial(campaign, now);
            }
            List<Long> pending = pendingReportedAt.remove(id);
            if (pending != null) {
                pending.forEach(sent -> metrics.reportToAdvisory(Duration.ofMillis(wallNow - sent)));
            }
        }
        dirty.clear();
    }

    private void addCampaignOf(String indicator, Set<String> ids) {
        String id = stores.membership.get(indicator);
        if (id != null) {
            ids.add(id);
        }
    }

    private void addIndicator(CampaignState campaign, String indicator, IndicatorSpans spans) {
        String key = CampaignStores.key(campaign.id, indicator);
        IndicatorSpans known = stores.indicators.get(key);
        if (known == null) {
            campaign.indicatorCount++;
            campaign.indicatorsChanged = true;
            campaign.indicatorTypes.add(IndicatorKey.type(indicator).name());
            known = spans;
        } else {
            known.merge(spans);
        }
        stores.indicators.put(key, known);
        stores.membership.put(indicator, campaign.id);
        campaign.cover(known.members);
    }

    /** The other campaign is published once more as MERGED, superseded by the survivor, and forgotten. */
    private void merge(CampaignState other, CampaignState survivor) {
        long now = streamTime();
        dirty.remove(other.id);
        pendingReportedAt.computeIfAbsent(survivor.id, id -> new ArrayList<>())
                .addAll(pendingReportedAt.getOrDefault(other.id, List.of()));
        pendingReportedAt.remove(other.id);
        other.status = "MERGED";
        other.supersededBy = survivor.id;
        publishIfMaterial(other, now);
        stores.indicatorsOf(other.id).forEach((indicator, spans) -> addIndicator(survivor, indicator, spans));
        stores.reportsOf(other.id).forEach((report, value) -> {
            String key = CampaignStores.key(survivor.id, report);
            if (stores.reports.get(key) == null) {
                stores.reports.put(key, value);
                survivor.countStored(value);
            }
        });
        stores.deleteCampaign(other.id);
    }

    private void publishIfMaterial(CampaignState campaign, long now) {
        String digest = AdvisoryBuilder.headerDigest(campaign);
        if (!digest.equals(campaign.digest) || campaign.indicatorsChanged) {
            campaign.version++;
            campaign.updatedAt = now;
            campaign.digest = digest;
            campaign.indicatorsChanged = false;
            Advisory advisory = AdvisoryBuilder.build(campaign, stores.indicatorsOf(campaign.id));
            context.forward(new Record<>(campaign.id, advisory, now));
            metrics.advisoryEmitted(campaign.status);
        }
        if (!"MERGED".equals(campaign.status)) {
            stores.headers.put(campaign.id, campaign);
        }
    }

    /** Expiry and late warninglist entries, checked on wall-clock time. */
    private void sweep() {
        long now = streamTime();
        List<CampaignState> all = new ArrayList<>();
        try (KeyValueIterator<String, CampaignState> it = stores.headers.all()) {
            while (it.hasNext()) {
                KeyValue<String, CampaignState> entry = it.next();
                all.add(entry.value);
            }
        }
        for (CampaignState campaign : all) {
            if (!"ACTIVE".equals(campaign.status)) {
                if (campaign.lastSeen < now - 2 * windowMs) {
                    forget(campaign);
                }
                continue;
            }
            Map<String, IndicatorSpans> indicators = stores.indicatorsOf(campaign.id);
            List<String> benign = indicators.keySet().stream()
                    .filter(i -> warninglist.match(IndicatorKey.type(i), IndicatorKey.value(i)).isPresent()).toList();
            if (!benign.isEmpty()) {
                benign.forEach(i -> {
                    indicators.remove(i);
                    stores.indicators.delete(CampaignStores.key(campaign.id, i));
                    stores.membership.delete(i);
                });
                campaign.indicatorCount = indicators.size();
                campaign.indicatorsChanged = true;
                campaign.countries.clear();
                campaign.firstSeen = Long.MAX_VALUE;
                campaign.lastSeen = Long.MIN_VALUE;
                indicators.values().forEach(spans -> campaign.cover(spans.members));
            }
            if (indicators.isEmpty() || campaign.lastSeen < now - windowMs) {
                campaign.status = "EXPIRED";
            }
            if (!benign.isEmpty() || "EXPIRED".equals(campaign.status)) {
                publishIfMaterial(campaign, now);
            }
        }
        countActive();
    }

    /**
     * An advisory expired for another whole window is dropped from state (it stays on the compacted
     * topic), so state is bounded by what is active or recently expired.
     */
    private void forget(CampaignState campaign) {
        stores.indicatorsOf(campaign.id).keySet().forEach(i -> {
            if (campaign.id.equals(stores.membership.get(i))) {
                stores.membership.delete(i);
            }
        });
        stores.deleteCampaign(campaign.id);
    }

    private void countActive() {
        long active = 0;
        try (KeyValueIterator<String, CampaignState> all = stores.headers.all()) {
            while (all.hasNext()) {
                if ("ACTIVE".equals(all.next().value.status)) {
                    active++;
                }
            }
        }
        metrics.activeAdvisories(active);
    }

    /**
     * The stage's clock: stream time, but moving on with wall time while the stream is quiet, and
     * never backwards. After a restart it starts again from stream time, which only delays expiry.
     */
    private long streamTime() {
        long stream = context.currentStreamTimeMs();
        long wall = context.currentSystemTimeMs();
        effectiveTime = lastWall == Long.MIN_VALUE ? stream
                : Math.max(stream, effectiveTime + Math.max(0, wall - lastWall));
        lastWall = wall;
        return effectiveTime;
    }
}
