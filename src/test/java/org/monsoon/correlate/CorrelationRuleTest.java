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
}
