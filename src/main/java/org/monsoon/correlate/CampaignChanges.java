package org.monsoon.correlate;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.monsoon.schema.CampaignChange;
import org.monsoon.schema.CorrelationEvent;
import org.monsoon.schema.IndicatorChange;
import org.monsoon.serde.BinaryAvroSerde;
import org.monsoon.serde.InternalFormats;

/**
 * The hop from the correlate stage to the campaign stage ({@code campaign-correlations}): each record a
 * {@link CampaignChange}, an indicator change or a private match notice, in the order they happened to
 * the indicator. Its serde also reads a {@link CorrelationEvent} of state format 3 or before, in flight
 * at an upgrade: one whose notice field is set is the notice, any other the change it describes.
 */
final class CampaignChanges {
    private CampaignChanges() {}

    static Serde<CampaignChange> serde() {
        BinaryAvroSerde<CampaignChange> changes = BinaryAvroSerde.of(CampaignChange.class);
        BinaryAvroSerde<CorrelationEvent> events = BinaryAvroSerde.of(CorrelationEvent.class);
        byte format = InternalFormats.current(CampaignChange.class);
        Serializer<CampaignChange> serializer = (topic, change) -> changes.encode(change);
        Deserializer<CampaignChange> deserializer = (topic, bytes) -> {
            if (bytes == null || bytes.length == 0 || bytes[0] == format) {
                return changes.decode(bytes);
            }
            if (bytes[0] > format) {
                throw new SerializationException("internal record of unknown format " + bytes[0]);
            }
            return fromEvent(events.decode(bytes));
        };
        return Serdes.serdeFrom(serializer, deserializer);
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
