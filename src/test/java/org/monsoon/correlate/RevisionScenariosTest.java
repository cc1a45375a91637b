package org.monsoon.correlate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.monsoon.testing.PipelineFixture.values;
import static org.monsoon.testing.ReportBuilder.aReport;
import static org.monsoon.testing.ReportBuilder.day;

import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.monsoon.schema.Advisory;
import org.monsoon.schema.AdvisoryStatus;
import org.monsoon.schema.IndicatorType;
import org.monsoon.schema.Tlp;
import org.monsoon.serde.AvroJson;
import org.monsoon.stix.StixExporter;
import org.monsoon.testing.PipelineFixture;
import org.monsoon.testing.ReportBuilder;

/** A report's latest version, and only it, drives every advisory: revisions, restricted revisions, withdrawals. */
class RevisionScenariosTest {
    @AutoClose
    private final PipelineFixture pipeline = PipelineFixture.scenario();

    private Advisory onlyAdvisory() {
        return pipeline.onlyAdvisory();
    }

    private static ReportBuilder sg(Tlp tlp) {
        return aReport()
                .from("SG")
                .withId("sg-1")
                .withTlp(tlp)
                .observedAt(day(0))
                .withTitle("SG nightjar findings")
                .withIndicator(IndicatorType.DOMAIN, "one.example")
                .withIndicator(IndicatorType.DOMAIN, "two.example");
    }

    private void sgAndMyShareTwoDomains() {
        pipeline.send(sg(Tlp.CLEAR).build());
        pipeline.send(aReport()
                .from("MY")
                .withId("my-1")
                .withTlp(Tlp.CLEAR)
                .observedAt(day(1))
                .withIndicator(IndicatorType.DOMAIN, "one.example")
                .withIndicator(IndicatorType.DOMAIN, "two.example")
                .build());
    }

    @Test
    void aRevisionFromClearToAmberRaisesTheTlpInANewVersion() {
        sgAndMyShareTwoDomains();
        Advisory first = onlyAdvisory();
        assertEquals(Tlp.CLEAR, first.getTlp());
        assertEquals(1, first.getVersion());

        pipeline.send(sg(Tlp.AMBER).build());

        Advisory raised = onlyAdvisory();
        assertEquals(Tlp.AMBER, raised.getTlp());
        assertEquals(2, raised.getVersion(), "a raised TLP is a material change");
        assertEquals(2, raised.getReportCount(), "the revision replaces its first version, it is not a third report");
        assertEquals(1.0, pipeline.metrics.count("monsoon.reports.revised", "reporter", "SG"));
    }

    @Test
    void aRevisionToRedTakesBackTheMemberAndEveryIndicatorLeftBelowMinCountries() {
        sgAndMyShareTwoDomains();
        pipeline.send(aReport()
                .from("TH")
                .withId("th-1")
                .withTlp(Tlp.CLEAR)
                .observedAt(day(1))
                .withIndicator(IndicatorType.DOMAIN, "one.example")
                .build());
        Advisory before = onlyAdvisory();
        assertEquals(List.of("MY", "SG", "TH"), before.getCountries());
        assertEquals(List.of("one.example", "two.example"), values(before));

        pipeline.send(sg(Tlp.AMBER).build());
        pipeline.send(sg(Tlp.RED).build());

        Advisory after = onlyAdvisory();
        assertEquals(AdvisoryStatus.ACTIVE, after.getStatus());
        assertEquals(List.of("MY", "TH"), after.getCountries());
        assertEquals(List.of("one.example"), values(after), "two.example is held by MY alone now");
        assertEquals(List.of("MY", "TH"), after.getIndicators().get(0).getCountries());
        assertEquals(Tlp.CLEAR, after.getTlp(), "the AMBER version is gone as well");
        assertEquals(2, after.getReportCount());
        String json = AvroJson.toJson(after).toString();
        assertFalse(json.contains("SG"), json);
    }

    @Test
    void aRevisionThatDropsAnIndicatorTakesBackItsSighting() {
        sgAndMyShareTwoDomains();
        assertEquals(List.of("one.example", "two.example"), values(onlyAdvisory()));
        pipeline.send(aReport()
                .from("SG")
                .withId("sg-1")
                .observedAt(day(0))
                .withIndicator(IndicatorType.DOMAIN, "one.example")
                .build());
        Advisory advisory = onlyAdvisory();
        assertEquals(List.of("one.example"), values(advisory));
        assertEquals(2, advisory.getVersion());
    }

    private static ReportBuilder th(String... domains) {
        ReportBuilder report =
                aReport().from("TH").withId("th-1").withTlp(Tlp.CLEAR).observedAt(day(1));
        for (String domain : domains) {
            report.withIndicator(IndicatorType.DOMAIN, domain);
        }
        return report;
    }

