package org.monsoon.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.monsoon.schema.AdvisoryStatus;
import org.monsoon.schema.CampaignChange;
import org.monsoon.schema.CampaignHeader;
import org.monsoon.schema.CorrelationEvent;
import org.monsoon.schema.IndicatorChange;
import org.monsoon.schema.IndicatorState;
import org.monsoon.schema.IndicatorType;
import org.monsoon.schema.MatchNotice;
import org.monsoon.schema.MemberReports;
import org.monsoon.schema.MemberSpan;
import org.monsoon.schema.MemberTimes;
import org.monsoon.schema.NoticeState;
import org.monsoon.schema.ReportLink;
import org.monsoon.schema.RestrictedHolding;
import org.monsoon.schema.Severity;
import org.monsoon.schema.Sighting;
import org.monsoon.schema.SightingKind;
import org.monsoon.schema.Tlp;

/**
 * The internal serde with the generated coders on: every internal record round-trips, the bytes are
 * exactly what Avro's reflective writer produces (so what an earlier release wrote into a changelog or
 * repartition topic still reads, and the other way round), and damaged input is an error, not a value.
 */
class BinaryAvroSerdeTest {
    private static final ReportLink LINK = new ReportLink(
            "SG", "sg-1", 1_700_000_000_000L, 1_700_000_100_000L, Tlp.AMBER, Severity.HIGH, null, "fraud/phishing");

    static Stream<SpecificRecord> internalRecords() {
        MatchNotice notice = new MatchNotice(
                IndicatorType.DOMAIN,
                "evil.example",
                "MY",
                NoticeState.MATCHED,
                List.of("my-9"),
                List.of("SG", "TH"),
                Tlp.GREEN,
                Instant.ofEpochMilli(1_700_000_000_000L),
                null,
                null,
                Instant.ofEpochMilli(1_700_000_500_000L));
        return Stream.of(
                new Sighting(SightingKind.SHAREABLE, LINK, 1),
                new MemberReports(List.of(LINK, withSector(LINK, "finance"))),
                new IndicatorState(
                        true,
                        List.of(new MemberTimes("SG", List.of(1L, 2L, 3L)), new MemberTimes("TH", List.of(-5L))),
                        List.of(new RestrictedHolding("MY", "my-9", 7L)),
                        Map.of("MY", "SG,TH"),
                        List.of(new org.monsoon.schema.ReportBucket(86_400_000L, 120)),
                        true),
                new CorrelationEvent(
                        "DOMAIN:evil.example",
                        true,
                        List.of(new MemberSpan("SG", 1L, 9L)),
                        List.of(LINK),
                        List.of("TH/th-1"),
                        42L,
                        null,
                        true),
                new CorrelationEvent("DOMAIN:evil.example", false, List.of(), List.of(), List.of(), 42L, notice, false),
                new CampaignChange(new IndicatorChange(
                        "DOMAIN:evil.example",
                        true,
                        List.of(new MemberSpan("SG", 1L, 9L)),
                        List.of(LINK),
                        List.of("TH/th-1"),
                        42L,
                        true)),
                new CampaignChange(notice),
                header());
    }

    @ParameterizedTest
    @MethodSource("internalRecords")
    void roundTripsWithTheSameBytesAsAvrosReflectiveWriter(SpecificRecord value) throws IOException {
        @SuppressWarnings("unchecked")
        BinaryAvroSerde<SpecificRecord> serde = BinaryAvroSerde.of((Class<SpecificRecord>) value.getClass());
        byte[] bytes = serde.encode(value);

        assertEquals(InternalFormats.current(value.getClass()), bytes[0]);
        assertArrayEquals(reflective(value), Arrays.copyOfRange(bytes, 1, bytes.length));
        assertEquals(value, serde.decode(bytes));
        assertEquals(value, reflectiveRead(value, Arrays.copyOfRange(bytes, 1, bytes.length)));
    }

