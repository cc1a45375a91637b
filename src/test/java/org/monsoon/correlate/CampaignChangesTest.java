package org.monsoon.correlate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import org.monsoon.schema.CampaignChange;
import org.monsoon.schema.CorrelationEvent;
import org.monsoon.schema.IndicatorChange;
import org.monsoon.schema.IndicatorType;
import org.monsoon.schema.MatchNotice;
import org.monsoon.schema.MemberSpan;
import org.monsoon.schema.NoticeState;
import org.monsoon.serde.BinaryAvroSerde;

/** The hop to the campaign stage: changes and notices as their own kinds, and the earlier format's events read as them. */
class CampaignChangesTest {
    private final Serde<CampaignChange> hop = CampaignChanges.serde();

    private static final MatchNotice NOTICE = MatchNotice.newBuilder()
            .setIndicatorType(IndicatorType.DOMAIN)
            .setIndicatorValue("evil.example")
            .setRecipient("TH")
            .setState(NoticeState.CLEARED)
            .setYourReports(List.of("th-1"))
            .setMembers(List.of())
            .setNotifiedAt(Instant.ofEpochMilli(1_700_000_000_000L))
            .build();

    private static final IndicatorChange CHANGE = new IndicatorChange(
            "DOMAIN:evil.example", true, List.of(new MemberSpan("SG", 1L, 9L)), List.of(), List.of("MY/m"), 42L, true);

    @Test
    void eachKindRoundTrips() {
        for (CampaignChange change : List.of(new CampaignChange(CHANGE), new CampaignChange(NOTICE))) {
            assertEquals(
                    change, hop.deserializer().deserialize("t", hop.serializer().serialize("t", change)));
        }
    }

    @Test
    void anEventOfTheEarlierFormatInFlightIsReadAsTheChangeOrTheNoticeItCarried() {
        BinaryAvroSerde<CorrelationEvent> earlier = BinaryAvroSerde.of(CorrelationEvent.class);
        CorrelationEvent change = new CorrelationEvent(
                "DOMAIN:evil.example",
                true,
                List.of(new MemberSpan("SG", 1L, 9L)),
                List.of(),
                List.of("MY/m"),
                42L,
                null,
                true);
        CorrelationEvent notice =
                new CorrelationEvent("DOMAIN:evil.example", false, List.of(), List.of(), List.of(), 42L, NOTICE, false);
        assertEquals(new CampaignChange(CHANGE), hop.deserializer().deserialize("t", earlier.encode(change)));
        assertEquals(new CampaignChange(NOTICE), hop.deserializer().deserialize("t", earlier.encode(notice)));
    }

    @Test
    void aFormatFromALaterReleaseIsRefused() {
        byte[] bytes = hop.serializer().serialize("t", new CampaignChange(CHANGE));
        bytes[0]++;
        assertThrows(SerializationException.class, () -> hop.deserializer().deserialize("t", bytes));
    }
}
