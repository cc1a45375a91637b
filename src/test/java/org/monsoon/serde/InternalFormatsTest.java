package org.monsoon.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;
import org.monsoon.schema.AdvisoryStatus;
import org.monsoon.schema.CampaignHeader;

/**
 * What an earlier release wrote is read by this one. A campaign header written by the release before format 2 (the same bytes: format byte 1, then the
 * datum in the old schema) is read by this release with every field it had and the defaults of those
 * added, so an upgrade keeps every campaign, its id and its versions.
 */
class InternalFormatsTest {
    @Test
    void aFormatOneHeaderReadsWithItsFieldsAndTheNewDefaults() throws IOException {
        GenericRecord old = new GenericData.Record(
                InternalFormats.writer(CampaignHeader.class, CampaignHeader.getClassSchema(), (byte) 1));
        old.put("id", "c-1");
        old.put("status", new GenericData.EnumSymbol(AdvisoryStatus.getClassSchema(), "EXPIRED"));
        old.put("version", 7);
        old.put("created_at", 1L);
        old.put("updated_at", 2L);
        old.put("first_seen", 3L);
        old.put("last_seen", 4L);
        old.put("superseded_by", null);
        old.put("digest", "d");
        old.put("published_tlp", null);
        old.put("indicators_changed", false);
        old.put("indicator_count", 2);
        old.put("report_count", 5);
        old.put("countries", Map.of("SG", 2, "TH", 1));
        old.put("sectors", Map.of());
        old.put("incident_types", Map.of("fraud/phishing", 5));
        old.put("tlps", Map.of("GREEN", 5));
        old.put("severities", Map.of("HIGH", 5));
        old.put("indicator_types", Map.of("DOMAIN", 2));
        byte[] bytes = formatOne(old);

        CampaignHeader read = BinaryAvroSerde.of(CampaignHeader.class).decode(bytes);

        assertEquals("c-1", read.getId());
        assertEquals(AdvisoryStatus.EXPIRED, read.getStatus());
        assertEquals(7, read.getVersion(), "the versions go on after an upgrade");
        assertEquals(5, read.getReportCount());
        assertEquals(Map.of("SG", 2, "TH", 1), read.getCountries());
        assertNull(read.getTitle(), "the next version fixes a title");
        assertEquals(Map.of(), read.getMemberSeverities());
        read.getMemberSeverities().put("SG|HIGH", 1); // mutable, as the stage updates it in place
        assertEquals(0, read.getPublishedReportCount());

        byte[] again = BinaryAvroSerde.of(CampaignHeader.class).encode(read);
        assertEquals(InternalFormats.current(CampaignHeader.class), again[0], "written back in the current format");
        assertEquals(read, BinaryAvroSerde.of(CampaignHeader.class).decode(again));
    }

    @Test
    void aSightingInFlightFromTheEarlierReleaseReadsAsNoChangeToTheHubCount() throws IOException {
        org.monsoon.schema.ReportLink link = new org.monsoon.schema.ReportLink(
                "SG",
                "sg-1",
                1L,
                2L,
                org.monsoon.schema.Tlp.GREEN,
                org.monsoon.schema.Severity.HIGH,
                null,
                "fraud/phishing");
        org.apache.avro.Schema v1 = InternalFormats.writer(
                org.monsoon.schema.Sighting.class, org.monsoon.schema.Sighting.getClassSchema(), (byte) 1);
        GenericRecord old = new GenericData.Record(v1);
        old.put("kind", new GenericData.EnumSymbol(v1.getField("kind").schema(), "SHAREABLE"));
        old.put("report", link);
        byte[] bytes = formatOne(old);

        org.monsoon.schema.Sighting read =
                BinaryAvroSerde.of(org.monsoon.schema.Sighting.class).decode(bytes);

        assertEquals(link, read.getReport());
        assertEquals(0, read.getDelta());
    }

    @Test
    void aFormatOneCampaignReportReadsWithAnEmptyMutableListOfIndicators() throws IOException {
        org.monsoon.schema.ReportLink link = new org.monsoon.schema.ReportLink(
                "SG", "sg-1", 1L, 2L, org.monsoon.schema.Tlp.GREEN, org.monsoon.schema.Severity.HIGH, null, "x/y");
        org.apache.avro.Schema v1 = InternalFormats.writer(
                org.monsoon.schema.CampaignReport.class, org.monsoon.schema.CampaignReport.getClassSchema(), (byte) 1);
        GenericRecord old = new GenericData.Record(v1);
        old.put("link", link);
        old.put("holds", 3);
        byte[] bytes = formatOne(old);

        org.monsoon.schema.CampaignReport read =
                BinaryAvroSerde.of(org.monsoon.schema.CampaignReport.class).decode(bytes);

        assertEquals(3, read.getHolds(), "its three links are entries of their own, as format 1 kept them");
        assertEquals(java.util.List.of(), read.getIndicators());
        read.getIndicators().add("DOMAIN:a.example"); // mutable, as the stage lists new links in place
        assertEquals(1, read.getIndicators().size());
    }

    /** A record as the earlier release wrote it: format byte 1, then the record in its own schema. */
    private static byte[] formatOne(GenericRecord old) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(1);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(old.getSchema()).write(old, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
