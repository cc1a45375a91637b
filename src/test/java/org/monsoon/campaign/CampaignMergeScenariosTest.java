package org.monsoon.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.monsoon.testing.PipelineFixture.values;
import static org.monsoon.testing.ReportBuilder.aReport;
import static org.monsoon.testing.ReportBuilder.day;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.monsoon.schema.Advisory;
import org.monsoon.schema.AdvisoryStatus;
import org.monsoon.schema.IndicatorType;
import org.monsoon.testing.PipelineFixture;

/**
 * Merges where the older advisory, which survives, is the smaller campaign: the state moves the cheap
 * way round (the older advisory's id goes to the larger campaign's state), and nothing an analyst sees
 * differs from moving the larger one: the older id survives with everything, the younger is published
 * once more as MERGED with what it held, and later reports, withdrawals and merges find the survivor.
 */
class CampaignMergeScenariosTest {
    @AutoClose
    private final PipelineFixture pipeline = PipelineFixture.scenario();

    @Test
    void anOlderSmallCampaignSurvivesALargerYoungerOneItMergesWith() {
        String older = olderSmallAndYoungerLarge();
        String younger = idListing("198.18.7.1");

        send("ID", "bridge", day(2), "alpha.example", "198.18.7.1");

        Advisory survivor = pipeline.latest().get(older);
        assertEquals(AdvisoryStatus.ACTIVE, survivor.getStatus());
        assertEquals(List.of("198.18.7.1", "198.18.7.2", "198.18.7.3", "alpha.example"), values(survivor));
        assertEquals(List.of("ID", "MY", "SG", "TH", "VN"), survivor.getCountries());
        assertEquals(5, survivor.getReportCount());
        assertEquals(2, survivor.getVersion(), "the older advisory's versions go on");
        Advisory merged = pipeline.latest().get(younger);
        assertEquals(AdvisoryStatus.MERGED, merged.getStatus());
        assertEquals(older, merged.getSupersededBy());
        assertEquals(2, merged.getVersion());
        assertEquals(List.of("198.18.7.1", "198.18.7.2", "198.18.7.3"), values(merged), "what it held, nothing more");
        assertEquals(1, mergedVersionsOf(younger), "the merged advisory is emitted once more, once");
        assertEquals(1.0, activeAdvisories());

        // A later report on an indicator the younger campaign brought in reaches the survivor...
        send("PH", "ph-1", day(3), "198.18.7.2");
        assertEquals(
                List.of("ID", "MY", "PH", "SG", "TH", "VN"),
                pipeline.latest().get(older).getCountries());
        // ...and so does a withdrawal of one of its reports.
        pipeline.withdraw("TH", "b1", day(3));
        Advisory after = pipeline.latest().get(older);
        assertEquals(List.of("ID", "MY", "PH", "SG", "VN"), after.getCountries());
        assertEquals(5, after.getReportCount());
        assertEquals(AdvisoryStatus.ACTIVE, after.getStatus());
        assertEquals(2, pipeline.latest().size(), "no other advisory appeared");
        assertEquals(1, mergedVersionsOf(younger), "the merged advisory is never published again");
        assertEquals(1.0, activeAdvisories());
    }

