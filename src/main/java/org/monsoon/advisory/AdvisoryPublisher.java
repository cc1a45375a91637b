package org.monsoon.advisory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.monsoon.metrics.PipelineMetrics;
import org.monsoon.schema.Advisory;
import org.monsoon.schema.AdvisoryStatus;
import org.monsoon.schema.CampaignHeader;

/**
 * Advisory versioning and publishing, run inside the campaign stage's processor (they share its state
 * through {@link PublishedCampaigns}): which campaigns changed since the last flush, a new version on a
 * material change (the header digest, or the indicators with the members holding each), a report count
 * that alone changed refreshed at most {@code advisory-refresh} after the last version, pacing large
 * campaigns, and the report-to-advisory latency of the reports a version first includes. What decides
 * the next version (the last one's digest, report count and time) is kept in the campaign's header, a
 * logged store, so a restart or a rebalance neither loses nor repeats a version. Campaigns are named by their key
 * in the campaign stage's state ({@link PublishedCampaigns}); an advisory by its header's id.
 */
public final class AdvisoryPublisher {
    /**
     * How often changed campaigns are published: during a burst a large campaign gains indicators many
     * times a second, and coalescing publishes every material change at most once per interval.
     */
    public static final Duration FLUSH_INTERVAL = Duration.ofMillis(250);
    /**
     * A large campaign's advisory costs in proportion to its size to write, to store in the advisories
     * table and to read back, and a growing one changes on every flush: it is published at most once per
     * this much time per {@link #INDICATORS_PER_GAP} indicators (a 2,000-indicator campaign at most once a
     * second), never less often than {@link #MAX_GAP}. Building it costs little since its indicators are
     * held in memory ({@link AdvisoryViews}); the bytes are what pacing saves. Publishing campaigns of up
     * to 5,000 indicators at every flush was measured to cost a third of the pipeline's throughput.
     */
    static final long GAP_MS_PER_INDICATORS = FLUSH_INTERVAL.toMillis();

    static final int INDICATORS_PER_GAP = 500;

    static final Duration MAX_GAP = Duration.ofSeconds(10);

    private final PublishedCampaigns stores;
    private final PipelineMetrics metrics;
    private final int minCountries;
    private final long refreshMs;
    /**
     * Wall-clock time: a refresh is paced on it, not on stream time, which one report observed a day
     * later moves by a day.
     */
    private final LongSupplier wallClock;
    /** Campaigns whose report count alone changed, and the wall-clock time their refresh is due. */
    private final Map<String, Long> stale = new HashMap<>();

    private final Consumer<Record<String, Advisory>> out;
    /** Keys of the campaigns changed since the last flush, and when their new reports were sent (for latency). */
    private final Set<String> dirty = new LinkedHashSet<>();

    /** Per campaign, the reports waiting for its next version: {reported_at, includable at}. */
    private final Map<String, List<long[]>> pendingReportedAt = new HashMap<>();
    /** Wall-clock time before which a large campaign is not published again. */
    private final Map<String, Long> notBefore = new HashMap<>();

    /**
     * @param minCountries members that make an indicator correlated: the severity and action rules count
     *     members the same way
     * @param refresh how long a report count that alone changed may wait for the next version
     */
    public AdvisoryPublisher(
            PublishedCampaigns stores,
            PipelineMetrics metrics,
            int minCountries,
            Duration refresh,
            LongSupplier wallClock,
            Consumer<Record<String, Advisory>> out) {
        this.wallClock = wallClock;
        this.stores = stores;
        this.metrics = metrics;
        this.minCountries = minCountries;
        this.refreshMs = refresh.toMillis();
        this.out = out;
    }

    /** The campaign changed: publish it on the next flush if the change is material. */
    public void changed(String key) {
        dirty.add(key);
    }

    /**
     * A report sent at {@code reportedAt} joined the campaign, let in by a report sent at {@code
     * includableAt} (the one whose sighting made its indicator correlate, or itself): its latency ends
     * with the next version.
     */
    public void reportJoined(String key, long reportedAt, long includableAt) {
        pendingReportedAt.computeIfAbsent(key, k -> new ArrayList<>()).add(new long[] {reportedAt, includableAt});
    }

    /** Changes recorded before a crash or restart but not yet published are published on the next flush. */
    public void recover(String key, CampaignHeader campaign) {
        if (campaign.getIndicatorsChanged()
                || !AdvisoryBuilder.headerDigest(campaign, minCountries).equals(campaign.getDigest())) {
            dirty.add(key);
        } else if (countStale(campaign)) {
            stale.put(key, campaign.getPublishedAt() + refreshMs);
        }
    }

