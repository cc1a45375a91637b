package org.monsoon.correlate;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CorrelationRuleTest {
    private static final long DAY = 86_400_000L;
    private static final long WEEK = 7 * DAY;

    @Test
    void twoMembersWithinTheWindowCorrelate() {
        assertTrue(CorrelationRule.correlated(Map.of("SG", List.of(0L), "MY", List.of(6 * DAY)), WEEK, 2));
        assertTrue(CorrelationRule.correlated(Map.of("SG", List.of(0L), "MY", List.of(WEEK)), WEEK, 2), "inclusive");
    }

    @Test
    void twoMembersFurtherApartThanTheWindowDoNot() {
        assertFalse(CorrelationRule.correlated(Map.of("SG", List.of(0L), "MY", List.of(8 * DAY)), WEEK, 2));
    }

    @Test
    void oneMemberNeverCorrelatesAlone() {
        assertFalse(CorrelationRule.correlated(Map.of("SG", List.of(0L, DAY, 2 * DAY)), WEEK, 2));
    }

    @Test
    void anyPairOfSightingsWithinTheWindowCounts() {
        assertTrue(CorrelationRule.correlated(Map.of("SG", List.of(0L, 20 * DAY), "MY", List.of(19 * DAY)), WEEK, 2));
    }

    @Test
    void threeOfNNeedsThreeMembersInOneWindow() {
        Map<String, List<Long>> spread = Map.of("SG", List.of(0L), "MY", List.of(6 * DAY), "TH", List.of(12 * DAY));
        assertFalse(CorrelationRule.correlated(spread, WEEK, 3));
        assertTrue(CorrelationRule.correlated(spread, WEEK, 2));
        assertTrue(CorrelationRule.correlated(
                Map.of("SG", List.of(0L), "MY", List.of(DAY), "TH", List.of(2 * DAY)), WEEK, 3));
    }

    @Test
    void aMemberWithNoTimeLeftDoesNotCount() {
        assertFalse(CorrelationRule.correlated(Map.of("SG", List.of(0L), "MY", List.of()), WEEK, 2));
    }

    @Test
    void timesFurtherApartThanHalfALongsRangeDoNotOverflowIntoOneWindow() {
        assertFalse(CorrelationRule.correlated(
                Map.of("SG", List.of(Long.MIN_VALUE + 1), "MY", List.of(Long.MAX_VALUE >>> 9)), WEEK, 2));
    }

    @Test
    void timesBefore1970AreCheckedToo() {
        assertTrue(CorrelationRule.correlated(Map.of("SG", List.of(-DAY), "MY", List.of(DAY)), WEEK, 2));
        assertFalse(CorrelationRule.correlated(Map.of("SG", List.of(-20 * DAY), "MY", List.of(DAY)), WEEK, 2));
    }

    @Test
    void thePrimitiveCheckAgreesWithTheReferenceOnRandomSightings() {
        java.util.Random random = new java.util.Random(42);
        String[] members = {"BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "TL", "VN"};
        for (int round = 0; round < 5_000; round++) {
            Map<String, List<Long>> sightings = new java.util.TreeMap<>();
            int count = 1 + random.nextInt(members.length);
            // Half the rounds inside one window (the check's shortcut), half spread over a month.
            long spread = round % 2 == 0 ? 5 * DAY : 30 * DAY;
            for (int m = 0; m < count; m++) {
                List<Long> times = new java.util.ArrayList<>();
                for (int t = 1 + random.nextInt(8); t > 0; t--) {
                    times.add(1_700_000_000_000L + (long) (random.nextDouble() * spread));
                }
                java.util.Collections.sort(times);
                sightings.put(members[m], times);
            }
            int min = 2 + random.nextInt(3);
            org.junit.jupiter.api.Assertions.assertEquals(
                    CorrelationRule.correlatedBoxed(sightings, WEEK, min),
                    CorrelationRule.correlated(sightings, WEEK, min),
                    sightings + " min " + min);
        }
    }
}
