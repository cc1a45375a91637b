package org.monsoon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.monsoon.testing.ReportBuilder.aReport;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.monsoon.config.MonsoonConfig;
import org.monsoon.config.TopicProvisioner;
import org.monsoon.config.Topics;
import org.monsoon.embedded.EmbeddedPlatform;
import org.monsoon.registry.SchemaRegistryClient;
import org.monsoon.schema.IncidentReport;
import org.monsoon.schema.IndicatorType;
import org.monsoon.testing.SharedPlatform;
import org.monsoon.testing.TopicReader;

/**
 * Exactly-once across a crash: thousands of reports (with redeliveries, invalid and undecodable ones)
 * stream in while the Monsoon process is killed with SIGKILL mid-stream and started again. At the end
 * every input is accounted for exactly once: accepted + dead-lettered + duplicates = produced.
 */
class CrashRecoveryIT {
    private static final int REPORTS = 3000;
    private static final String PREFIX = "crash-it.";

    @Test
    void everyRecordIsAccountedForExactlyOnceAcrossAHardKill() throws Exception {
        EmbeddedPlatform platform = SharedPlatform.get();
        MonsoonConfig config = MonsoonConfig.defaults().withBootstrapServers(platform.bootstrapServers())
                .withSchemaRegistryUrl(platform.schemaRegistryUrl()).withTopicPrefix(PREFIX)
                .withTopicLayout(3, (short) 1);
        Topics topics = new Topics(config, new SchemaRegistryClient(config.schemaRegistryUrl(), null));
        new TopicProvisioner(config, topics).createMissingTopics();
        Path dataDir = Files.createTempDirectory("crash-it");

        Plan plan = Plan.generate(config.members(), new Random(42));
        Process first = startMonsoon(platform, dataDir, "first");
        Thread feeder = new Thread(() -> plan.send(config, topics));
        feeder.start();
        // Kill once the pipeline is visibly mid-stream.
        TopicReader.readUntil(platform.bootstrapServers(), topics.accepted().name(), new StringDeserializer(),
                new ByteArrayDeserializer(), r -> r.size() >= 300, Duration.ofSeconds(120));
        first.destroyForcibly().waitFor();
        int acceptedAtKill = TopicReader.readAll(platform.bootstrapServers(), topics.accepted().name(),
                new StringDeserializer(), new ByteArrayDeserializer()).size();
        assertTrue(acceptedAtKill < plan.expectedAccepted.size(), "killed mid-stream: " + acceptedAtKill + " of "
                + plan.expectedAccepted.size() + " accepted");
        Process second = startMonsoon(platform, dataDir, "second");
        try {
            feeder.join(120_000);
            List<ConsumerRecord<String, byte[]>> accepted = TopicReader.readUntil(platform.bootstrapServers(),
                    topics.accepted().name(), new StringDeserializer(), new ByteArrayDeserializer(),
                    r -> r.size() >= plan.expectedAccepted.size(), Duration.ofSeconds(180));
            List<ConsumerRecord<byte[], byte[]>> dead = TopicReader.readUntil(platform.bootstrapServers(),
                    topics.deadLetters().name(), new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                    r -> r.size() >= plan.expectedDead.size(), Duration.ofSeconds(60));
            Thread.sleep(5_000); // anything duplicated would show up now
            accepted = TopicReader.readAll(platform.bootstrapServers(), topics.accepted().name(),
                    new StringDeserializer(), new ByteArrayDeserializer());
            dead = TopicReader.readAll(platform.bootstrapServers(), topics.deadLetters().name(),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());

            Map<String, Long> acceptedKeys = accepted.stream().collect(Collectors.groupingBy(ConsumerRecord::key,
                    Collectors.counting()));
            Map<String, Long> deadKeys = dead.stream().collect(Collectors.groupingBy(
                    r -> new String(r.key(), StandardCharsets.UTF_8), Collectors.counting()));
            assertEquals(plan.expectedAccepted.stream().collect(Collectors.toMap(Function.identity(), k -> 1L)),
                    acceptedKeys, "each valid report accepted exactly once");
            assertEquals(plan.expectedDead.stream().collect(Collectors.toMap(Function.identity(), k -> 1L)),
                    deadKeys, "each bad record dead-lettered exactly once");
            assertEquals(REPORTS, accepted.size() + dead.size() + plan.redeliveries,
                    "accepted + dead-lettered + duplicates = produced");
        } finally {
            second.destroy();
            second.waitFor();
        }
    }