    /** Publishes the campaigns changed since the last flush, large ones paced, and the refreshes due. */
    public void flush(long now, long wallNow) {
        if (!stale.isEmpty()) {
            stale.entrySet().removeIf(due -> {
                if (due.getValue() > wallNow) {
                    return false;
                }
                dirty.add(due.getKey());
                return true;
            });
        }
        for (Iterator<String> it = dirty.iterator(); it.hasNext(); ) {
            String id = it.next();
            if (notBefore.getOrDefault(id, Long.MIN_VALUE) > wallNow) {
                continue; // published recently: its next version waits
            }
            it.remove();
            CampaignHeader campaign = stores.header(id);
            if (campaign != null) {
                publishIfMaterial(id, campaign, now);
                long gap = gapMs(campaign.getIndicatorCount());
                if (gap > 0) {
                    notBefore.put(id, wallNow + gap);
                } else {
                    notBefore.remove(id);
                }
            }
            List<long[]> pending = pendingReportedAt.remove(id);
            if (pending != null) {
                pending.forEach(sent -> metrics.reportToAdvisory(
                        Duration.ofMillis(wallNow - sent[0]), Duration.ofMillis(wallNow - sent[1])));
            }
        }
    }

    /** How long a campaign of this size waits after a version before the next one. */
    static long gapMs(int indicators) {
        return Math.min(MAX_GAP.toMillis(), GAP_MS_PER_INDICATORS * (indicators / INDICATORS_PER_GAP));
    }

    /**
     * Publishes a new version now if it changed materially; a never-published WITHDRAWN or MERGED one is
     * dropped.
     * A MERGED one is published but not saved: its key is deleted or taken over by the survivor.
     */
    public void publishIfMaterial(String key, CampaignHeader campaign, long now) {
        if (campaign.getStatus() != AdvisoryStatus.MERGED) {
            dirty.remove(key);
        }
        if (campaign.getStatus() == AdvisoryStatus.WITHDRAWN && campaign.getVersion() == 0) {
            forget(key);
            stores.deleteCampaign(key); // never published: nothing to take back
            return;
        }
        if (campaign.getStatus() == AdvisoryStatus.MERGED && campaign.getVersion() == 0) {
            return; // merged before its first version: no analyst ever saw its id
        }
        String digest = AdvisoryBuilder.headerDigest(campaign, minCountries);
        boolean material = !digest.equals(campaign.getDigest()) || campaign.getIndicatorsChanged();
        long wallNow = wallClock.getAsLong();
        boolean refresh = !material && countStale(campaign);
        if (refresh && wallNow < campaign.getPublishedAt() + refreshMs) {
            stale.put(key, campaign.getPublishedAt() + refreshMs); // coalesced: refreshed when due
            refresh = false;
        }
        if (material || refresh) {
            stale.remove(key);
            campaign.setVersion(campaign.getVersion() + 1);
            campaign.setUpdatedAt(now);
            campaign.setDigest(digest);
            campaign.setIndicatorsChanged(false);
            Advisory advisory = AdvisoryBuilder.build(campaign, stores.advisoryIndicators(key), minCountries);
            campaign.setPublishedTlp(advisory.getTlp());
            campaign.setPublishedReportCount(campaign.getReportCount());
            campaign.setPublishedAt(wallNow);
            out.accept(new Record<>(campaign.getId(), advisory, now));
            metrics.advisoryEmitted(campaign.getStatus().name());
        }
        if (campaign.getStatus() != AdvisoryStatus.MERGED) {
            stores.save(key, campaign);
        }
    }

    /** Whether the last version stated another report count than the campaign has now. */
    private static boolean countStale(CampaignHeader campaign) {
        return campaign.getVersion() > 0
                && campaign.getStatus() != AdvisoryStatus.WITHDRAWN
                && campaign.getStatus() != AdvisoryStatus.MERGED
                && campaign.getReportCount() != campaign.getPublishedReportCount();
    }

    /** The campaign under {@code other} merges into the one under {@code survivor}: its waiting reports' latency ends with the survivor's. */
    public void merging(String other, String survivor) {
        List<long[]> pending = pendingReportedAt.remove(other);
        if (pending != null) {
            pendingReportedAt.computeIfAbsent(survivor, id -> new ArrayList<>()).addAll(pending);
        }
        forget(other);
    }

    /** Forgets what is kept in memory of a campaign that is deleted. */
    public void forget(String key) {
        dirty.remove(key);
        stale.remove(key);
        notBefore.remove(key);
        pendingReportedAt.remove(key);
    }
}
