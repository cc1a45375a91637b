package org.monsoon.correlate;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.monsoon.schema.ReportLink;
import org.monsoon.schema.Severity;
import org.monsoon.schema.Tlp;

class CorrelationRuleTest {
    private static final long DAY = 86_400_000L;
    private static final long WEEK = 7 * DAY;

    @Test
    void twoMembersWithinTheWindowCorrelate() {
        assertTrue(correlated(Map.of("SG", List.of(0L), "MY", List.of(6 * DAY)), WEEK, 2));
        assertTrue(correlated(Map.of("SG", List.of(0L), "MY", List.of(WEEK)), WEEK, 2), "inclusive");
    }

    @Test
    void twoMembersFurtherApartThanTheWindowDoNot() {
        assertFalse(correlated(Map.of("SG", List.of(0L), "MY", List.of(8 * DAY)), WEEK, 2));
    }

    @Test
    void oneMemberNeverCorrelatesAlone() {
        assertFalse(correlated(Map.of("SG", List.of(0L, DAY, 2 * DAY)), WEEK, 2));
    }

    @Test
    void anyPairOfSightingsWithinTheWindowCounts() {
        assertTrue(correlated(Map.of("SG", List.of(0L, 20 * DAY), "MY", List.of(19 * DAY)), WEEK, 2));
    }

    @Test
    void threeOfNNeedsThreeMembersInOneWindow() {
        Map<String, List<Long>> spread = Map.of("SG", List.of(0L), "MY", List.of(6 * DAY), "TH", List.of(12 * DAY));
        assertFalse(correlated(spread, WEEK, 3));
        assertTrue(correlated(spread, WEEK, 2));
        assertTrue(correlated(Map.of("SG", List.of(0L), "MY", List.of(DAY), "TH", List.of(2 * DAY)),
                WEEK, 3));
    }

    /** The rule over each member's sighting times, as the correlate stage holds them: ordered by time. */
    private static boolean correlated(Map<String, List<Long>> sightings, long windowMs, int minCountries) {
        List<ReportLink> byTime = new ArrayList<>();
        sightings.forEach((member, times) -> times.forEach(t -> byTime.add(new ReportLink(member, member + "-" + t, t, t,
                Tlp.CLEAR, Severity.LOW, null, "malicious-code/malware-distribution"))));
        byTime.sort(Comparator.comparingLong(ReportLink::getObservedAt));
        return CorrelationRule.correlated(byTime, windowMs, minCountries);
    }
}