    @Test
    void aReportThatLeavesACampaignAndComesBackIsCountedOnceAndCanLeaveAgain() {
        sgAndMyShareTwoDomains();
        pipeline.send(th("one.example").build());
        assertEquals(3, onlyAdvisory().getReportCount());
        assertEquals(List.of("MY", "SG", "TH"), onlyAdvisory().getCountries());

        pipeline.send(th("elsewhere.example").build()); // now holds none of the campaign's indicators
        assertEquals(2, onlyAdvisory().getReportCount());
        assertEquals(List.of("MY", "SG"), onlyAdvisory().getCountries());

        pipeline.send(th("one.example", "two.example").build()); // back, holding two of them
        Advisory back = onlyAdvisory();
        assertEquals(3, back.getReportCount(), "counted once however many indicators it holds");
        assertEquals(List.of("MY", "SG", "TH"), back.getIndicators().get(1).getCountries());

        pipeline.withdraw("TH", "th-1", day(2)); // each of its links is taken back, and then the report
        Advisory after = onlyAdvisory();
        assertEquals(2, after.getReportCount());
        assertEquals(List.of("MY", "SG"), after.getCountries());
    }

    @Test
    void aTombstoneWithdrawsTheReportAndAnAdvisoryLeftWithNothingIsWithdrawnAndRevoked() throws Exception {
        sgAndMyShareTwoDomains();
        assertEquals(AdvisoryStatus.ACTIVE, onlyAdvisory().getStatus());

        pipeline.withdraw("SG", "sg-1", day(2));

        Advisory withdrawn = onlyAdvisory();
        assertEquals(AdvisoryStatus.WITHDRAWN, withdrawn.getStatus());
        assertEquals(2, withdrawn.getVersion(), "published once more, never silently left ACTIVE");
        assertEquals(List.of(), values(withdrawn));
        assertEquals(List.of(), withdrawn.getCountries());
        assertEquals(Tlp.CLEAR, withdrawn.getTlp(), "keeps the label it was shared under");
        assertEquals(1.0, pipeline.metrics.count("monsoon.reports.withdrawn", "reporter", "SG"));
        assertTrue(pipeline.deadLetters().isEmpty(), "a tombstone is not a fault");
        var bundle = new StixExporter("ASEAN").bundle(withdrawn);
        var report = java.util.stream.StreamSupport.stream(bundle.get("objects").spliterator(), false)
                .filter(o -> o.get("type").asText().equals("report"))
                .findFirst()
                .orElseThrow();
        assertTrue(report.get("revoked").asBoolean(), report.toString());
        // The same report sent again after its withdrawal counts anew.
        pipeline.send(sg(Tlp.CLEAR).build());
        Advisory back = onlyAdvisory();
        assertEquals(AdvisoryStatus.ACTIVE, back.getStatus());
        assertEquals(List.of("one.example", "two.example"), values(back));
        assertEquals(3, back.getVersion(), "the same advisory comes back, its versions going on");
    }

    @Test
    void aTombstoneWithAnInvalidKeyIsDeadLettered() {
        pipeline.withdraw("SG", "not a valid id!", day(2));
        var dead = pipeline.deadLetters().readRecordsToList();
        assertEquals(1, dead.size());
        assertEquals(
                "INVALID_REPORT",
                new String(
                        dead.get(0).headers().lastHeader("monsoon.error.code").value()));
    }

    @Test
    void threeHundredReportsOnOneIndicatorAndTheOldestAmberRevisedToRed() {
        pipeline.send(aReport()
                .from("SG")
                .withId("sg-amber")
                .withTlp(Tlp.AMBER)
                .observedAt(day(0))
                .withIndicator(IndicatorType.DOMAIN, "hot.example")
                .withIndicator(IndicatorType.DOMAIN, "amber-only.example")
                .build());
        pipeline.send(aReport()
                .from("MY")
                .withId("my-amber-peer")
                .withTlp(Tlp.GREEN)
                .observedAt(day(0))
                .withIndicator(IndicatorType.DOMAIN, "amber-only.example")
                .build());
        List<String> members = List.of("SG", "MY", "TH");
        for (int i = 0; i < 300; i++) {
            String member = members.get(i % 3);
            pipeline.send(aReport()
                    .from(member)
                    .withId(member.toLowerCase() + "-" + i)
                    .withTlp(Tlp.GREEN)
                    .observedAt(day(0).plusSeconds(60L * (i + 1)))
                    .withIndicator(IndicatorType.DOMAIN, "hot.example")
                    .build());
        }
        Advisory before = onlyAdvisory();
        assertEquals(Tlp.AMBER, before.getTlp(), "the AMBER report still holds amber-only.example");
        assertEquals(List.of("amber-only.example", "hot.example"), values(before));

        pipeline.send(aReport()
                .from("SG")
                .withId("sg-amber")
                .withTlp(Tlp.RED)
                .observedAt(day(0))
                .withIndicator(IndicatorType.DOMAIN, "hot.example")
                .withIndicator(IndicatorType.DOMAIN, "amber-only.example")
                .build());

        Advisory after = onlyAdvisory();
        assertEquals(List.of("hot.example"), values(after));
        assertEquals(Tlp.GREEN, after.getTlp());
        assertEquals(List.of("MY", "SG", "TH"), after.getCountries(), "SG still holds hot.example in other reports");
        assertEquals(
                300,
                after.getReportCount(),
                "the 300 reports on hot.example; MY's other report held only amber-only.example, which no longer correlates");
    }
}
