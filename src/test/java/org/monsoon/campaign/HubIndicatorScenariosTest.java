package org.monsoon.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.monsoon.testing.ReportBuilder.aReport;
import static org.monsoon.testing.ReportBuilder.day;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.monsoon.misp.MispExporter;
import org.monsoon.schema.Advisory;
import org.monsoon.schema.AdvisoryIndicator;
import org.monsoon.schema.AdvisoryStatus;
import org.monsoon.schema.IndicatorType;
import org.monsoon.stix.StixExporter;
import org.monsoon.testing.ReportBuilder;
import org.monsoon.testing.RestartablePipeline;

/**
 * Hub indicators (design.md): a correlated indicator held by more than {@code hub-reports} shareable
 * reports within the window stays listed, marked as a hub, but connects no campaigns. Here
 * {@code hub-reports} is 3, so the fifth report holding a value makes it a hub.
 */
class HubIndicatorScenariosTest {
    private static final String HUB = "shared-host.example";

    @AutoClose
    private final RestartablePipeline pipeline =
            new RestartablePipeline(ReportBuilder.T0.plus(Duration.ofDays(60)), config -> config.withHubReports(3));

    private void send(String member, String id, int day, String... domains) {
        ReportBuilder report = aReport().from(member).withId(id).observedAt(day(day));
        for (String domain : domains) {
            report.withIndicator(IndicatorType.DOMAIN, domain);
        }
        pipeline.send(report.build());
    }

    private Map<String, Advisory> latest() {
        pipeline.advance(Duration.ofSeconds(2), Duration.ofSeconds(1));
        Map<String, Advisory> latest = new TreeMap<>();
        pipeline.written().forEach(a -> latest.put(a.getAdvisoryId(), a));
        return latest;
    }

    private List<Advisory> active() {
        return latest().values().stream()
                .filter(a -> a.getStatus() == AdvisoryStatus.ACTIVE)
                .toList();
    }

    private static AdvisoryIndicator listed(Advisory a, String value) {
        return a.getIndicators().stream()
                .filter(i -> i.getValue().equals(value))
                .findFirst()
                .orElse(null);
    }

    /** A campaign around alpha.example whose reports also hold the shared host, which becomes a hub. */
    private void aCampaignAndAHub() {
        send("SG", "sg-1", 0, "alpha.example", HUB);
        send("MY", "my-1", 0, "alpha.example", HUB);
        send("ID", "id-1", 1, HUB);
        send("PH", "ph-1", 1, HUB);
    }

    @Test
    void aHubStaysListedMarkedAndCountedButMergesNoCampaigns() {
        aCampaignAndAHub();
        send("TH", "th-1", 2, "bravo.example", HUB);
        send("VN", "vn-1", 2, "bravo.example", HUB);

        List<Advisory> active = active();
        assertEquals(2, active.size(), "two campaigns the hub would have glued: " + active);
        Advisory alpha = active.stream()
                .filter(a -> listed(a, "alpha.example") != null)
                .findFirst()
                .orElseThrow();
        Advisory bravo = active.stream()
                .filter(a -> listed(a, "bravo.example") != null)
                .findFirst()
                .orElseThrow();
        assertTrue(listed(alpha, HUB).getHub(), "listed and marked");
        assertEquals(
                List.of("ID", "MY", "PH", "SG", "TH", "VN"), listed(alpha, HUB).getCountries());
        assertEquals(null, listed(bravo, HUB), "listed once");
        assertFalse(listed(alpha, "alpha.example").getHub());
        assertEquals(List.of("TH", "VN"), bravo.getCountries());
        assertEquals(1.0, hubs());

        assertTrue(new StixExporter("ASEAN").bundle(alpha).toString().contains("\"labels\":[\"hub\"]"));
        assertTrue(new MispExporter("ASEAN").event(alpha).toString().contains(MispExporter.HUB_TAG));
    }

