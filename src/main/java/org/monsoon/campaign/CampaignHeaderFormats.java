package org.monsoon.campaign;

import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.monsoon.schema.CampaignHeader;
import org.monsoon.serde.BinaryAvroSerde;

/**
 * The formats of {@link CampaignHeader} in the {@code campaign-state} store. Format 2 added the fixed
 * title and its founding indicator, per-member severities and RSIT types, and what the last version
 * said of the report count; a format 1 header (written before) is read with its own schema and gets
 * the defaults: no title yet (the next version fixes one), empty per-member counts (filled as reports
 * change), so an upgrade keeps every campaign, its id and its versions.
 */
final class CampaignHeaderFormats {
    static final byte CURRENT = 2;

    /** The fields of format 1, in order: the current schema's first ones. */
    private static final List<String> V1_FIELDS = List.of(
            "id",
            "status",
            "version",
            "created_at",
            "updated_at",
            "first_seen",
            "last_seen",
            "superseded_by",
            "digest",
            "published_tlp",
            "indicators_changed",
            "indicator_count",
            "report_count",
            "countries",
            "sectors",
            "incident_types",
            "tlps",
            "severities",
            "indicator_types");

    private CampaignHeaderFormats() {}

    /** The serde of the store: writes format 2, reads 1 and 2. */
    static BinaryAvroSerde<CampaignHeader> serde() {
        return BinaryAvroSerde.of(CampaignHeader.class, CURRENT, Map.of((byte) 1, v1()));
    }

    /** The schema format 1 was written with. */
    static Schema v1() {
        Schema current = CampaignHeader.getClassSchema();
        List<Schema.Field> fields = V1_FIELDS.stream()
                .map(name -> {
                    Schema.Field f = current.getField(name);
                    return new Schema.Field(f, f.schema());
                })
                .toList();
        return Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields);
    }
}
