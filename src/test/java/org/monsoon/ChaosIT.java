package org.monsoon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.monsoon.testing.ReportBuilder.aReport;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.monsoon.config.MonsoonConfig;
import org.monsoon.config.Topics;
import org.monsoon.embedded.EmbeddedKafka;
import org.monsoon.embedded.EmbeddedRegistry;
import org.monsoon.registry.RegistryCredentials;
import org.monsoon.schema.Advisory;
import org.monsoon.schema.IncidentReport;
import org.monsoon.schema.IndicatorType;
import org.monsoon.schema.WarninglistMatch;
import org.monsoon.testing.Http;
import org.monsoon.testing.ReportBuilder;
import org.monsoon.testing.TestDirs;
import org.monsoon.testing.TopicReader;
import org.monsoon.warninglist.WarninglistAdmin;
import org.monsoon.warninglist.WarninglistEntries;

/**
 * Everything that once stopped the region, at once, on a real broker, interleaved with valid reports
 * from other members: a near-1 MiB garbage record, a report that grows past the limits when
 * canonicalised, a hot indicator named by a dozen 100 KB reports, a schema registry restart, and a
 * warninglist regex with heavy nesting. Every valid report still reaches an advisory, nothing valid is
 * dead-lettered, the accounting adds up and the instance is ready again.
 */
class ChaosIT {
    private static final RegistryCredentials WRITER = new RegistryCredentials("chaos-admin", "chaos-secret");

