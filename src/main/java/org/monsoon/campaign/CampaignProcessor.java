package org.monsoon.campaign;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
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
 * correlated sighting, not per report), and connected components need every edge in one place. The
 * advisory id is a UUIDv5 of the indicator that founded the campaign, so reprocessing the same input
 * gives the same ids. A wall-clock punctuation expires campaigns with no sighting for the window
 * (time moves with the stream, plus wall time elapsed since the stream last advanced, so a quiet
 * region still expires) and drops indicators that were warninglisted after they correlated.
 */
public final class CampaignProcessor implements Processor<String, CorrelationEvent, String, Advisory> {
    public static final String MEMBERSHIP_STORE = "campaign-membership";
    public static final String CAMPAIGN_STORE = "campaign-state";

    private final long windowMs;
    private final PipelineMetrics metrics;
    private ProcessorContext<String, Advisory> context;
    private KeyValueStore<String, String> membership;
    private KeyValueStore<String, CampaignState> campaigns;
    private WarninglistStore warninglist;
    private long lastStreamTime = Long.MIN_VALUE;
    private long wallAtLastStreamTime;

    public CampaignProcessor(Duration window, PipelineMetrics metrics) {
        this.windowMs = window.toMillis();
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Advisory> context) {
        this.context = context;
        this.membership = context.getStateStore(MEMBERSHIP_STORE);
        this.campaigns = context.getStateStore(CAMPAIGN_STORE);
        this.warninglist = new WarninglistStore(context.getStateStore(WarninglistStore.STORE),
                context::currentSystemTimeMs);
        context.schedule(Duration.ofSeconds(30), PunctuationType.WALL_CLOCK_TIME, wall -> sweep());
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
        ids.forEach(id -> found.add(campaigns.get(id)));
        found.removeIf(c -> c == null);
        CampaignState survivor;
        if (found.isEmpty()) {
            survivor = new CampaignState();
            survivor.id = Uuid5.of(Uuid5.MONSOON, event.indicator()).toString();
            survivor.createdAt = event.time();
        } else {
            survivor = found.stream().reduce((a, b) -> a.olderThan(b) ? a : b).orElseThrow();
            for (CampaignState other : found) {
                if (other != survivor) {
                    merge(other, survivor);
                }
            }
        }
        survivor.status = "ACTIVE";
        CampaignState campaign = survivor;
        List<ReportRef> newReports = event.reports().stream().filter(r -> !campaign.reports.containsKey(r.key()))
                .toList();
        survivor.apply(event.indicator(), event.members(), event.reports());
        membership.put(event.indicator(), survivor.id);
        publishIfMaterial(survivor, streamTime());
        long wallNow = context.currentSystemTimeMs();
        newReports.forEach(r -> metrics.reportToAdvisory(Duration.ofMillis(wallNow - r.reportedAt())));
        countActive();
    }

    private void countActive() {
        long active = 0;
        try (KeyValueIterator<String, CampaignState> all = campaigns.all()) {
            while (all.hasNext()) {
                if ("ACTIVE".equals(all.next().value.status)) {
                    active++;
                }
            }
        }
        metrics.activeAdvisories(active);
    }

    private void addCampaignOf(String indicator, Set<String> ids) {
        String id = membership.get(indicator);
        if (id != null) {
            ids.add(id);
        }
    }

    /** The other campaign is re-emitted once as MERGED, superseded by the survivor, and forgotten. */
    private void merge(CampaignState other, CampaignState survivor) {
        survivor.absorb(other);
        other.indicators.keySet().forEach(i -> membership.put(i, survivor.id));
        other.status = "MERGED";
        other.supersededBy = survivor.id;
        publishIfMaterial(other, streamTime());
        campaigns.delete(other.id);
    }

    private void publishIfMaterial(CampaignState campaign, long now) {
        campaign.updatedAt = now;
        Advisory candidate = AdvisoryBuilder.build(campaign);
        String digest = AdvisoryBuilder.materialDigest(candidate);
        if (!digest.equals(campaign.digest)) {
            campaign.version++;
            campaign.digest = digest;
            candidate.setVersion(campaign.version);
            context.forward(new Record<>(campaign.id, candidate, now));
            metrics.advisoryEmitted(campaign.status);
        }
        if (!"MERGED".equals(campaign.status)) {
            campaigns.put(campaign.id, campaign);
        }
    }

    /** Expiry and late warninglist entries, checked on wall-clock time. */
    private void sweep() {
        long now = streamTime();
        List<CampaignState> changed = new ArrayList<>();
        List<CampaignState> stale = new ArrayList<>();
        try (KeyValueIterator<String, CampaignState> all = campaigns.all()) {
            while (all.hasNext()) {
                KeyValue<String, CampaignState> entry = all.next();
                CampaignState campaign = entry.value;
                if (!"ACTIVE".equals(campaign.status)) {
                    if (campaign.lastSeen < now - 2 * windowMs) {
                        stale.add(campaign);
                    }
                    continue;
                }
                List<String> benign = campaign.indicators.keySet().stream()
                        .filter(i -> warninglist.match(IndicatorKey.type(i), IndicatorKey.value(i)).isPresent()).toList();
                benign.forEach(i -> {
                    campaign.indicators.remove(i);
                    membership.delete(i);
                });
                boolean removed = !benign.isEmpty();
                if (removed) {
                    campaign.recomputeSpan();
                }
                if (campaign.indicators.isEmpty() || campaign.lastSeen < now - windowMs) {
                    campaign.status = "EXPIRED";
                }
                if (removed || "EXPIRED".equals(campaign.status)) {
                    changed.add(campaign);
                }
            }
        }
        changed.forEach(c -> publishIfMaterial(c, now));
        stale.forEach(this::forget);
        countActive();
    }

    /**
     * An advisory expired for another whole window is dropped from state (it stays on the compacted
     * topic), so state is bounded by what is active or recently expired.
     */
    private void forget(CampaignState campaign) {
        campaign.indicators.keySet().forEach(i -> {
            if (campaign.id.equals(membership.get(i))) {
                membership.delete(i);
            }
        });
        campaigns.delete(campaign.id);
    }

    /** Stream time, moved on by the wall time elapsed since the stream last advanced. */
    private long streamTime() {
        long stream = context.currentStreamTimeMs();
        long wall = context.currentSystemTimeMs();
        if (stream != lastStreamTime) {
            lastStreamTime = stream;
            wallAtLastStreamTime = wall;
        }
        return stream + Math.max(0, wall - wallAtLastStreamTime);
    }
}
