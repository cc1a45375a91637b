package org.monsoon.correlate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.monsoon.testing.ReportBuilder.aReport;
import static org.monsoon.testing.ReportBuilder.day;

import java.util.List;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.monsoon.schema.Advisory;
import org.monsoon.schema.IndicatorType;
import org.monsoon.schema.MatchNotice;
import org.monsoon.schema.NoticeState;
import org.monsoon.schema.Tlp;
import org.monsoon.serde.AvroJson;
import org.monsoon.testing.PipelineFixture;

/** Private match notices: only the RED reporter learns, and only what is already shareable. */
class MatchNoticeScenariosTest {
    @AutoClose
    private final PipelineFixture pipeline = PipelineFixture.scenario();

    private TestOutputTopic<String, MatchNotice> notices(String member) {
        var topic = pipeline.topics.notices(member);
        return pipeline.driver.createOutputTopic(
                topic.name(),
                topic.keySerde().deserializer(),
                topic.valueSerde().deserializer());
    }

    private void redFromSgAndSharedByMyAndTh() {
        pipeline.send(aReport()
                .from("SG")
                .withId("sg-secret")
                .withTlp(Tlp.RED)
                .withTitle("Operation nightjar")
                .observedAt(day(0))
                .withIndicator(IndicatorType.DOMAIN, "c2.example")
                .withIndicator(IndicatorType.DOMAIN, "secret-only.example")
                .build());
        pipeline.send(aReport()
                .from("MY")
                .withId("my-1")
                .withTlp(Tlp.GREEN)
                .observedAt(day(1))
                .withIndicator(IndicatorType.DOMAIN, "c2.example")
                .build());
        pipeline.send(aReport()
                .from("TH")
                .withId("th-1")
                .withTlp(Tlp.AMBER)
                .observedAt(day(2))
                .withIndicator(IndicatorType.DOMAIN, "c2.example")
                .build());
    }

    @Test
    void theRedReporterIsToldPrivatelyAndNothingReachesAnAdvisory() {
        redFromSgAndSharedByMyAndTh();
        Advisory advisory = pipeline.latest().values().iterator().next();
        assertEquals(List.of("MY", "TH"), advisory.getCountries());

        List<MatchNotice> sg = notices("SG").readValuesToList();
        MatchNotice last = sg.get(sg.size() - 1);
        assertEquals(NoticeState.MATCHED, last.getState());
        assertEquals("c2.example", last.getIndicatorValue());
        assertEquals(List.of("MY", "TH"), last.getMembers());
        assertEquals(Tlp.AMBER, last.getTlp(), "the most restrictive TLP of the shareable reports");
        assertEquals(List.of("sg-secret"), last.getYourReports());
        assertEquals(day(1), last.getFirstSeen());
        assertEquals(day(2), last.getLastSeen());
        assertEquals(advisory.getAdvisoryId(), last.getAdvisoryId());
        assertEquals(2, sg.size(), "one notice per set of members: {MY}, then {MY, TH}");
        assertTrue(
                sg.stream().noneMatch(n -> n.getIndicatorValue().equals("secret-only.example")),
                "an indicator nobody else holds is not matched");

        for (String other : List.of("MY", "TH", "VN")) {
            assertTrue(notices(other).isEmpty(), other + " learns nothing");
        }
        String everything = pipeline.allVersions().stream()
                .map(a -> AvroJson.toJson(a).toString())
                .toList()
                .toString();
        for (String secret : List.of("SG", "nightjar", "secret-only", "sg-secret")) {
            assertFalse(everything.contains(secret), secret + " leaked into " + everything);
        }
    }

    @Test
    void aNoticeFollowsRevisionsAndIsClearedWhenNoOtherMemberHoldsTheIndicator() {
        redFromSgAndSharedByMyAndTh();
        notices("SG").readValuesToList();

        // TH revises its report: it no longer names c2.example.
        pipeline.send(aReport()
                .from("TH")
                .withId("th-1")
                .withTlp(Tlp.AMBER)
                .observedAt(day(2))
                .withIndicator(IndicatorType.DOMAIN, "elsewhere.example")
                .build());
        List<MatchNotice> afterRevision = notices("SG").readValuesToList();
        assertEquals(1, afterRevision.size());
        assertEquals(List.of("MY"), afterRevision.get(0).getMembers());
        assertEquals(Tlp.GREEN, afterRevision.get(0).getTlp());
        assertNull(afterRevision.get(0).getAdvisoryId(), "c2.example no longer correlates");

        // A redelivery changes nothing: notices are idempotent per set of members.
        pipeline.send(aReport()
                .from("MY")
                .withId("my-1")
                .withTlp(Tlp.GREEN)
                .observedAt(day(1))
                .withIndicator(IndicatorType.DOMAIN, "c2.example")
                .build());
        assertTrue(notices("SG").isEmpty());

        pipeline.withdraw("MY", "my-1", day(3));
        List<MatchNotice> cleared = notices("SG").readValuesToList();
        assertEquals(1, cleared.size());
        assertEquals(NoticeState.CLEARED, cleared.get(0).getState());
        assertEquals(List.of(), cleared.get(0).getMembers());
    }
}
