package org.monsoon.correlate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.monsoon.schema.IndicatorState;
import org.monsoon.schema.MemberTimes;
import org.monsoon.schema.RestrictedHolding;

/** The pure rules of the private match notices. */
class MatchNoticesTest {
    private static final long WINDOW = Duration.ofDays(7).toMillis();
    private static final long DAY = Duration.ofDays(1).toMillis();

    /** An indicator TH holds in a restricted report observed on day 10, TH having been told of SG and MY. */
    private static IndicatorTimes thToldOfSgAndMy(boolean told) {
        return new IndicatorTimes(new IndicatorState(
                true,
                List.of(new MemberTimes("SG", List.of(10 * DAY)), new MemberTimes("MY", List.of(11 * DAY))),
                List.of(new RestrictedHolding("TH", "th-red", 10 * DAY)),
                told ? Map.of("TH", "MY,SG") : Map.of(),
                new java.util.ArrayList<>(),
                false));
    }

    @Test
    void aSightingNeedsANoticeOnlyIfItCanNameItsMemberToSomeoneNotYetToldOfIt() {
        Object[][] table = {
            // told of SG and MY?, member, observed on day, already named (no notice to compute)
            {true, "SG", 12L, true},
            {true, "MY", 3L, true},
            {true, "VN", 12L, false},
            {true, "VN", 3L, false},
            {true, "VN", 17L, false},
            {true, "VN", 18L, true}, // more than a window after the restricted report: cannot be named
            {true, "VN", 2L, true}, // more than a window before it
            {true, "TH", 12L, true}, // the recipient's own shareable report is never named to it
            {false, "SG", 12L, false}, // not told yet
            {false, "SG", 30L, true},
        };
        for (Object[] row : table) {
            assertEquals(
                    row[3],
                    MatchNotices.alreadyNamed(
                            thToldOfSgAndMy((Boolean) row[0]), (String) row[1], (Long) row[2] * DAY, WINDOW),
                    java.util.Arrays.toString(row));
        }
        IndicatorTimes noRestricted = new IndicatorTimes(new IndicatorState(
                true,
                List.of(new MemberTimes("SG", List.of(DAY))),
                List.of(),
                Map.of(),
                new java.util.ArrayList<>(),
                false));
        assertEquals(true, MatchNotices.alreadyNamed(noRestricted, "VN", DAY, WINDOW));
    }

    @Test
    void everyRecipientWithAReportInTheWindowMustHaveBeenToldNotOnlyTheFirst() {
        IndicatorTimes times = new IndicatorTimes(new IndicatorState(
                true,
                List.of(new MemberTimes("SG", List.of(10 * DAY)), new MemberTimes("MY", List.of(11 * DAY))),
                List.of(
                        new RestrictedHolding("TH", "th-1", 10 * DAY),
                        new RestrictedHolding("TH", "th-2", 11 * DAY),
                        new RestrictedHolding("ID", "id-1", 30 * DAY),
                        new RestrictedHolding("TH", "th-3", 31 * DAY)),
                Map.of("TH", "MY,SG", "ID", "SG"),
                new java.util.ArrayList<>(),
                false));
        assertEquals(true, MatchNotices.alreadyNamed(times, "MY", 12 * DAY, WINDOW), "only TH's reports in the window");
        assertEquals(false, MatchNotices.alreadyNamed(times, "MY", 29 * DAY, WINDOW), "ID was never told of MY");
        assertEquals(true, MatchNotices.alreadyNamed(times, "SG", 29 * DAY, WINDOW), "both were told of SG");
    }

    @Test
    void aListOfMemberCodesNamesOnlyWholeCodes() {
        Object[][] table = {
            {"SG", "SG", true},
            {"MY,SG,TH", "SG", true},
            {"MY,SG,TH", "MY", true},
            {"MY,SG,TH", "TH", true},
            {"MY,SG,TH", "VN", false},
            {"MYS,SGP", "MY", false},
            {"XMY", "MY", false},
            {"", "MY", false},
            {"MY,", "MY", true},
        };
        for (Object[] row : table) {
            assertEquals(
                    row[2], MatchNotices.namesMember((String) row[0], (String) row[1]), row[0] + " names " + row[1]);
        }
    }
}
