package org.monsoon.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.monsoon.testing.ReportBuilder.aReport;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.monsoon.registry.SchemaRegistryClient;
import org.monsoon.schema.IncidentReport;
import org.monsoon.schema.IndicatorType;
import org.monsoon.testing.InMemoryRegistry;

class AvroSerdeTest {
    private static InMemoryRegistry registry;
    private static Map<String, Object> config;

    @BeforeAll
    static void startRegistry() {
        registry = new InMemoryRegistry();
        // As a Confluent client of a registry that needs credentials for writes is configured.
        config = Map.of(
                AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                registry.url(),
                AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE,
                "USER_INFO",
                AvroSerdeConfig.BASIC_AUTH_USER_INFO,
                registry.userInfo());
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    private static AvroSerde<IncidentReport> serde() {
        AvroSerde<IncidentReport> serde = AvroSerde.forType(IncidentReport.class);
        serde.configure(config, false);
        return serde;
    }

    @Test
    void specificRecordRoundTripsInTheConfluentWireFormat() {
        IncidentReport report = aReport()
                .from("SG")
                .withIndicator(IndicatorType.URL, "https://a.example/x")
                .build();
        byte[] bytes = serde().serializer().serialize("t-roundtrip", report);
        assertEquals(0, bytes[0], "magic byte");
        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        assertEquals(IncidentReport.getClassSchema(), registry.client().schemaById(id));
        assertEquals(report, serde().deserializer().deserialize("t-roundtrip", bytes));
    }

    @Test
    void registersUnderTheTopicNameStrategySubject() {
        serde().serializer().serialize("t-subject", aReport().build());
        assertTrue(registry.client().subjects().contains("t-subject-value"));
    }

    @Test
    void genericReaderReturnsGenericRecordsWithoutSpecificReader() {
        byte[] bytes = serde().serializer()
                .serialize("t-generic", aReport().withId("g-1").build());
        AvroDeserializer<Object> generic = new AvroDeserializer<>();
        generic.configure(config, false);
        Object value = generic.deserialize("t-generic", bytes);
        assertInstanceOf(GenericRecord.class, value);
        assertEquals("g-1", ((GenericRecord) value).get("report_id").toString());

        AvroDeserializer<Object> specific = new AvroDeserializer<>();
        specific.configure(
                Map.of(
                        AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                        registry.url(),
                        AvroSerdeConfig.SPECIFIC_AVRO_READER,
                        "true"),
                false);
        assertInstanceOf(IncidentReport.class, specific.deserialize("t-generic", bytes));
    }

    @Test
    void dataWrittenWithAnOlderSchemaVersionIsReadByNewerCode() {
        // v1: the report as first released, before "references" existed.
        Schema v1 = withoutField(IncidentReport.getClassSchema(), "references");
        IncidentReport current = aReport().withId("old-1").build();
        GenericRecord old = asGeneric(current, v1);
        AvroSerializer<GenericRecord> v1Writer = new AvroSerializer<>();
        v1Writer.configure(config, false);
        byte[] bytes = v1Writer.serialize("t-evolution", old);
        // v2 (the current schema) registers as a compatible successor under the same subject.
        serde().serializer().serialize("t-evolution", current);
        assertEquals(
                List.of(1, 2),
                registry.client().subjects().contains("t-evolution-value") ? versions("t-evolution-value") : List.of());

        IncidentReport read = serde().deserializer().deserialize("t-evolution", bytes);
        assertEquals("old-1", read.getReportId());
        assertEquals(List.of(), read.getReferences(), "new field takes its default");
    }

    @Test
    void unknownSchemaIdIsADeserializationErrorNotANull() {
        byte[] bytes =
                ByteBuffer.allocate(9).put((byte) 0).putInt(987654).putInt(42).array();
        SerializationException e = assertThrows(
                SerializationException.class, () -> serde().deserializer().deserialize("t", bytes));
        assertTrue(e.getMessage().contains("987654"), e.getMessage());
    }

    @Test
    void wrongMagicByteIsRejected() {
        SerializationException e = assertThrows(
                SerializationException.class,
                () -> serde().deserializer().deserialize("t", "{\"json\":true}".getBytes()));
        assertTrue(e.getMessage().contains("magic byte"), e.getMessage());
    }

    @Test
    void corruptAndTruncatedAvroAreRejected() {
        byte[] good = serde().serializer().serialize("t-corrupt", aReport().build());
        byte[] truncated = Arrays.copyOf(good, good.length / 2);
        assertThrows(SerializationException.class, () -> serde().deserializer().deserialize("t-corrupt", truncated));
        byte[] trailing = Arrays.copyOf(good, good.length + 3);
        assertThrows(SerializationException.class, () -> serde().deserializer().deserialize("t-corrupt", trailing));
    }

    @Test
    void nullStaysNullForTombstones() {
        assertNull(serde().serializer().serialize("t", null));
        assertNull(serde().deserializer().deserialize("t", null));
    }

    @Test
    void withoutAutoRegisterAnUnregisteredSchemaFails() {
        AvroSerializer<IncidentReport> serializer = new AvroSerializer<>();
        serializer.configure(
                Map.of(
                        AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                        registry.url(),
                        AvroSerdeConfig.AUTO_REGISTER_SCHEMAS,
                        false),
                false);
        SerializationException e = assertThrows(
                SerializationException.class,
                () -> serializer.serialize("t-unregistered", aReport().build()));
        assertTrue(e.getMessage().contains("40401"), e.getMessage());
    }

    @Test
    void useLatestVersionWritesWithTheRegisteredSchemaId() {
        SchemaRegistryClient client = registry.client();
        int id = client.register("t-latest-value", IncidentReport.getClassSchema());
        AvroSerializer<IncidentReport> serializer = new AvroSerializer<>();
        serializer.configure(
                Map.of(
                        AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                        registry.url(),
                        AvroSerdeConfig.AUTO_REGISTER_SCHEMAS,
                        false,
                        AvroSerdeConfig.USE_LATEST_VERSION,
                        true),
                false);
        byte[] bytes = serializer.serialize("t-latest", aReport().build());
        assertEquals(id, WireFormat.schemaId(bytes));
    }

    @Test
    void basicAuthSettingsAreValidated() {
        assertThrows(
                ConfigException.class,
                () -> AvroSerdeConfig.from(Map.of(
                        AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                        "http://x",
                        AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE,
                        "USER_INFO")));
        assertThrows(
                ConfigException.class,
                () -> AvroSerdeConfig.from(Map.of(
                        AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                        "http://x",
                        AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE,
                        "SASL_INHERIT")));
        assertThrows(ConfigException.class, () -> AvroSerdeConfig.from(Map.of()));
        AvroSerdeConfig.from(Map.of(
                AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                "http://u:p@x",
                AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE,
                "URL"));
    }

    @Test
    void theSameBytesDecodeWithAFreshClient() {
        byte[] bytes =
                serde().serializer().serialize("t-fresh", aReport().withId("f").build());
        AvroDeserializer<IncidentReport> fresh = new AvroDeserializer<>(registry.client(), IncidentReport.class);
        assertEquals("f", fresh.deserialize("t-fresh", bytes).getReportId());
        assertArrayEquals(bytes, serde().serializer().serialize("t-fresh", fresh.deserialize("t-fresh", bytes)));
    }

    private static List<Integer> versions(String subject) {
        SchemaRegistryClient client = registry.client();
        return List.of(
                client.version(subject, "1").version(),
                client.version(subject, "2").version());
    }

    /** What a generic client holding the older schema would have built. */
    private static GenericRecord asGeneric(IncidentReport report, Schema schema) {
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            var encoder = org.apache.avro.io.EncoderFactory.get().binaryEncoder(out, null);
            new org.apache.avro.specific.SpecificDatumWriter<>(IncidentReport.class).write(report, encoder);
            encoder.flush();
            return new org.apache.avro.generic.GenericDatumReader<GenericRecord>(
                            IncidentReport.getClassSchema(), schema)
                    .read(null, org.apache.avro.io.DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Schema withoutField(Schema schema, String name) {
        List<Schema.Field> fields = schema.getFields().stream()
                .filter(f -> !f.name().equals(name))
                .map(f -> new Schema.Field(f, f.schema()))
                .collect(Collectors.toList());
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }
}
