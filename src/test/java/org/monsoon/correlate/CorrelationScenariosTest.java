package org.monsoon.correlate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.monsoon.testing.PipelineFixture.values;
import static org.monsoon.testing.ReportBuilder.T0;
import static org.monsoon.testing.ReportBuilder.aReport;
import static org.monsoon.testing.ReportBuilder.day;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.monsoon.schema.Advisory;
import org.monsoon.schema.AdvisoryStatus;
import org.monsoon.schema.IndicatorType;
import org.monsoon.schema.Severity;
import org.monsoon.schema.Tlp;
import org.monsoon.schema.WarninglistMatch;
import org.monsoon.serde.AvroJson;
import org.monsoon.testing.PipelineFixture;

/** The correlation, campaign and advisory semantics of the contract, scenario by scenario. */
class CorrelationScenariosTest {
    @AutoClose
    private final PipelineFixture pipeline = PipelineFixture.scenario();

    private Advisory onlyAdvisory() {
        return pipeline.onlyAdvisory();
    }

    @Test
    void twoMembersReportingTheSameDomainGiveOneAdvisory() {
        pipeline.send(aReport()
                .from("SG")
                .withId("sg-1")
                .observedAt(day(0))
                .withIndicator(IndicatorType.DOMAIN, "evil.example")
                .build());
        assertTrue(pipeline.latest().isEmpty(), "one member is not a correlation");
        pipeline.send(aReport()
                .from("MY")
                .withId("my-1")
                .observedAt(day(2))
                .withIndicator(IndicatorType.DOMAIN, "EVIL.example")
                .build());
        Advisory advisory = onlyAdvisory();
        assertEquals(AdvisoryStatus.ACTIVE, advisory.getStatus());
        assertEquals(1, advisory.getVersion());
        assertEquals(List.of("MY", "SG"), advisory.getCountries());
        assertEquals(List.of("evil.example"), values(advisory));
        assertEquals(List.of("MY", "SG"), advisory.getIndicators().get(0).getCountries());
        assertEquals(day(0), advisory.getFirstSeen());
        assertEquals(day(2), advisory.getLastSeen());
        assertEquals(2, advisory.getReportCount());
        assertTrue(advisory.getTitle().contains("evil.example"), advisory.getTitle());
        assertFalse(advisory.getRecommendedActions().isEmpty());
    }

    @Test
    void oneMemberReportingTwiceGivesNone() {
        pipeline.send(aReport()
                .from("SG")
                .withId("sg-1")
                .observedAt(day(0))
                .withIndicator(IndicatorType.IPV4, "203.0.114.9")
                .build());
        pipeline.send(aReport()
                .from("SG")
                .withId("sg-2")
                .observedAt(day(1))
                .withIndicator(IndicatorType.IPV4, "203.0.114.9")
                .build());
        assertTrue(pipeline.latest().isEmpty());
    }

    @Test
    void twoMembersEightDaysApartGiveNone() {
        pipeline.send(aReport()
                .from("SG")
                .withId("sg-1")
                .observedAt(day(0))
                .withIndicator(IndicatorType.DOMAIN, "slow.example")
                .build());
        pipeline.send(aReport()
                .from("MY")
                .withId("my-1")
                .observedAt(day(8))
                .withIndicator(IndicatorType.DOMAIN, "slow.example")
                .build());
        assertTrue(pipeline.latest().isEmpty());
    }

    @Test
    void aWarninglistedValueFromFiveMembersGivesNone() {
        pipeline.warninglist(WarninglistMatch.HOSTNAME, "google.com");
        pipeline.warninglist(WarninglistMatch.CIDR, "8.8.8.0/24");
        for (String member : List.of("SG", "MY", "TH", "VN", "ID")) {
            pipeline.send(aReport()
                    .from(member)
                    .withId(member + "-1")
                    .observedAt(day(1))
                    .withIndicator(IndicatorType.DOMAIN, "mail.google.com")
                    .withIndicator(IndicatorType.IPV4, "8.8.8.8")
                    .build());
        }
        assertTrue(pipeline.latest().isEmpty(), "advisories: " + pipeline.latest());
        assertEquals(10.0, pipeline.metrics.count("monsoon.indicators.warninglisted"));
    }

