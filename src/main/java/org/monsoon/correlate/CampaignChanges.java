package org.monsoon.correlate;

import org.apache.kafka.common.serialization.Serde;
import org.monsoon.schema.CampaignChange;
import org.monsoon.schema.CorrelationEvent;
import org.monsoon.schema.IndicatorChange;
import org.monsoon.serde.BinaryAvroSerde;

/**
 * The hop from the correlate stage to the campaign stage ({@code campaign-correlations}): each record a
 * {@link CampaignChange}, an indicator change or a private match notice, in the order they happened to
 * the indicator. Its serde also reads a {@link CorrelationEvent} of state format 3 or before, in flight
 * at an upgrade: one whose notice field is set is the notice, any other the change it describes.
 */
final class CampaignChanges {
    private CampaignChanges() {}

    static Serde<CampaignChange> serde() {
        return BinaryAvroSerde.replacing(CampaignChange.class, CorrelationEvent.class, CampaignChanges::fromEvent);
    }

    /** What an event of the earlier format says, as a change or a notice. */
    static CampaignChange fromEvent(CorrelationEvent event) {
        if (event.getNotice() != null) {
            return new CampaignChange(event.getNotice());
        }
        return new CampaignChange(new IndicatorChange(
                event.getIndicator(),
                event.getCorrelated(),
                event.getMembers(),
                event.getAdded(),
                event.getRemoved(),
                event.getTime(),
                event.getHub()));
    }
}
