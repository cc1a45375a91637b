package org.monsoon.advisory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.monsoon.campaign.CampaignAggregates;
import org.monsoon.schema.AdvisoryStatus;
import org.monsoon.schema.CampaignHeader;

class AdvisoryExpiryTest {
    private static final long WINDOW = 60_000;

    @ParameterizedTest(name = "{0}, last seen {1} ms before now: expires {2}, forgotten {3}")
    @CsvSource({
        "ACTIVE,    59999,  false, false",
        "ACTIVE,    60001,  true,  false",
        "ACTIVE,    999999, true,  false",
        "EXPIRED,   60001,  false, false",
        "EXPIRED,   120001, false, true",
        "WITHDRAWN, 120001, false, true",
        "MERGED,    119999, false, false",
    })
    void expiryAndForgetting(AdvisoryStatus status, long age, boolean expires, boolean forgotten) {
        long now = 10_000_000;
        CampaignHeader campaign = CampaignAggregates.newCampaign("c", 0);
        campaign.setStatus(status);
        campaign.setLastSeen(now - age);
        assertEquals(expires, AdvisoryExpiry.expires(campaign, now, WINDOW));
        assertEquals(forgotten, AdvisoryExpiry.forgotten(campaign, now, WINDOW));
    }

    @ParameterizedTest(name = "window {0} s: sweep every {1} ms")
    @CsvSource({"604800, 30000", "120, 30000", "30, 7500", "2, 1000"})
    void aShortWindowIsSweptMoreOften(long windowSeconds, long sweepMillis) {
        assertEquals(Duration.ofMillis(sweepMillis), AdvisoryExpiry.sweepInterval(windowSeconds * 1000));
    }
}
