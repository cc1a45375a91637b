package org.monsoon.correlate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.monsoon.schema.IndicatorState;
import org.monsoon.schema.MemberTimes;

/**
 * {@link IndicatorTimes} shares the stored state's lists instead of copying them, so it must never
 * change the state it was read from: the decoded store hands the same object to every reader.
 */
class IndicatorTimesTest {
    private static IndicatorState stored() {
        return new IndicatorState(
                true,
                new ArrayList<>(List.of(
                        new MemberTimes("MY", new ArrayList<>(List.of(1L, 5L, 9L))),
                        new MemberTimes("SG", new ArrayList<>(List.of(2L, 3L))))),
                new ArrayList<>(),
                Map.of(),
                new java.util.ArrayList<>(),
                false);
    }

    @Test
    void pruningForgetsEarlyTimesWithoutTouchingTheStoredState() {
        IndicatorState state = stored();
        IndicatorTimes times = new IndicatorTimes(state);

        assertTrue(times.pruneBefore(4));

        assertEquals(Map.of("MY", List.of(5L, 9L)), times.byMember(), "SG's times were all before the cutoff");
        assertEquals(stored(), state, "the state read from the store is unchanged");
        assertEquals(
                List.of("MY"),
                times.toState(true).getMembers().stream()
                        .map(MemberTimes::getMember)
                        .toList());
    }

    @Test
    void pruningNothingReportsNothingAndKeepsEveryMember() {
        IndicatorTimes times = new IndicatorTimes(stored());

        assertFalse(times.pruneBefore(1));

        assertEquals(Map.of("MY", List.of(1L, 5L, 9L), "SG", List.of(2L, 3L)), times.byMember());
    }

    @Test
    void timesOutOfOrderArePrunedAllTheSame() {
        IndicatorState state = new IndicatorState(
                false,
                List.of(new MemberTimes("TH", new ArrayList<>(List.of(7L, 2L, 8L)))),
                List.of(),
                Map.of(),
                new java.util.ArrayList<>(),
                false);
        IndicatorTimes times = new IndicatorTimes(state);

        assertTrue(times.pruneBefore(5));

        assertEquals(Map.of("TH", List.of(7L, 8L)), times.byMember());
        assertEquals(List.of(7L, 2L, 8L), state.getMembers().get(0).getTimes());
    }

    @Test
    void settingAMemberReplacesItsListInsteadOfChangingIt() {
        IndicatorState state = stored();
        IndicatorTimes times = new IndicatorTimes(state);

        times.set("SG", List.of(4L));
        times.set("MY", List.of());

        assertEquals(Map.of("SG", List.of(4L)), times.byMember());
        assertEquals(stored(), state);
        assertEquals(4L, times.latest());
    }

    @Test
    void aMembersEarliestRestrictedReportGivesWayPastTheBoundAndNoOtherMembersDoes() {
        IndicatorTimes times = new IndicatorTimes(null);
        times.putRestricted("TH", "th-early", 1);
        int bound = IndicatorTimes.RESTRICTED_PER_MEMBER;
        for (int i = 0; i < bound; i++) {
            times.putRestricted("MY", "my-" + i, 100 - i); // the last one is the earliest
        }
        times.putRestricted("MY", "my-again", 500);
        times.putRestricted("MY", "my-again", 600); // the same report again: replaced, not counted twice

        List<String> kept =
                times.restricted().stream().map(r -> r.getReportId()).sorted().toList();
        List<String> expected = new ArrayList<>();
        expected.add("my-again");
        for (int i = 0; i < bound - 1; i++) {
            expected.add("my-" + i);
        }
        expected.add("th-early");
        assertEquals(expected.stream().sorted().toList(), kept, "my-" + (bound - 1) + " was MY's earliest");
        assertEquals(600L, times.latest());
    }

    @Test
    void aMemberAddedLaterIsStillListedAndStoredInMemberOrder() {
        IndicatorTimes times = new IndicatorTimes(stored()); // MY, SG
        times.set("BN", List.of(4L));
        times.set("TH", List.of(6L));

        assertEquals(List.of("BN", "MY", "SG", "TH"), times.members());
        assertEquals(
                List.of("BN", "MY", "SG", "TH"),
                new ArrayList<>(times.byMember().keySet()));
        assertEquals(
                List.of("BN", "MY", "SG", "TH"),
                times.spans().stream().map(s -> s.getMember()).toList());
        assertEquals(
                List.of("BN", "MY", "SG", "TH"),
                times.toState(true).getMembers().stream()
                        .map(MemberTimes::getMember)
                        .toList());
    }
}
