package org.monsoon.advisory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.monsoon.correlate.IndicatorKey;
import org.monsoon.schema.AdvisoryIndicator;
import org.monsoon.schema.CampaignIndicator;
import org.monsoon.schema.IndicatorType;
import org.monsoon.schema.MemberSpan;

/** The in-memory advisory lists follow every write, stay within their capacity, and read the store only when they must. */
class AdvisoryViewsTest {
    /** The campaign stage's indicator store, as far as the views see it: campaign to indicator to spans. */
    private final Map<String, Map<String, CampaignIndicator>> store = new HashMap<>();

    private int scans;

    @Test
    void aPublishedCampaignIsScannedOnceThenFollowsItsWrites() {
        AdvisoryViews views = new AdvisoryViews(100);
        write(views, "c1", IndicatorKey.of(IndicatorType.DOMAIN, "b.example"), span("SG", 5, 9));
        write(views, "c1", IndicatorKey.of(IndicatorType.IPV4, "198.51.100.7"), span("TH", 1, 2));
        write(views, "c1", IndicatorKey.of(IndicatorType.DOMAIN, "a.example"), span("MY", 3, 4), span("ID", 2, 8));
        assertFalse(views.holds("c1"), "not published yet: nothing held");

        List<AdvisoryIndicator> first = list(views, "c1");
        assertEquals(1, scans);
        assertTrue(views.holds("c1"));
        assertEquals(
                List.of("198.51.100.7", "a.example", "b.example"), values(first), "by type (IPV4 first), then value");
        assertEquals(List.of("ID", "MY"), first.get(1).getCountries(), "members in order");
        assertEquals(Instant.ofEpochMilli(2), first.get(1).getFirstSeen());
        assertEquals(Instant.ofEpochMilli(8), first.get(1).getLastSeen());

        write(views, "c1", IndicatorKey.of(IndicatorType.DOMAIN, "c.example"), span("VN", 1, 1));
        delete(views, "c1", IndicatorKey.of(IndicatorType.DOMAIN, "b.example"));
        write(views, "c1", IndicatorKey.of(IndicatorType.IPV4, "198.51.100.7"), span("TH", 1, 20));
        List<AdvisoryIndicator> second = list(views, "c1");
        assertEquals(1, scans, "the second version reads no state");
        assertEquals(List.of("198.51.100.7", "a.example", "c.example"), values(second));
        assertEquals(Instant.ofEpochMilli(20), second.get(0).getLastSeen());
        assertEquals(expected("c1"), second);
    }

    @Test
    void theLeastRecentlyUsedViewsGiveWayAndACampaignLargerThanTheCapacityIsAlwaysScanned() {
        AdvisoryViews views = new AdvisoryViews(5);
        for (int i = 0; i < 3; i++) {
            write(views, "small", IndicatorKey.of(IndicatorType.DOMAIN, "s" + i + ".example"), span("SG", 1, 1));
            write(views, "other", IndicatorKey.of(IndicatorType.DOMAIN, "o" + i + ".example"), span("MY", 1, 1));
        }
        for (int i = 0; i < 6; i++) {
            write(views, "large", IndicatorKey.of(IndicatorType.MD5, "%032x".formatted(i)), span("TH", 1, 1));
        }
        list(views, "small");
        list(views, "other");
        assertFalse(views.holds("small"), "three and three do not fit in five: the older gave way");
        assertTrue(views.holds("other"));
        assertEquals(3, views.held());

        assertEquals(expected("large"), list(views, "large"));
        assertEquals(expected("large"), list(views, "large"));
        assertFalse(views.holds("large"), "six never fit in five");
        assertEquals(4, scans, "small, other, and large twice");
        assertTrue(views.holds("other"), "a campaign too large to hold pushes nothing out");

        for (int i = 3; i < 6; i++) {
            write(views, "other", IndicatorKey.of(IndicatorType.DOMAIN, "o" + i + ".example"), span("MY", 1, 1));
        }
        assertFalse(views.holds("other"), "grown past the capacity: dropped");
        assertEquals(0, views.held());
        assertEquals(expected("other"), list(views, "other"));
    }