    @Test
    void redAndAmberStrictReportsCannotTriggerACorrelationAndLeaveNoTrace() {
        pipeline.send(aReport()
                .from("SG")
                .withId("nightjar-1")
                .withTlp(Tlp.RED)
                .withTitle("SECRET operation nightjar")
                .observedAt(day(0))
                .withIndicator(IndicatorType.DOMAIN, "quiet.example")
                .withIndicator(IndicatorType.DOMAIN, "secret-only.example")
                .build());
        pipeline.send(aReport()
                .from("MY")
                .withId("kestrel-1")
                .withTlp(Tlp.AMBER_STRICT)
                .withTitle("Operation kestrel")
                .observedAt(day(0))
                .withIndicator(IndicatorType.DOMAIN, "quiet.example")
                .build());
        assertTrue(pipeline.latest().isEmpty(), "restricted reports alone never correlate");

        pipeline.send(aReport()
                .from("TH")
                .withId("th-1")
                .observedAt(day(1))
                .withIndicator(IndicatorType.DOMAIN, "quiet.example")
                .build());
        assertTrue(pipeline.latest().isEmpty(), "one shareable member plus restricted ones is not a correlation");
        pipeline.send(aReport()
                .from("VN")
                .withId("vn-1")
                .observedAt(day(1))
                .withIndicator(IndicatorType.DOMAIN, "quiet.example")
                .build());

        Advisory advisory = onlyAdvisory();
        assertEquals(List.of("TH", "VN"), advisory.getCountries());
        assertEquals(List.of("TH", "VN"), advisory.getIndicators().get(0).getCountries());
        assertEquals(2, advisory.getReportCount());
        assertEquals(List.of("quiet.example"), values(advisory));
        String everything = pipeline.allVersions().stream()
                .map(a -> AvroJson.toJson(a).toString())
                .toList()
                .toString();
        for (String secret : List.of(
                "\"SG\"",
                "\"MY\"",
                "SG,",
                "MY,",
                "SECRET",
                "nightjar",
                "kestrel",
                "secret-only",
                "RED",
                "AMBER_STRICT")) {
            assertFalse(everything.contains(secret), "'" + secret + "' leaked into " + everything);
        }
        assertEquals(1.0, pipeline.metrics.count("monsoon.reports.restricted", "tlp", "RED"));
        assertEquals(1.0, pipeline.metrics.count("monsoon.reports.restricted", "tlp", "AMBER_STRICT"));
    }

