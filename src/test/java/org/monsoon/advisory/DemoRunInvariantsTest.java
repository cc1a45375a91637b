package org.monsoon.advisory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.monsoon.cli.SyntheticFeed;
import org.monsoon.config.MonsoonConfig;
import org.monsoon.schema.Advisory;
import org.monsoon.schema.AdvisoryStatus;
import org.monsoon.testing.RestartablePipeline;

/**
 * Ten minutes of {@code monsoon demo} (its synthetic feed at its default two reports a second, its 30 s
 * window) with a quiet spell half-way, in which every advisory expires, and a restart as the feed resumes, so
 * that the same campaigns re-form after it (a campaign re-forming after it was forgotten is
 * {@link AdvisoryInvariantScenariosTest}'s); then
 * every record of the advisories topic read back in order: no version going back or repeating, no
 * title changing while its indicator is listed, no first_seen moving later, every record keeping the
 * invariants.
 */
class DemoRunInvariantsTest {
    private static final Duration WINDOW = Duration.ofSeconds(30);
    private static final Duration RUN = Duration.ofMinutes(10);
    private static final Duration EVERY = Duration.ofMillis(500);
    /**
     * A quiet spell of the feed: every advisory expires (no sighting for the 30 s window), and the
     * campaigns re-form before the stage forgets them (a window more), so the same advisories go on.
     */
    private static final Duration QUIET = Duration.ofSeconds(45);

    @Test
    void tenMinutesOfTheDemoKeepEveryAdvisoryInvariant() {
        Instant start = Instant.parse("2026-12-06T07:27:00Z");
        SyntheticFeed feed = new SyntheticFeed(MonsoonConfig.ASEAN, 20261206L, WINDOW.dividedBy(3));
        List<Advisory> written;
        try (RestartablePipeline pipeline =
                new RestartablePipeline(start, config -> config.withCorrelation(WINDOW, 2))) {
            Instant now = start;
            Instant quietFrom = start.plus(RUN.dividedBy(2));
            Instant quietUntil = quietFrom.plus(QUIET);
            for (; now.isBefore(start.plus(RUN)); now = now.plus(EVERY)) {
                if (now.isBefore(quietFrom) || !now.isBefore(quietUntil)) {
                    pipeline.send(feed.next(now));
                }
                if (now.equals(quietUntil)) {
                    // A restart as the feed resumes, while the campaigns re-form under their expired
                    // advisories. (Not during the spell: a restarted test driver knows no stream time
                    // until a record comes, so its campaign stage would not see the window pass.)
                    pipeline.restart();
                }
                pipeline.advance(EVERY, Duration.ofMillis(250));
            }
            pipeline.advance(Duration.ofMinutes(2), Duration.ofSeconds(1));
            written = List.copyOf(pipeline.written());
        }

        AdvisoryInvariants invariants = new AdvisoryInvariants(Set.of());
        written.forEach(invariants::accept);
        assertEquals(List.of(), invariants.violations());
        Map<String, Integer> reopened = new HashMap<>();
        Map<String, Advisory> last = new HashMap<>();
        for (Advisory a : written) {
            Advisory before = last.put(a.getAdvisoryId(), a);
            if (before != null
                    && before.getStatus() == AdvisoryStatus.EXPIRED
                    && a.getStatus() == AdvisoryStatus.ACTIVE) {
                reopened.merge(a.getAdvisoryId(), 1, Integer::sum);
            }
        }
        assertTrue(written.size() > 50, "versions written: " + written.size());
        assertTrue(!reopened.isEmpty(), "the run re-opened expired advisories: it tested what it claims");
    }
}