    private static Process startMonsoon(EmbeddedPlatform platform, Path dataDir, String name) throws Exception {
        String jar = System.getProperty("monsoon.jar", "target/monsoon.jar");
        File log = dataDir.resolve(name + ".log").toFile();
        return new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", jar, "run", "--bootstrap-servers", platform.bootstrapServers(),
                "--schema-registry-url", platform.schemaRegistryUrl(), "--topic-prefix", PREFIX,
                "--application-id", "crash-it", "--data-dir", dataDir.toString(), "--http-port", "0",
                "--partitions", "3"))
                .redirectErrorStream(true).redirectOutput(log).start();
    }

    /** What the test sends and what it must find at the end. */
    private static final class Plan {
        final List<Runnable> sends = new ArrayList<>();
        final List<String> expectedAccepted = new ArrayList<>();
        final List<String> expectedDead = new ArrayList<>();
        int redeliveries;
        private final java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
        private final List<Object[]> records = new ArrayList<>();

        static Plan generate(List<String> members, Random random) {
            Plan plan = new Plan();
            Map<Integer, Object[]> originals = new HashMap<>();
            Instant base = Instant.now().minus(Duration.ofDays(1));
            for (int i = 0; i < REPORTS; i++) {
                int kind = random.nextInt(100);
                if (kind < 10 && !originals.isEmpty()) {
                    Object[] original = originals.get(random.nextInt(originals.size()));
                    plan.records.add(original);
                    plan.redeliveries++;
                    continue;
                }
                String member = members.get(random.nextInt(members.size()));
                String id = "crash-" + i;
                if (kind < 11) {
                    plan.records.add(new Object[] {member, id, null});
                    plan.expectedDead.add(id);
                    continue;
                }
                ReportBuilderHolder holder = new ReportBuilderHolder(aReport().from(member).withId(id)
                        .observedAt(base.plusSeconds(i)).withIndicator(IndicatorType.DOMAIN, "c" + (i % 50) + ".example"));
                if (kind < 13) {
                    holder.builder.withIndicator(IndicatorType.MD5, "not-a-hash");
                    plan.expectedDead.add(id);
                } else {
                    plan.expectedAccepted.add(member + "/" + id);
                }
                Object[] record = {member, id, holder.builder.build()};
                plan.records.add(record);
                if (kind >= 13) {
                    originals.put(originals.size(), record);
                }
            }
            return plan;
        }

        void send(MonsoonConfig config, Topics topics) {
            Map<String, Object> props = config.clientConfig();
            props.put("enable.idempotence", true);
            props.put("acks", "all");
            Topics.Topic<String, IncidentReport> any = topics.reports("SG");
            try (KafkaProducer<String, IncidentReport> avro = new KafkaProducer<>(props, any.keySerde().serializer(),
                    any.valueSerde().serializer());
                 KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(props, new ByteArraySerializer(),
                         new ByteArraySerializer())) {
                for (Object[] record : records) {
                    String topic = topics.reports((String) record[0]).name();
                    if (record[2] == null) {
                        raw.send(new ProducerRecord<>(topic, ((String) record[1]).getBytes(StandardCharsets.UTF_8),
                                "\u0001garbage".getBytes(StandardCharsets.UTF_8)));
                    } else {
                        avro.send(new ProducerRecord<>(topic, (String) record[1], (IncidentReport) record[2]));
                    }
                    if (sent.incrementAndGet() % 100 == 0) {
                        avro.flush();
                        raw.flush();
                        sleep(60);
                    }
                }
            }
        }

        int sent() {
            return sent.get();
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private record ReportBuilderHolder(org.monsoon.testing.ReportBuilder builder) {
    }
}
