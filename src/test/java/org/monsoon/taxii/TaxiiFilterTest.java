package org.monsoon.taxii;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaxiiFilterTest {

    @Test
    void defaultsToTheLatestVersionOfEverythingInOneFullPage() {
        TaxiiFilter filter = TaxiiFilter.parse(null, "last");
        assertEquals(-1, filter.after());
        assertEquals(List.of("last"), filter.versions());
        assertEquals(TaxiiFilter.MAX_PAGE, filter.limit());
        assertTrue(filter.admitsIdAndType("indicator--1", "indicator"));
    }

    @Test
    void readsEveryFilterOfTheSpecification() {
        TaxiiFilter filter = TaxiiFilter.parse(
                "added_after=2026-11-28T07:00:00.000001Z&limit=5"
                        + "&match%5Btype%5D=indicator,report&match[id]=report--1&match[version]=first,all"
                        + "&match[spec_version]=2.1",
                "last");
        assertEquals(TaxiiTime.parseMicros("2026-11-28T07:00:00.000001Z"), filter.after());
        assertEquals(5, filter.limit());
        assertEquals(Set.of("indicator", "report"), filter.types());
        assertTrue(filter.admitsIdAndType("report--1", "report"));
        assertFalse(filter.admitsIdAndType("report--2", "report"));
        assertFalse(filter.admitsIdAndType("report--1", "malware"));
        assertTrue(filter.admitsVersion("2026-01-01T00:00:00.000Z", false, false));
    }

    @Test
    void nextContinuesAfterWhatItNames() {
        assertEquals(
                1234,
                TaxiiFilter.parse("next=1234&added_after=1970-01-01T00:00:00Z", "last")
                        .after());
    }

    @Test
    void aLimitAboveThePageIsCappedAndSpecVersionTwoZeroMatchesNothing() {
        assertEquals(
                TaxiiFilter.MAX_PAGE, TaxiiFilter.parse("limit=999999", "last").limit());
        assertFalse(TaxiiFilter.parse("match[spec_version]=2.0", "last").admitsIdAndType("x", "indicator"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "last                       | false | false | true",
                "first                      | true  | false | false",
                "all                        | true  | true  | true",
                "2026-11-21T09:00:00Z       | true  | false | false",
                "2026-11-21T09:00:00.000Z   | true  | false | false",
                "'first,last'               | true  | false | true",
            })
    void versionFilter(String wanted, boolean matchesFirstAtNine, boolean matchesMiddle, boolean matchesLast) {
        TaxiiFilter filter = TaxiiFilter.parse("match[version]=" + wanted, "last");
        assertEquals(matchesFirstAtNine, filter.admitsVersion("2026-11-21T09:00:00.000Z", true, false));
        assertEquals(matchesMiddle, filter.admitsVersion("2026-11-21T10:00:00.000Z", false, false));
        assertEquals(matchesLast, filter.admitsVersion("2026-11-21T11:00:00.000Z", false, true));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "limit=0                   | 'limit' must be a positive integer",
                "limit=ten                 | 'limit' must be a positive integer",
                "next=abc                  | 'next' is not a value this server gave out",
                "added_after=yesterday     | 'yesterday' is not an RFC 3339 timestamp",
                "match[version]=newest     | 'newest' is not an RFC 3339 timestamp",
                "match[relationships]=all  | unsupported filter match[relationships]",
            })
    void refusesWhatItCannotHonour(String query, String message) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> TaxiiFilter.parse(query, "last"));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }
}