    @Test
    void aDroppedCampaignIsReadAgain() {
        AdvisoryViews views = new AdvisoryViews(100);
        write(views, "c1", IndicatorKey.of(IndicatorType.DOMAIN, "a.example"), span("SG", 1, 1));
        list(views, "c1");
        views.drop("c1");
        assertFalse(views.holds("c1"));
        assertEquals(0, views.held());
        store.remove("c1");
        write(views, "c1", IndicatorKey.of(IndicatorType.DOMAIN, "z.example"), span("SG", 1, 1));
        assertEquals(List.of("z.example"), values(list(views, "c1")));
        assertEquals(2, scans);
    }

    /** Random writes, deletes, drops and publications of a few campaigns: a view always lists what a scan would. */
    @Test
    void whateverTheWritesAViewListsWhatAScanWould() {
        Random random = new Random(20261128L);
        AdvisoryViews views = new AdvisoryViews(40);
        String[] members = {"BN", "ID", "MY", "SG", "TH", "VN"};
        for (int step = 0; step < 20_000; step++) {
            String campaign = "c" + random.nextInt(4);
            String indicator =
                    IndicatorKey.of(IndicatorType.values()[random.nextInt(3)], "v" + random.nextInt(30) + ".example");
            int op = random.nextInt(10);
            if (op < 5) {
                long first = random.nextInt(1_000);
                write(
                        views,
                        campaign,
                        indicator,
                        span(members[random.nextInt(members.length)], first, first + random.nextInt(100)),
                        span(members[random.nextInt(members.length)], first, first + 1));
            } else if (op < 7) {
                delete(views, campaign, indicator);
            } else if (op < 8) {
                store.remove(campaign);
                views.drop(campaign);
            } else {
                assertEquals(expected(campaign), list(views, campaign), "step " + step);
            }
            assertTrue(views.held() <= 40, "step " + step);
        }
        assertTrue(scans < 4_000, "most versions were built from views: " + scans + " scans");
    }

    private void write(AdvisoryViews views, String campaign, String indicator, MemberSpan... spans) {
        CampaignIndicator value = new CampaignIndicator(new ArrayList<>(List.of(spans)), false);
        store.computeIfAbsent(campaign, c -> new TreeMap<>()).put(indicator, value);
        views.put(campaign, indicator, value);
    }

    private void delete(AdvisoryViews views, String campaign, String indicator) {
        Map<String, CampaignIndicator> indicators = store.get(campaign);
        if (indicators != null) {
            indicators.remove(indicator);
        }
        views.remove(campaign, indicator);
    }

    private List<AdvisoryIndicator> list(AdvisoryViews views, String campaign) {
        return new ArrayList<>(views.indicators(campaign, c -> {
            scans++;
            return new TreeMap<>(store.getOrDefault(c, Map.of()));
        }));
    }

    /** What a version built from the store lists, by the builder's own ordering. */
    private List<AdvisoryIndicator> expected(String campaign) {
        Map<String, CampaignIndicator> indicators = store.getOrDefault(campaign, Map.of());
        List<AdvisoryIndicator> out = new ArrayList<>();
        indicators.forEach((key, spans) -> out.add(AdvisoryViews.indicator(key, spans)));
        out.sort(java.util.Comparator.comparing(AdvisoryIndicator::getType).thenComparing(AdvisoryIndicator::getValue));
        return out;
    }

    private static MemberSpan span(String member, long first, long last) {
        return new MemberSpan(member, first, last);
    }

    private static List<String> values(List<AdvisoryIndicator> indicators) {
        return indicators.stream().map(AdvisoryIndicator::getValue).toList();
    }
}
