package org.monsoon.serde;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.monsoon.schema.CampaignChange;
import org.monsoon.schema.CampaignHeader;
import org.monsoon.schema.CampaignIndicator;
import org.monsoon.schema.CampaignReport;
import org.monsoon.schema.CorrelationEvent;
import org.monsoon.schema.IndicatorState;
import org.monsoon.schema.Sighting;
import org.monsoon.schema.SightingPack;

/**
 * The format history of Monsoon's internal records, in one place. A type whose schema gained fields
 * (always at the end, always with a default) is written under a higher format byte, and what an
 * earlier release wrote (in a store, a changelog or a repartition topic in flight at an upgrade) is
 * read with the schema that wrote it: the current schema's first fields. Types not listed are in
 * format 1.
 *
 * <ul>
 *   <li>{@link CampaignHeader} 2: the fixed title and its founding indicator, per-member severities and
 *       RSIT types, what the last version stated of the report count, and its hub indicators.</li>
 *   <li>{@link Sighting} 2: how the report's holding of the indicator changed (the hub count).</li>
 *   <li>{@link IndicatorState} 2: shareable reports per time bucket, and the hub flag.</li>
 *   <li>{@link CorrelationEvent} 2 and {@link CampaignIndicator} 2: the hub flag.</li>
 *   <li>{@link CampaignReport} 2: the campaign's indicators the report holds, while they fit one pack.</li>
 *   <li>{@link SightingPack} 3: replaced {@link Sighting} on the sightings hop; its readers read a
 *       Sighting as a pack of one.</li>
 *   <li>{@link CampaignChange} 3: replaced {@link CorrelationEvent} (formats 1 and 2) on the hop to the
 *       campaign stage; its readers read an event as the change or the notice it carried.</li>
 * </ul>
 */
public final class InternalFormats {
    /** Per type, the number of fields each earlier format had: entry k is format k + 1. */
    private static final Map<Class<?>, List<Integer>> EARLIER = Map.of(
            CampaignHeader.class, List.of(19),
            Sighting.class, List.of(2),
            IndicatorState.class, List.of(4),
            CorrelationEvent.class, List.of(7),
            CampaignIndicator.class, List.of(1),
            CampaignReport.class, List.of(2));

    /**
     * Types whose first format is not 1, because they replaced another type on the same topic and its
     * readers tell the two apart by the format byte: {@link SightingPack} took over from
     * {@link Sighting} (formats 1 and 2) on {@code sightings-by-indicator}, {@link CampaignChange} from
     * {@link CorrelationEvent} (formats 1 and 2) on {@code campaign-correlations}.
     */
    private static final Map<Class<?>, Integer> FIRST = Map.of(SightingPack.class, 3, CampaignChange.class, 3);

    private InternalFormats() {}

    /** The format byte this release writes {@code type} in. */
    public static byte current(Class<?> type) {
        return (byte) (FIRST.getOrDefault(type, 1)
                + EARLIER.getOrDefault(type, List.of()).size());
    }

    /** Format byte to the schema each earlier format of {@code type} was written with. */
    static Map<Byte, Schema> earlierWriters(Schema current, Class<?> type) {
        Map<Byte, Schema> writers = new HashMap<>();
        List<Integer> counts = EARLIER.getOrDefault(type, List.of());
        for (int k = 0; k < counts.size(); k++) {
            writers.put((byte) (FIRST.getOrDefault(type, 1) + k), firstFields(current, counts.get(k)));
        }
        return writers;
    }

    /** The schema an earlier format of {@code type} was written with. */
    public static Schema writer(Class<?> type, Schema current, byte format) {
        Schema schema = earlierWriters(current, type).get(format);
        if (schema == null) {
            throw new IllegalArgumentException(type.getSimpleName() + " has no earlier format " + format);
        }
        return schema;
    }

    /** A record schema of the first {@code count} fields of {@code current}, named the same. */
    static Schema firstFields(Schema current, int count) {
        List<Schema.Field> fields = current.getFields().subList(0, count).stream()
                .map(f -> new Schema.Field(f, f.schema()))
                .toList();
        return Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields);
    }
}