    @Test
    void aSurvivorWhoseIdWasMovedCanItselfBeMergedIntoAnOlderOne() {
        String first = olderSmallAndYoungerLarge();
        send("ID", "bridge", day(2), "alpha.example", "198.18.7.1");
        // An even older campaign, observed before any of them, with one indicator.
        send("LA", "oldest-1", day(-3), "omega.example");
        send("KH", "oldest-2", day(-3), "omega.example");
        String oldest = idListing("omega.example");

        send("BN", "bridge-2", day(4), "omega.example", "198.18.7.3");

        Advisory survivor = pipeline.latest().get(oldest);
        assertEquals(AdvisoryStatus.ACTIVE, survivor.getStatus());
        assertEquals(
                List.of("198.18.7.1", "198.18.7.2", "198.18.7.3", "alpha.example", "omega.example"), values(survivor));
        assertEquals(8, survivor.getReportCount());
        Advisory merged = pipeline.latest().get(first);
        assertEquals(AdvisoryStatus.MERGED, merged.getStatus());
        assertEquals(oldest, merged.getSupersededBy());
        assertEquals(4, values(merged).size(), "the first survivor is retired listing what it held");
        assertEquals(1.0, activeAdvisories());

        send("SG", "later", day(5), "alpha.example");
        assertEquals(3, pipeline.latest().size(), "a later report finds the newest survivor");
        assertEquals(AdvisoryStatus.MERGED, pipeline.latest().get(first).getStatus());
    }

    @Test
    void anIndicatorThatFoundedALivingCampaignStartsANewOneWhenItCorrelatesAgainApart() {
        send("SG", "a1", day(0), "alpha.example");
        send("MY", "a2", day(0), "alpha.example");
        String founded = idListing("alpha.example");
        send("TH", "t1", day(1), "alpha.example", "beta.example");
        send("TH", "t2", day(1), "beta.example");
        send("VN", "v1", day(1), "beta.example");
        assertEquals(
                List.of("alpha.example", "beta.example"),
                values(pipeline.latest().get(founded)));
        // alpha.example stops correlating; the campaign lives on with beta.example.
        pipeline.withdraw("SG", "a1", day(2));
        pipeline.withdraw("TH", "t1", day(2));
        assertEquals(List.of("beta.example"), values(pipeline.latest().get(founded)));

        // alpha.example correlates again, in reports that share nothing with that campaign.
        send("PH", "p1", day(3), "alpha.example");

        Map<String, Advisory> latest = pipeline.latest();
        assertEquals(2, latest.size());
        String again = idListing("alpha.example");
        assertNotEquals(founded, again, "the founder's id is still published by the campaign it founded");
        assertEquals(List.of("beta.example"), values(latest.get(founded)));
        assertEquals(List.of("TH", "VN"), latest.get(founded).getCountries());
        assertEquals(List.of("MY", "PH"), latest.get(again).getCountries());
        assertEquals(2.0, activeAdvisories());
    }

    /** SG and MY share one domain on day 0; TH and VN share three addresses on day 1. The older id. */
    private String olderSmallAndYoungerLarge() {
        send("SG", "a1", day(0), "alpha.example");
        send("MY", "a2", day(0), "alpha.example");
        send("TH", "b1", day(1), "198.18.7.1", "198.18.7.2", "198.18.7.3");
        send("VN", "b2", day(1), "198.18.7.1", "198.18.7.2", "198.18.7.3");
        assertEquals(2, pipeline.latest().size());
        return idListing("alpha.example");
    }

    private void send(String member, String id, Instant observed, String... indicators) {
        var report = aReport().from(member).withId(id).observedAt(observed);
        for (String indicator : indicators) {
            report.withIndicator(
                    Character.isDigit(indicator.charAt(0)) ? IndicatorType.IPV4 : IndicatorType.DOMAIN, indicator);
        }
        pipeline.send(report.build());
    }

    /** The ACTIVE advisory listing the value. */
    private String idListing(String value) {
        return pipeline.latest().values().stream()
                .filter(a -> a.getStatus() == AdvisoryStatus.ACTIVE && values(a).contains(value))
                .findFirst()
                .orElseThrow()
                .getAdvisoryId();
    }

    private long mergedVersionsOf(String id) {
        return pipeline.allVersions().stream()
                .filter(a -> a.getAdvisoryId().equals(id) && a.getStatus() == AdvisoryStatus.MERGED)
                .count();
    }

    private double activeAdvisories() {
        return pipeline.metrics
                .registry()
                .get("monsoon.active.advisories")
                .gauge()
                .value();
    }
}