    @Test
    void theRecordsOnTheHotPathUseTheirGeneratedCoders() {
        // If Avro stopped generating them (a schema gaining a logical type, say), the stores would
        // silently fall back to the slow path: this says so instead.
        for (SpecificRecordBase value : List.<SpecificRecordBase>of(
                new Sighting(), new MemberReports(), new IndicatorState(), new CampaignHeader())) {
            assertTrue(hasCustomCoders(value), value.getClass().getSimpleName());
        }
        assertTrue(GeneratedClasses.model(Sighting.class).useCustomCoders());
        assertTrue(
                !SpecificData.getForClass(Sighting.class).useCustomCoders(),
                "the reference path below is the reflective one");
    }

    @Test
    void nullStaysNull() {
        BinaryAvroSerde<Sighting> serde = BinaryAvroSerde.of(Sighting.class);
        assertNull(serde.encode(null));
        assertNull(serde.decode(null));
    }

    @Test
    void anUnknownFormatOrDamagedRecordIsAnError() {
        BinaryAvroSerde<Sighting> serde = BinaryAvroSerde.of(Sighting.class);
        byte[] bytes = serde.encode(new Sighting(SightingKind.RETRACTED, LINK, 0));
        byte[] otherFormat = bytes.clone();
        otherFormat[0] = 9;
        assertThrows(SerializationException.class, () -> serde.decode(otherFormat));
        assertThrows(SerializationException.class, () -> serde.decode(new byte[0]));
        assertThrows(SerializationException.class, () -> serde.decode(Arrays.copyOf(bytes, bytes.length / 2)));
    }

    @Test
    void aWriteThatFailsHalfWayLeavesNothingInTheNextRecord() {
        BinaryAvroSerde<MemberReports> serde = BinaryAvroSerde.of(MemberReports.class);
        byte[] clean = serde.encode(new MemberReports(List.of(LINK)));
        List<ReportLink> broken = new java.util.ArrayList<>(List.of(LINK, LINK, LINK));
        broken.add(ReportLink.newBuilder(LINK).build());
        broken.get(3).setReporter(null); // fails after three links were written into the buffer

        assertThrows(SerializationException.class, () -> serde.encode(new MemberReports(broken)));

        assertArrayEquals(clean, serde.encode(new MemberReports(List.of(LINK))));
    }

    private static CampaignHeader header() {
        CampaignHeader header = new CampaignHeader();
        header.setId("c-1");
        header.setStatus(AdvisoryStatus.ACTIVE);
        header.setVersion(3);
        header.setCreatedAt(1L);
        header.setUpdatedAt(2L);
        header.setFirstSeen(3L);
        header.setLastSeen(4L);
        header.setDigest("d");
        header.setPublishedTlp(Tlp.GREEN);
        header.setIndicatorsChanged(true);
        header.setIndicatorCount(2);
        header.setReportCount(5);
        header.setCountries(Map.of("SG", 2, "TH", 1));
        header.setSectors(Map.of("finance", 1));
        header.setIncidentTypes(Map.of());
        header.setTlps(Map.of("GREEN", 5));
        header.setSeverities(Map.of("HIGH", 5));
        header.setIndicatorTypes(Map.of("DOMAIN", 2));
        header.setTitle("Phishing campaign around evil.example");
        header.setFounder("DOMAIN:evil.example");
        header.setMemberSeverities(Map.of("SG|HIGH", 4, "TH|HIGH", 1));
        header.setMemberTypes(Map.of());
        header.setPublishedReportCount(4);
        header.setPublishedAt(5L);
        return header;
    }

    private static ReportLink withSector(ReportLink link, String sector) {
        return ReportLink.newBuilder(link).setReportId("sg-2").setSector(sector).build();
    }

    /** What Avro's schema-walking writer, the path before the generated coders, makes of a value. */
    private static byte[] reflective(SpecificRecord value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new SpecificDatumWriter<SpecificRecord>(value.getSchema(), SpecificData.getForClass(value.getClass()))
                .write(value, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static SpecificRecord reflectiveRead(SpecificRecord like, byte[] datum) throws IOException {
        return new SpecificDatumReader<SpecificRecord>(
                        like.getSchema(), like.getSchema(), SpecificData.getForClass(like.getClass()))
                .read(null, DecoderFactory.get().binaryDecoder(datum, null));
    }

    private static boolean hasCustomCoders(SpecificRecordBase value) {
        try {
            var method = SpecificRecordBase.class.getDeclaredMethod("hasCustomCoders");
            method.setAccessible(true);
            return (Boolean) method.invoke(value);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
