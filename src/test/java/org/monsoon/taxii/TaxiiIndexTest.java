package org.monsoon.taxii;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaxiiIndexTest {
    // A clock that stands still: date_added must still strictly increase.
    private final TaxiiIndex index =
            new TaxiiIndex(Clock.fixed(Instant.parse("2026-11-28T07:00:00Z"), ZoneOffset.UTC), 100);

    private static ObjectNode object(String id, String modified) {
        return JsonNodeFactory.instance
                .objectNode()
                .put("type", id.substring(0, id.indexOf("--")))
                .put("id", id)
                .put("spec_version", "2.1")
                .put("modified", modified);
    }

    private static List<String> ids(TaxiiIndex.Page page) {
        return page.entries().stream().map(e -> e.id() + "@" + e.version()).toList();
    }

    @Test
    void dateAddedStrictlyIncreasesEvenWhenTheClockDoesNot() {
        TaxiiIndex.Entry a = index.add(object("indicator--a", "2026-11-21T09:00:00.000Z"));
        TaxiiIndex.Entry b = index.add(object("indicator--b", "2026-11-21T09:00:00.000Z"));
        assertTrue(b.addedMicros() > a.addedMicros());
        assertEquals("2026-11-28T07:00:00.000000Z", a.dateAdded());
        assertEquals("2026-11-28T07:00:00.000001Z", b.dateAdded());
    }

    @Test
    void theDefaultShowsTheLatestVersionOfEachObjectAndAllShowsEvery() {
        index.add(object("indicator--a", "2026-11-21T09:00:00.000Z"));
        index.add(object("report--r", "2026-11-21T09:00:00.000Z"));
        index.add(object("indicator--a", "2026-11-21T10:00:00.000Z"));
        assertEquals(
                List.of("report--r@2026-11-21T09:00:00.000Z", "indicator--a@2026-11-21T10:00:00.000Z"),
                ids(index.query(TaxiiFilter.parse("", "last"))));
        assertEquals(
                List.of("indicator--a@2026-11-21T09:00:00.000Z"),
                ids(index.query(TaxiiFilter.parse("match[version]=first&match[type]=indicator", "last"))));
        assertEquals(
                3,
                index.query(TaxiiFilter.parse("match[version]=all", "last"))
                        .entries()
                        .size());
        assertEquals(2, index.versionsOf("indicator--a").size());
    }

    @Test
    void pagesFollowNextWithoutGapsOrRepeats() {
        for (int i = 0; i < 7; i++) {
            index.add(object("indicator--" + i, "2026-11-21T09:00:00.000Z"));
        }
        TaxiiIndex.Page first = index.query(TaxiiFilter.parse("limit=3", "last"));
        assertTrue(first.more());
        TaxiiIndex.Page second = index.query(TaxiiFilter.parse("limit=3&next=" + first.next(), "last"));
        TaxiiIndex.Page third = index.query(TaxiiFilter.parse("limit=3&next=" + second.next(), "last"));
        assertFalse(third.more());
        assertEquals(
                List.of(
                        "indicator--0",
                        "indicator--1",
                        "indicator--2",
                        "indicator--3",
                        "indicator--4",
                        "indicator--5",
                        "indicator--6"),
                java.util.stream.Stream.of(first, second, third)
                        .flatMap(p -> p.entries().stream())
                        .map(TaxiiIndex.Entry::id)
                        .toList());
        assertEquals(null, third.next());
    }

    @Test
    void addedAfterGivesOnlyWhatCameLater() {
        TaxiiIndex.Entry before = index.add(object("indicator--a", "2026-11-21T09:00:00.000Z"));
        index.add(object("indicator--b", "2026-11-21T09:00:00.000Z"));
        index.add(object("indicator--a", "2026-11-21T10:00:00.000Z"));
        assertEquals(
                List.of("indicator--b@2026-11-21T09:00:00.000Z", "indicator--a@2026-11-21T10:00:00.000Z"),
                ids(index.query(TaxiiFilter.parse("added_after=" + before.dateAdded(), "last"))));
    }

    @Test
    void pastItsBoundItDropsSupersededVersionsFirstThenTheOldest() {
        TaxiiIndex small = new TaxiiIndex(Clock.systemUTC(), 3);
        small.add(object("indicator--a", "2026-11-21T09:00:00.000Z"));
        small.add(object("indicator--a", "2026-11-21T10:00:00.000Z"));
        small.add(object("indicator--b", "2026-11-21T09:00:00.000Z"));
        small.add(object("indicator--c", "2026-11-21T09:00:00.000Z"));
        assertEquals(3, small.size());
        assertEquals(
                List.of("2026-11-21T10:00:00.000Z"),
                small.versionsOf("indicator--a").stream()
                        .map(TaxiiIndex.Entry::version)
                        .toList());
        small.add(object("indicator--d", "2026-11-21T09:00:00.000Z"));
        assertEquals(3, small.size(), "the bound holds when only latest versions are left");
        assertEquals(List.of(), small.versionsOf("indicator--a"), "the oldest went");
        assertTrue(small.latest("indicator--a").isEmpty());
        assertEquals(
                List.of("indicator--b", "indicator--c", "indicator--d"),
                small.query(TaxiiFilter.parse("", "last")).entries().stream()
                        .map(TaxiiIndex.Entry::id)
                        .toList());
    }
}
