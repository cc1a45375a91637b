package org.monsoon.advisory;

import java.time.Duration;
import org.monsoon.schema.AdvisoryStatus;
import org.monsoon.schema.CampaignHeader;

/**
 * When an advisory expires and when it is forgotten, as pure rules on a campaign's header: an ACTIVE
 * advisory with no sighting for the window becomes EXPIRED; one that is no longer ACTIVE is forgotten
 * (it stays on the compacted topic only) after another whole window. The campaign stage's sweep asks
 * these questions; how often it sweeps follows {@link #sweepInterval}.
 */
public final class AdvisoryExpiry {
    private AdvisoryExpiry() {}

    /** Whether the advisory has seen nothing for the window at {@code now} (stream time). */
    public static boolean expires(CampaignHeader campaign, long now, long windowMs) {
        return campaign.getStatus() == AdvisoryStatus.ACTIVE && campaign.getLastSeen() < now - windowMs;
    }

    /** Whether an advisory that is no longer ACTIVE can be forgotten by the stage. */
    public static boolean forgotten(CampaignHeader campaign, long now, long windowMs) {
        return campaign.getStatus() != AdvisoryStatus.ACTIVE && campaign.getLastSeen() < now - 2 * windowMs;
    }

    /** Every 30 s, or a quarter of a short window, so that expiry never lags the window by much. */
    public static Duration sweepInterval(long windowMs) {
        return Duration.ofMillis(Math.max(1_000, Math.min(30_000, windowMs / 4)));
    }
}
