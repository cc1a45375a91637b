package org.monsoon.correlate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.monsoon.schema.IndicatorChange;
import org.monsoon.schema.MatchNotice;
import org.monsoon.schema.MemberSpan;
import org.monsoon.schema.NoticeState;
import org.monsoon.schema.ReportLink;
import org.monsoon.schema.Severity;
import org.monsoon.schema.Tlp;
import org.monsoon.testing.ReportBuilder;

/** {@link EventCoalescer}: what is held until the commit, what goes at once, and what a merged event says. */
class EventCoalescerTest {
    private final List<EventCoalescer.Held<String>> sent = new ArrayList<>();
    private final EventCoalescer<String> coalescer = new EventCoalescer<>(sent::add);

    private static ReportLink link(String member, String id, int revision) {
        return ReportLinks.of(ReportBuilder.aReport()
                .from(member)
                .withId(id)
                .withSeverity(revision > 1 ? Severity.HIGH : Severity.LOW)
                .withTlp(Tlp.GREEN)
                .build());
    }

    private static IndicatorChange adds(String indicator, List<MemberSpan> spans, long time, ReportLink... added) {
        return new IndicatorChange(indicator, true, spans, List.of(added), List.of(), time, false);
    }

    private List<String> sentContexts() {
        return sent.stream().map(EventCoalescer.Held::context).toList();
    }

    @Test
    void eventsThatOnlyAddReportsToOneIndicatorAreMergedUntilTheCommit() {
        ReportLink a = link("SG", "a", 1);
        ReportLink b = link("MY", "b", 1);
        ReportLink aRevised = link("SG", "a", 2);
        coalescer.offer(adds("domain:x", List.of(new MemberSpan("SG", 5L, 5L)), 1, a), "r1");
        coalescer.offer(
                adds("domain:x", List.of(new MemberSpan("MY", 3L, 3L), new MemberSpan("SG", 5L, 5L)), 2, b), "r2");
        coalescer.offer(adds("domain:x", List.of(new MemberSpan("SG", 4L, 6L)), 3, aRevised), "r3");
        assertEquals(List.of(), sent, "nothing goes before the commit");
        assertEquals(1, coalescer.held());

        coalescer.release();
        assertEquals(List.of("r3"), sentContexts(), "one event, sent as from the last record merged");
        IndicatorChange merged = sent.get(0).event();
        assertEquals(List.of(b, aRevised), merged.getAdded(), "each report once, in its latest version");
        assertEquals(
                List.of(new MemberSpan("MY", 3L, 3L), new MemberSpan("SG", 4L, 6L)),
                merged.getMembers(),
                "spans widened as the campaign stage widens them");
        assertEquals(1, merged.getTime(), "the first event's time: a campaign it founds is created as of it");
        assertEquals(0, coalescer.held());
    }

    @Test
    void anyOtherEventOfTheIndicatorFirstReleasesWhatIsHeldForIt() {
        ReportLink a = link("SG", "a", 1);
        MatchNotice notice = MatchNotice.newBuilder()
                .setIndicatorType(org.monsoon.schema.IndicatorType.DOMAIN)
                .setIndicatorValue("x")
                .setRecipient("TH")
                .setState(NoticeState.CLEARED)
                .setYourReports(List.of())
                .setMembers(List.of())
                .setNotifiedAt(java.time.Instant.EPOCH)
                .build();
        List<java.util.function.Consumer<EventCoalescer<String>>> others = List.of(
                c -> c.offer(
                        new IndicatorChange("domain:x", true, List.of(), List.of(), List.of("SG/a"), 2L, false),
                        "now"), // taken back
                c -> c.offer(
                        new IndicatorChange("domain:x", false, List.of(), List.of(), List.of("SG/a"), 2L, false),
                        "now"), // no longer correlated
                c -> c.notice("domain:x", notice, "now")); // a private notice
        for (var other : others) {
            sent.clear();
            coalescer.offer(adds("domain:x", List.of(), 1, a), "held");
            coalescer.offer(adds("domain:y", List.of(), 1, a), "other indicator");
            other.accept(coalescer);
            assertEquals(List.of("held", "now"), sentContexts());
            coalescer.release();
            assertEquals(List.of("held", "now", "other indicator"), sentContexts());
        }
    }

    @Test
    void aMergedEventNeverHoldsMoreThanTheBoundOfReports() {
        for (int i = 0; i < EventCoalescer.MAX_ADDED + 10; i++) {
            coalescer.offer(adds("domain:x", List.of(), i, link("SG", "r" + i, 1)), "r" + i);
        }
        assertEquals(1, sent.size(), "sent once it reached the bound");
        assertEquals(EventCoalescer.MAX_ADDED, sent.get(0).event().getAdded().size());
        coalescer.release();
        assertEquals(10, sent.get(1).event().getAdded().size());
        coalescer.offer(adds("domain:x", List.of(), 1, link("SG", "late", 1)), "late");
        coalescer.clear();
        coalescer.release();
        assertEquals(2, sent.size(), "what was held when the task closed is dropped");
    }

    @Test
    void heldIndicatorsAreReleasedInTheOrderFirstHeldAndALoneEventGoesUnchanged() {
        ReportLink a = link("SG", "a", 1);
        IndicatorChange lone = adds("domain:y", List.of(new MemberSpan("SG", 5L, 5L)), 2, a);
        coalescer.offer(adds("domain:x", List.of(), 1, a), "x1");
        coalescer.offer(lone, "y1");
        coalescer.offer(adds("domain:x", List.of(), 3, link("MY", "b", 1)), "x2");

        coalescer.release();

        assertEquals(List.of("x2", "y1"), sentContexts(), "x was held first; merging more does not move it");
        assertEquals(lone, sent.get(1).event());
    }
}