    @Test
    void noSingleRecordStopsTheRegion() throws Exception {
        Path dir = TestDirs.create("chaos-it");
        try (EmbeddedKafka kafka = new EmbeddedKafka(dir, "127.0.0.1", 0).start()) {
            EmbeddedRegistry registry =
                    EmbeddedRegistry.start(kafka.bootstrapServers(), "127.0.0.1", 0, (short) 1, WRITER);
            int registryPort = java.net.URI.create(registry.url()).getPort();
            MonsoonConfig config = MonsoonConfig.defaults()
                    .withBootstrapServers(kafka.bootstrapServers())
                    .withSchemaRegistryUrl(registry.url())
                    .withRegistryCredentials(WRITER.userInfo())
                    .withApplicationId("chaos-it")
                    .withDataDir(dir.resolve("state"))
                    .withTopicLayout(2, (short) 1)
                    .withHttp("127.0.0.1", 0);
            Topics topics = Topics.of(config);
            Instant now = Instant.now().minusSeconds(60);
            int produced = 0;
            List<Set<String>> expectedPairs = new ArrayList<>();
            try (MonsoonApplication app = MonsoonApplication.start(config, true)) {
                try (WarninglistAdmin warninglist = new WarninglistAdmin(config, topics)) {
                    warninglist.put(List.of(WarninglistEntries.entry(
                                    WarninglistMatch.REGEX, "((((a|b)*)*)*)*c$", "chaos", null, Instant.now())
                            .orElseThrow()));
                }
                Map<String, Object> rawProps = new HashMap<>(config.clientConfig());
                rawProps.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024);
                try (KafkaProducer<String, IncidentReport> reports = new KafkaProducer<>(
                                config.clientConfig(),
                                topics.reports("SG").keySerde().serializer(),
                                topics.reports("SG").valueSerde().serializer());
                        KafkaProducer<byte[], byte[]> raw =
                                new KafkaProducer<>(rawProps, new ByteArraySerializer(), new ByteArraySerializer())) {
                    for (int round = 0; round < 12; round++) {
                        // Valid pairs from other members, each pair sharing a domain: an advisory per pair.
                        String shared = "pair-" + round + ".chaos.example";
                        for (String member : new String[] {"MY", "VN"}) {
                            reports.send(new ProducerRecord<>(
                                    topics.reports(member).name(),
                                    member + "-" + round,
                                    aReport()
                                            .from(member)
                                            .withId(member + "-" + round)
                                            .observedAt(now)
                                            .withIndicator(IndicatorType.DOMAIN, shared)
                                            .withIndicator(
                                                    IndicatorType.URL, "https://" + shared + "/" + "ab".repeat(900))
                                            .build()));
                            produced++;
                        }
                        expectedPairs.add(Set.of("MY", "VN"));
                        // A hot indicator: a dozen ~100 KB SG reports that all name it.
                        ReportBuilder hot = aReport()
                                .from("SG")
                                .withId("sg-hot-" + round)
                                .observedAt(now)
                                .withIndicator(IndicatorType.DOMAIN, "hot.chaos.example");
                        for (int u = 0; u < 51; u++) {
                            hot.withIndicator(
                                    IndicatorType.URL,
                                    "https://hot.chaos.example/" + round + "/" + u + "/" + "x".repeat(1_900));
                        }
                        reports.send(new ProducerRecord<>(topics.reports("SG").name(), "sg-hot-" + round, hot.build()));
                        produced++;
                        if (round == 2) {
                            byte[] garbage = new byte[1_048_401];
                            java.util.Arrays.fill(garbage, (byte) 'g');
                            raw.send(new ProducerRecord<>(
                                            topics.reports("TH").name(),
                                            "garbage".getBytes(StandardCharsets.UTF_8),
                                            garbage))
                                    .get();
                            produced++;
                        }
                        if (round == 4) {
                            ReportBuilder grows =
                                    aReport().from("KH").withId("kh-grows").observedAt(now);
                            for (int u = 0; u < 200; u++) {
                                grows.withIndicator(
                                        IndicatorType.URL, "https://grow.chaos.example/" + u + "/" + "<".repeat(2_000));
                            }
                            reports.send(new ProducerRecord<>(
                                            topics.reports("KH").name(), "kh-grows", grows.build()))
                                    .get();
                            produced++;
                        }
                        if (round == 6) {
                            reports.flush();
                            registry.close(); // the registry goes away mid-feed ...
                            Thread.sleep(2_000);
                            registry = EmbeddedRegistry.start(
                                    kafka.bootstrapServers(),
                                    "127.0.0.1",
                                    registryPort,
                                    (short) 1,
                                    WRITER); // ... and comes back on its address
                        }
                    }
                    reports.send(new ProducerRecord<>(
                            topics.reports("MY").name(),
                            "my-hot",
                            aReport()
                                    .from("MY")
                                    .withId("my-hot")
                                    .observedAt(now)
                                    .withIndicator(IndicatorType.DOMAIN, "hot.chaos.example")
                                    .build()));
                    produced++;
                }

                List<ConsumerRecord<byte[], byte[]>> accepted = TopicReader.readUntil(
                        config.bootstrapServers(),
                        topics.accepted().name(),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer(),
                        r -> r.size() >= 37,
                        Duration.ofSeconds(180));
                assertEquals(
                        37, accepted.size(), "12 MY/VN pairs, 12 hot SG reports and MY's: every valid report accepted");
                List<ConsumerRecord<byte[], byte[]>> letters = TopicReader.readUntil(
                        config.bootstrapServers(),
                        topics.deadLetters().name(),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer(),
                        r -> r.size() >= 2,
                        Duration.ofSeconds(60));
                Set<String> codes = new TreeSet<>();
                for (ConsumerRecord<byte[], byte[]> letter : letters) {
                    codes.add(new String(
                                    letter.headers()
                                            .lastHeader("monsoon.source.topic")
                                            .value(),
                                    StandardCharsets.UTF_8)
                            + " "
                            + new String(
                                    letter.headers()
                                            .lastHeader("monsoon.error.code")
                                            .value(),
                                    StandardCharsets.UTF_8));
                    assertTrue(letter.value() == null || letter.value().length < 1_048_576, "every dead letter fits");
                }
                assertEquals(
                        Set.of("monsoon.reports.kh OVERSIZED", "monsoon.reports.th DESERIALIZATION_FAILED"),
                        codes,
                        "only the two bad records are dead-lettered");
                List<ConsumerRecord<byte[], byte[]>> errors = TopicReader.readAll(
                        config.bootstrapServers(),
                        topics.errors().name(),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer());
                assertEquals(
                        produced,
                        accepted.size() + letters.size() + errors.size(),
                        "accepted + duplicates (none) + dead-lettered + internal errors = produced");

                Map<String, Advisory> advisories = new HashMap<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (System.nanoTime() < deadline && !allPairsPublished(advisories)) {
                    for (ConsumerRecord<String, Advisory> r : TopicReader.readAll(
                            config.bootstrapServers(),
                            topics.advisories().name(),
                            topics.advisories().keySerde().deserializer(),
                            topics.advisories().valueSerde().deserializer())) {
                        advisories.put(r.key(), r.value());
                    }
                    Thread.sleep(500);
                }
                assertTrue(
                        allPairsPublished(advisories),
                        "every pair's domain reaches an advisory: " + advisories.keySet());
                assertTrue(
                        advisories.values().stream()
                                .anyMatch(a -> a.getCountries().containsAll(List.of("MY", "SG"))),
                        "the hot indicator's campaign too");
                assertEquals(200, awaitReady(app.httpUrl()), "ready again after the registry restart");
            } finally {
                registry.close();
            }
        }
    }

    private static boolean allPairsPublished(Map<String, Advisory> advisories) {
        Set<String> domains = new TreeSet<>();
        advisories.values().forEach(a -> a.getIndicators().forEach(i -> domains.add(i.getValue())));
        for (int round = 0; round < 12; round++) {
            if (!domains.contains("pair-" + round + ".chaos.example")) {
                return false;
            }
        }
        return true;
    }

    private static int awaitReady(String url) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int status = Http.get(url + "/health/ready").status();
        while (status != 200 && System.nanoTime() < deadline) {
            Thread.sleep(500);
            status = Http.get(url + "/health/ready").status();
        }
        return status;
    }
}
