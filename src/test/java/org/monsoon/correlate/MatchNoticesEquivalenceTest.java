package org.monsoon.correlate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.monsoon.schema.IndicatorState;
import org.monsoon.schema.MatchNotice;
import org.monsoon.schema.MemberTimes;
import org.monsoon.schema.ReportLink;
import org.monsoon.schema.RestrictedHolding;
import org.monsoon.schema.Severity;
import org.monsoon.schema.Tlp;

/**
 * {@link MatchNotices#due} computes the members named before their spans, and skips the rest when that
 * set is unchanged: on random indicator states it gives exactly the notices, and leaves exactly the
 * record of who was told what, that the computation it replaced ({@link MatchNoticesReference}) did.
 */
class MatchNoticesEquivalenceTest {
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long WINDOW = Duration.ofDays(7).toMillis();
    private static final String[] MEMBERS = {"BN", "ID", "MY", "SG", "TH", "VN"};
    private static final Tlp[] SHAREABLE = {Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER};

    @Test
    void randomStatesGiveTheSameNoticesAndTheSameRecordOfWhoWasTold() {
        Random random = new Random(20261129);
        int matched = 0;
        int cleared = 0;
        for (int round = 0; round < 5_000; round++) {
            IndicatorState state = randomState(random);
            Map<String, List<ReportLink>> shared = sharedReports(random, state);
            Function<String, List<ReportLink>> reports = member -> shared.getOrDefault(member, List.of());
            IndicatorTimes expected = new IndicatorTimes(state);
            IndicatorTimes actual = new IndicatorTimes(state);
            long now = 40 * DAY;

            List<MatchNotice> reference = MatchNoticesReference.due("DOMAIN:x.example", expected, WINDOW, now, reports);
            List<MatchNotice> current = MatchNotices.due("DOMAIN:x.example", actual, WINDOW, now, reports);

            assertEquals(reference, current, "round " + round + ": " + state);
            assertEquals(expected.notified(), actual.notified(), "round " + round + ": " + state);
            for (MatchNotice notice : current) {
                if (notice.getMembers().isEmpty()) {
                    cleared++;
                } else {
                    matched++;
                }
            }
        }
        // The random states reach every branch: new notices, changed ones and cleared ones.
        assertTrue(matched > 500 && cleared > 100, "matched " + matched + ", cleared " + cleared);
    }

    private static IndicatorState randomState(Random random) {
        List<MemberTimes> members = new ArrayList<>();
        for (String member : MEMBERS) {
            if (random.nextInt(3) > 0) {
                List<Long> times = new ArrayList<>();
                long t = random.nextInt(30) * DAY;
                for (int i = random.nextInt(4); i >= 0; i--) {
                    times.add(t);
                    t += random.nextInt(5) * DAY;
                }
                members.add(new MemberTimes(member, times));
            }
        }
        List<RestrictedHolding> restricted = new ArrayList<>();
        for (int i = random.nextInt(5); i > 0; i--) {
            String member = MEMBERS[random.nextInt(MEMBERS.length)];
            restricted.add(new RestrictedHolding(member, member.toLowerCase() + "-" + i, random.nextInt(30) * DAY));
        }
        Map<String, String> notified = new HashMap<>();
        for (String member : MEMBERS) {
            if (random.nextInt(3) == 0) {
                // Sometimes what the rule would say now, sometimes something else, sometimes stale.
                List<String> named = new ArrayList<>();
                for (String other : MEMBERS) {
                    if (!other.equals(member) && random.nextBoolean()) {
                        named.add(other);
                    }
                }
                notified.put(member, String.join(",", named));
            }
        }
        return new IndicatorState(true, members, restricted, notified, new java.util.ArrayList<>(), false);
    }

    private static Map<String, List<ReportLink>> sharedReports(Random random, IndicatorState state) {
        Map<String, List<ReportLink>> out = new HashMap<>();
        for (MemberTimes member : state.getMembers()) {
            List<ReportLink> links = new ArrayList<>();
            for (long t : member.getTimes()) {
                links.add(new ReportLink(
                        member.getMember(),
                        member.getMember().toLowerCase() + "-" + t,
                        t,
                        t,
                        SHAREABLE[random.nextInt(SHAREABLE.length)],
                        Severity.HIGH,
                        null,
                        "phishing"));
            }
            out.put(member.getMember(), links);
        }
        return out;
    }
}