    @Test
    void aHubBroughtUnderTheThresholdByWithdrawalsStaysAHubUntilItStopsCorrelating() {
        aCampaignAndAHub();
        pipeline.withdraw("ID", "id-1", day(3));
        pipeline.withdraw("PH", "ph-1", day(3));
        Advisory alpha = active().get(0);
        assertTrue(listed(alpha, HUB).getHub(), "two reports left, still correlated: still a hub");
        assertEquals(List.of("MY", "SG"), listed(alpha, HUB).getCountries());

        send("MY", "my-1", 0, "alpha.example"); // the hub no longer correlates: dropped from the campaign
        assertEquals(null, listed(active().get(0), HUB));
        assertEquals(0.0, hubs());

        send("TH", "th-1", 2, "alpha.example", HUB); // correlates again, under the threshold: connects again
        Advisory again = active().get(0);
        assertFalse(listed(again, HUB).getHub());
        assertEquals(List.of("SG", "TH"), listed(again, HUB).getCountries());
    }

    /** Two campaigns the hub did not glue, then a report of both that merges them. */
    private void twoCampaignsThroughAHubThenABridge(Runnable beforeTheBridge) {
        aCampaignAndAHub();
        send("TH", "th-1", 2, "bravo.example", HUB);
        send("VN", "vn-1", 2, "bravo.example", HUB);
        beforeTheBridge.run();
        send("KH", "kh-1", 3, "alpha.example", "bravo.example");
    }

    @Test
    void reportsBothCampaignsCountedThroughAHubCountOnceWhenTheyMerge() {
        twoCampaignsThroughAHubThenABridge(() -> {});
        assertBridgedOnce();
    }

    @Test
    void stateOfTheReleaseBeforeWithReportsCountedThroughAHubIsCompletedAtStart() {
        twoCampaignsThroughAHubThenABridge(() -> {
            // What format 3 kept: the report index named only the campaign a report was indexed in.
            var index = pipeline.<String>store(CampaignStores.REPORT_INDEX);
            List<org.apache.kafka.streams.KeyValue<String, String>> entries = new java.util.ArrayList<>();
            try (var it = index.all()) {
                it.forEachRemaining(entries::add);
            }
            int hubOnly = 0;
            for (var entry : entries) {
                List<ReportPlaces.Place> indexed = ReportPlaces.parse(entry.value).places().stream()
                        .filter(ReportPlaces.Place::indexed)
                        .toList();
                hubOnly += ReportPlaces.parse(entry.value).places().size() - indexed.size();
                if (indexed.isEmpty()) {
                    index.delete(entry.key);
                } else {
                    index.put(entry.key, indexed.get(0).part());
                }
            }
            assertEquals(3, hubOnly, "ph-1 (linked once the value was a hub) and th-1, vn-1 (the hub besides bravo)");
            pipeline.<String>store(CampaignStores.PARTS).delete("mark|" + CampaignStores.REPORT_INDEX);
            pipeline.restart();
        });
        assertBridgedOnce();
    }

    private void assertBridgedOnce() {
        List<Advisory> active = active();
        assertEquals(1, active.size(), "the bridge merged them: " + active);
        Advisory merged = active.get(0);
        assertEquals(7, merged.getReportCount(), "th-1 and vn-1 counted in both before, once now");
        assertEquals(List.of("ID", "KH", "MY", "PH", "SG", "TH", "VN"), merged.getCountries());
        // Withdrawing a report both counted takes it out once, and its hub link with it.
        pipeline.withdraw("TH", "th-1", day(4));
        assertEquals(6, active().get(0).getReportCount());
        assertEquals(
                List.of("ID", "MY", "PH", "SG", "VN"),
                listed(active().get(0), HUB).getCountries());
    }

    @Test
    void aHubSurvivesARestart() {
        aCampaignAndAHub();
        pipeline.restart();
        send("TH", "th-1", 2, "bravo.example", HUB);
        send("VN", "vn-1", 2, "bravo.example", HUB);
        assertEquals(2, active().size());
        assertEquals(1.0, hubs(), "counted again from the campaign stage's state");
    }

    private double hubs() {
        return pipeline.metrics()
                .registry()
                .get("monsoon.hub.indicators")
                .gauge()
                .value();
    }
}
