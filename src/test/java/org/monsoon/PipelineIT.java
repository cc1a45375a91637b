package org.monsoon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.monsoon.testing.ReportBuilder.aReport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.monsoon.config.MonsoonConfig;
import org.monsoon.config.Topics;
import org.monsoon.embedded.EmbeddedPlatform;
import org.monsoon.schema.IncidentReport;
import org.monsoon.schema.IndicatorType;
import org.monsoon.testing.SharedPlatform;
import org.monsoon.testing.TestDirs;
import org.monsoon.testing.TopicReader;

/** Bad and good records interleaved on the real broker: the good flow, the bad reach the DLQ, nothing stops. */
class PipelineIT {

    @Test
    void badRecordsAreDeadLetteredAndValidOnesFlow() throws Exception {
        EmbeddedPlatform platform = SharedPlatform.get();
        MonsoonConfig config = MonsoonConfig.defaults()
                .withBootstrapServers(platform.bootstrapServers())
                .withSchemaRegistryUrl(platform.schemaRegistryUrl())
                .withRegistryCredentials(platform.registryUserInfo())
                .withTopicPrefix("pipeline-it.")
                .withApplicationId("pipeline-it")
                .withDataDir(TestDirs.create("pipeline-it"))
                .withTopicLayout(2, (short) 1);
        Topics topics = Topics.of(config);
        try (MonsoonApplication app = MonsoonApplication.start(config, false);
                KafkaProducer<String, IncidentReport> producer = new KafkaProducer<>(
                        config.clientConfig(),
                        topics.reports("SG").keySerde().serializer(),
                        topics.reports("SG").valueSerde().serializer())) {
            Instant now = Instant.now();
            producer.send(new ProducerRecord<>(
                    topics.reports("SG").name(),
                    "v1",
                    aReport().from("SG").withId("v1").observedAt(now).build()));
            raw(config, topics.reports("SG").name(), "garbage-1", "this is not avro".getBytes(StandardCharsets.UTF_8));
            producer.send(new ProducerRecord<>(
                    topics.reports("MY").name(),
                    "spoof",
                    aReport().from("SG").withId("spoof").observedAt(now).build()));
            producer.send(new ProducerRecord<>(
                    topics.reports("TH").name(),
                    "v2",
                    aReport().from("TH").withId("v2").observedAt(now).build()));
            producer.send(new ProducerRecord<>(
                    topics.reports("TH").name(),
                    "bad-ip",
                    aReport()
                            .from("TH")
                            .withId("bad-ip")
                            .observedAt(now)
                            .withIndicator(IndicatorType.IPV4, "999.1.1.1")
                            .build()));
            raw(config, topics.reports("VN").name(), "garbage-2", new byte[] {0, 0, 0, 0, 99});
            producer.send(new ProducerRecord<>(
                    topics.reports("VN").name(),
                    "v3",
                    aReport().from("VN").withId("v3").observedAt(now).build()));
            // A report written to another partition than the one where its versions meet (a producer with
            // another partitioner): it moves through dedup-by-report, and is still deduplicated.
            String movedTopic = topics.reports("PH").name();
            int wrong = 1 - org.monsoon.dedup.ReportPartitioner.partitionOf("PH/moved", 2);
            IncidentReport moved =
                    aReport().from("PH").withId("moved").observedAt(now).build();
            producer.send(new ProducerRecord<>(movedTopic, wrong, "moved", moved));
            producer.send(new ProducerRecord<>(movedTopic, wrong, "moved", moved));
            IncidentReport revised =
                    IncidentReport.newBuilder(moved).setTitle("revised").build();
            producer.send(new ProducerRecord<>(movedTopic, wrong, "moved", revised));
            producer.flush();

            List<ConsumerRecord<String, IncidentReport>> accepted = TopicReader.readUntil(
                    platform.bootstrapServers(),
                    topics.accepted().name(),
                    topics.accepted().keySerde().deserializer(),
                    topics.accepted().valueSerde().deserializer(),
                    r -> r.size() >= 5,
                    Duration.ofSeconds(90));
            List<ConsumerRecord<byte[], byte[]>> dead = TopicReader.readUntil(
                    platform.bootstrapServers(),
                    topics.deadLetters().name(),
                    new ByteArrayDeserializer(),
                    new ByteArrayDeserializer(),
                    r -> r.size() >= 4,
                    Duration.ofSeconds(60));

            assertEquals(
                    Set.of("SG/v1", "TH/v2", "VN/v3", "PH/moved"),
                    accepted.stream().map(ConsumerRecord::key).collect(Collectors.toSet()));
            List<ConsumerRecord<String, IncidentReport>> movedVersions =
                    accepted.stream().filter(r -> r.key().equals("PH/moved")).toList();
            assertEquals(2, movedVersions.size(), "the moved report once, then its revision");
            assertEquals("revised", movedVersions.get(1).value().getTitle());
            assertEquals(1.0, app.metrics().count("monsoon.reports.duplicate", "reporter", "PH"));
            assertTrue(movedVersions.get(1).headers().lastHeader("monsoon.revision") != null);
            assertEquals(3.0, app.metrics().count("monsoon.reports.rerouted"), "each delivery moved");
            Map<String, String> codes = dead.stream()
                    .collect(Collectors.toMap(
                            r -> header(r, "monsoon.source.topic") + "#" + new String(r.key(), StandardCharsets.UTF_8),
                            r -> header(r, "monsoon.error.code")));
            assertEquals(
                    Map.of(
                            "pipeline-it.reports.sg#garbage-1", "DESERIALIZATION_FAILED",
                            "pipeline-it.reports.my#spoof", "REPORTER_MISMATCH",
                            "pipeline-it.reports.th#bad-ip", "INVALID_REPORT",
                            "pipeline-it.reports.vn#garbage-2", "DESERIALIZATION_FAILED"),
                    codes);
            ConsumerRecord<byte[], byte[]> garbage = dead.stream()
                    .filter(r -> new String(r.key(), StandardCharsets.UTF_8).equals("garbage-1"))
                    .findFirst()
                    .orElseThrow();
            assertEquals("this is not avro", new String(garbage.value(), StandardCharsets.UTF_8), "original bytes");
            Set<String> headers = new TreeSet<>();
            garbage.headers().forEach(h -> headers.add(h.key()));
            assertEquals(
                    Set.of(
                            "monsoon.error.code",
                            "monsoon.error.reason",
                            "monsoon.source.topic",
                            "monsoon.source.partition",
                            "monsoon.source.offset"),
                    headers);
            assertTrue(dead.stream()
                    .anyMatch(r -> header(r, "monsoon.error.reason").contains("999.1.1.1")));
            assertEquals(KafkaStreams.State.RUNNING, app.state());
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    /** Bytes a CERT's broken producer might send (kcat's interop is tested in PlatformIT). */
    private static void raw(MonsoonConfig config, String topic, String key, byte[] value) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                config.clientConfig(),
                new org.apache.kafka.common.serialization.ByteArraySerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value))
                    .get();
        }
    }
}