    @Test
    void theTlpIsTheMostRestrictiveOfTheReportsUsed() {
        pipeline.send(aReport()
                .from("SG")
                .withId("sg-1")
                .withTlp(Tlp.CLEAR)
                .observedAt(day(0))
                .withIndicator(IndicatorType.SHA256, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
                .build());
        pipeline.send(aReport()
                .from("MY")
                .withId("my-1")
                .withTlp(Tlp.GREEN)
                .observedAt(day(0))
                .withIndicator(IndicatorType.SHA256, "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08")
                .build());
        assertEquals(Tlp.GREEN, onlyAdvisory().getTlp());
        pipeline.send(aReport()
                .from("TH")
                .withId("th-1")
                .withTlp(Tlp.AMBER)
                .observedAt(day(1))
                .withIndicator(IndicatorType.SHA256, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
                .build());
        Advisory advisory = onlyAdvisory();
        assertEquals(Tlp.AMBER, advisory.getTlp());
        assertEquals(2, advisory.getVersion(), "a new country and a TLP change make a new version");
    }

    @Test
    void aUrlHostLinksToADomainReport() {
        pipeline.send(aReport()
                .from("SG")
                .withId("sg-1")
                .observedAt(day(0))
                .withIndicator(IndicatorType.URL, "hxxps://Cdn.Payload[.]example/a/../drop.bin")
                .build());
        pipeline.send(aReport()
                .from("PH")
                .withId("ph-1")
                .observedAt(day(1))
                .withIndicator(IndicatorType.DOMAIN, "cdn.payload.example")
                .build());
        Advisory advisory = onlyAdvisory();
        assertEquals(List.of("cdn.payload.example"), values(advisory));
        assertEquals(List.of("PH", "SG"), advisory.getCountries());
    }

    @Test
    void idnAndPunycodeFormsCorrelate() {
        pipeline.send(aReport()
                .from("TH")
                .withId("th-1")
                .observedAt(day(0))
                .withIndicator(IndicatorType.DOMAIN, "bücher.example")
                .build());
        pipeline.send(aReport()
                .from("VN")
                .withId("vn-1")
                .observedAt(day(0))
                .withIndicator(IndicatorType.DOMAIN, "xn--bcher-kva.example")
                .build());
        assertEquals(List.of("xn--bcher-kva.example"), values(onlyAdvisory()));
    }

    @Test
    void aBridgingReportMergesTwoCampaignsAndTheOlderSurvives() {
        pipeline.send(aReport()
                .from("SG")
                .withId("a1")
                .observedAt(day(0))
                .withIndicator(IndicatorType.DOMAIN, "alpha.example")
                .build());
        pipeline.send(aReport()
                .from("MY")
                .withId("a2")
                .observedAt(day(0))
                .withIndicator(IndicatorType.DOMAIN, "alpha.example")
                .build());
        pipeline.send(aReport()
                .from("TH")
                .withId("b1")
                .observedAt(day(1))
                .withIndicator(IndicatorType.IPV4, "198.18.7.7")
                .build());
        pipeline.send(aReport()
                .from("VN")
                .withId("b2")
                .observedAt(day(1))
                .withIndicator(IndicatorType.IPV4, "198.18.7.7")
                .build());
        assertEquals(2, pipeline.latest().size());
        String older = pipeline.latest().values().stream()
                .filter(a -> values(a).contains("alpha.example"))
                .findFirst()
                .orElseThrow()
                .getAdvisoryId();
        String younger = pipeline.latest().values().stream()
                .filter(a -> values(a).contains("198.18.7.7"))
                .findFirst()
                .orElseThrow()
                .getAdvisoryId();

        pipeline.send(aReport()
                .from("ID")
                .withId("bridge")
                .observedAt(day(2))
                .withIndicator(IndicatorType.DOMAIN, "alpha.example")
                .withIndicator(IndicatorType.IPV4, "198.18.7.7")
                .build());

        Advisory survivor = pipeline.latest().get(older);
        Advisory merged = pipeline.latest().get(younger);
        assertEquals(AdvisoryStatus.ACTIVE, survivor.getStatus());
        assertEquals(List.of("198.18.7.7", "alpha.example"), values(survivor));
        assertEquals(List.of("ID", "MY", "SG", "TH", "VN"), survivor.getCountries());
        assertEquals(AdvisoryStatus.MERGED, merged.getStatus());
        assertEquals(older, merged.getSupersededBy());
        assertEquals(2, merged.getVersion());
        assertEquals(
                1,
                pipeline.allVersions().stream()
                        .filter(a -> a.getAdvisoryId().equals(younger) && a.getStatus() == AdvisoryStatus.MERGED)
                        .count(),
                "the merged advisory is emitted once more, once");
    }

    @Test
    void onlyAMaterialChangeMakesANewVersion() {
        pipeline.send(aReport()
                .from("SG")
                .withId("sg-1")
                .observedAt(day(0))
                .withSeverity(Severity.LOW)
                .withSector(null)
                .withIndicator(IndicatorType.DOMAIN, "v.example")
                .build());
        pipeline.send(aReport()
                .from("MY")
                .withId("my-1")
                .observedAt(day(0))
                .withSeverity(Severity.LOW)
                .withSector(null)
                .withIndicator(IndicatorType.DOMAIN, "v.example")
                .build());
        assertEquals(1, pipeline.newVersions().size());
        // An exact redelivery, and a repeat sighting from a member already counted: no new version.
        pipeline.send(aReport()
                .from("MY")
                .withId("my-1")
                .observedAt(day(0))
                .withSeverity(Severity.LOW)
                .withSector(null)
                .withIndicator(IndicatorType.DOMAIN, "v.example")
                .build());
        pipeline.send(aReport()
                .from("SG")
                .withId("sg-2")
                .observedAt(day(1))
                .withSeverity(Severity.LOW)
                .withSector(null)
                .withIndicator(IndicatorType.DOMAIN, "v.example")
                .build());
        assertEquals(List.of(), pipeline.newVersions());
        // A new country is material.
        pipeline.send(aReport()
                .from("TH")
                .withId("th-1")
                .observedAt(day(1))
                .withSeverity(Severity.LOW)
                .withSector(null)
                .withIndicator(IndicatorType.DOMAIN, "v.example")
                .build());
        List<Advisory> fresh = pipeline.newVersions();
        assertEquals(1, fresh.size());
        assertEquals(2, fresh.get(0).getVersion());
        assertEquals(Severity.LOW, fresh.get(0).getSeverity(), "more members at LOW are still LOW");
        assertEquals(4, fresh.get(0).getReportCount(), "a material version states the report count too");
    }

    @Test
    void anAdvisoryWithNoSightingForTheWindowExpires() {
        pipeline.send(aReport()
                .from("SG")
                .withId("sg-1")
                .observedAt(day(0))
                .withIndicator(IndicatorType.DOMAIN, "old.example")
                .build());
        pipeline.send(aReport()
                .from("MY")
                .withId("my-1")
                .observedAt(day(0))
                .withIndicator(IndicatorType.DOMAIN, "old.example")
                .build());
        assertEquals(AdvisoryStatus.ACTIVE, onlyAdvisory().getStatus());
        pipeline.driver.advanceWallClockTime(Duration.ofDays(6));
        assertEquals(AdvisoryStatus.ACTIVE, onlyAdvisory().getStatus());
        pipeline.driver.advanceWallClockTime(Duration.ofDays(2));
        Advisory expired = onlyAdvisory();
        assertEquals(AdvisoryStatus.EXPIRED, expired.getStatus());
        assertEquals(2, expired.getVersion());
    }

    @Test
    void outOfOrderReportsCorrelateByEventTime() {
        pipeline.send(aReport()
                .from("SG")
                .withId("sg-late")
                .observedAt(day(5))
                .withIndicator(IndicatorType.DOMAIN, "ooo.example")
                .build());
        pipeline.send(aReport()
                .from("TH")
                .withId("th-other")
                .observedAt(day(6))
                .withIndicator(IndicatorType.DOMAIN, "other.example")
                .build());
        // Arrives after later reports but was observed within the window of SG's sighting.
        pipeline.send(aReport()
                .from("MY")
                .withId("my-early")
                .observedAt(day(1))
                .withIndicator(IndicatorType.DOMAIN, "ooo.example")
                .build());
        Advisory advisory = onlyAdvisory();
        assertEquals(day(1), advisory.getFirstSeen());
        assertEquals(day(5), advisory.getLastSeen());
        // Observed more than a window before stream time: too late to correlate.
        pipeline.send(aReport()
                .from("VN")
                .withId("vn-1")
                .observedAt(day(20))
                .withIndicator(IndicatorType.DOMAIN, "n.example")
                .build());
        pipeline.send(aReport()
                .from("ID")
                .withId("id-1")
                .observedAt(day(10))
                .withIndicator(IndicatorType.DOMAIN, "n.example")
                .build());
        assertEquals(1, pipeline.latest().size());
        assertEquals(1.0, pipeline.metrics.count("monsoon.sightings.late"));
    }

    @Test
    void aWarninglistEntryAddedLaterRemovesTheIndicatorFromActiveAdvisories() {
        pipeline.send(aReport()
                .from("SG")
                .withId("sg-1")
                .observedAt(day(0))
                .withIndicator(IndicatorType.DOMAIN, "cdn.shared.example")
                .withIndicator(IndicatorType.DOMAIN, "bad.example")
                .build());
        pipeline.send(aReport()
                .from("MY")
                .withId("my-1")
                .observedAt(day(0))
                .withIndicator(IndicatorType.DOMAIN, "cdn.shared.example")
                .withIndicator(IndicatorType.DOMAIN, "bad.example")
                .build());
        Advisory before = onlyAdvisory();
        assertEquals(List.of("bad.example", "cdn.shared.example"), values(before));
        pipeline.warninglist(WarninglistMatch.HOSTNAME, "shared.example");
        pipeline.driver.advanceWallClockTime(Duration.ofMinutes(1));
        Advisory updated = onlyAdvisory();
        assertEquals(List.of("bad.example"), values(updated));
        assertEquals(before.getVersion() + 1, updated.getVersion());
        pipeline.warninglist(WarninglistMatch.STRING, "bad.example");
        pipeline.driver.advanceWallClockTime(Duration.ofMinutes(1));
        Advisory withdrawn = onlyAdvisory();
        assertEquals(AdvisoryStatus.WITHDRAWN, withdrawn.getStatus(), "no correlated indicator is left");
        assertEquals(List.of(), values(withdrawn));
    }

    @Test
    void advisoryIdsAreStableAcrossReprocessing() throws Exception {
        pipeline.send(aReport()
                .from("SG")
                .withId("sg-1")
                .observedAt(day(0))
                .withIndicator(IndicatorType.DOMAIN, "stable.example")
                .build());
        pipeline.send(aReport()
                .from("MY")
                .withId("my-1")
                .observedAt(day(0))
                .withIndicator(IndicatorType.DOMAIN, "stable.example")
                .build());
        String first = onlyAdvisory().getAdvisoryId();
        try (PipelineFixture again = new PipelineFixture(T0.plus(Duration.ofDays(60)))) {
            again.send(aReport()
                    .from("SG")
                    .withId("sg-1")
                    .observedAt(day(0))
                    .withIndicator(IndicatorType.DOMAIN, "stable.example")
                    .build());
            again.send(aReport()
                    .from("MY")
                    .withId("my-1")
                    .observedAt(day(0))
                    .withIndicator(IndicatorType.DOMAIN, "stable.example")
                    .build());
            assertEquals(first, again.latest().keySet().iterator().next());
        }
    }
}
