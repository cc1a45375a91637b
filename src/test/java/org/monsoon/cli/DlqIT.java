package org.monsoon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.monsoon.testing.ReportBuilder.aReport;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.monsoon.MonsoonApplication;
import org.monsoon.config.MonsoonConfig;
import org.monsoon.config.Topics;
import org.monsoon.embedded.EmbeddedPlatform;
import org.monsoon.schema.IncidentReport;
import org.monsoon.schema.IndicatorType;
import org.monsoon.testing.SharedPlatform;
import org.monsoon.testing.TestDirs;
import org.monsoon.testing.TopicReader;

/** The operator's workflow on a real broker: list the dead letters, look at one, replay exactly once. */
class DlqIT {
    private static final String PREFIX = "dlq-it.";

    @Test
    void listShowAndReplayEachLetterOnce() throws Exception {
        EmbeddedPlatform platform = SharedPlatform.get();
        MonsoonConfig config = MonsoonConfig.defaults()
                .withBootstrapServers(platform.bootstrapServers())
                .withSchemaRegistryUrl(platform.schemaRegistryUrl())
                .withRegistryCredentials(platform.registryUserInfo())
                .withTopicPrefix(PREFIX)
                .withApplicationId("dlq-it")
                .withDataDir(TestDirs.create("dlq-it"))
                .withTopicLayout(1, (short) 1);
        Topics topics = Topics.of(config);
        try (MonsoonApplication app = MonsoonApplication.start(config, false)) {
            Topics.Topic<String, IncidentReport> th = topics.reports("TH");
            try (KafkaProducer<String, IncidentReport> producer = new KafkaProducer<>(
                            config.clientConfig(),
                            th.keySerde().serializer(),
                            th.valueSerde().serializer());
                    KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(
                            config.clientConfig(), new ByteArraySerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(
                                th.name(),
                                "th-bad",
                                aReport()
                                        .from("TH")
                                        .withId("th-bad")
                                        .observedAt(Instant.now())
                                        .withIndicator(IndicatorType.IPV4, "999.1.1.1")
                                        .build()))
                        .get();
                raw.send(new ProducerRecord<>(
                                topics.reports("SG").name(),
                                "junk".getBytes(StandardCharsets.UTF_8),
                                "not avro".getBytes(StandardCharsets.UTF_8)))
                        .get();
            }
            awaitLetters(config, topics, 2);

            String list = cli("dlq", "list");
            assertTrue(list.contains("2 dead letter(s)"), list);
            assertTrue(list.contains("SG DESERIALIZATION_FAILED"), list);
            assertTrue(list.contains("TH INVALID_REPORT"), list);
            Matcher letter = Pattern.compile("(\\d+@\\d+)\\s+\\S+\\s+TH\\s+INVALID_REPORT")
                    .matcher(list);
            assertTrue(letter.find(), list);
            // tail decodes what kcat cannot: the Avro value through the registry, each header as text.
            String tailed = cli("tail", "reports.dlq", "--from-beginning");
            List<com.fasterxml.jackson.databind.JsonNode> records = new ArrayList<>();
            for (String line : tailed.strip().split("\n")) {
                records.add(new com.fasterxml.jackson.databind.ObjectMapper().readTree(line));
            }
            assertEquals(2, records.size(), tailed);
            com.fasterxml.jackson.databind.JsonNode invalid = records.stream()
                    .filter(r -> r.path("headers")
                            .path("monsoon.error.code")
                            .asText()
                            .equals("INVALID_REPORT"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(tailed));
            assertEquals("th-bad", invalid.path("value").path("report_id").asText(), tailed);
            assertEquals("th-bad", invalid.path("key").asText(), tailed);
            String filtered = cli("dlq", "list", "--member", "TH", "--code", "INVALID_REPORT");
            assertTrue(filtered.contains("1 dead letter(s)"), filtered);

            String shown = cli("dlq", "show", letter.group(1));
            assertTrue(shown.contains("code:    INVALID_REPORT"), shown);
            assertTrue(shown.contains("\"report_id\":\"th-bad\""), "the report, decoded: " + shown);

            String replayed = cli("dlq", "replay", "--member", "TH");
            assertTrue(replayed.contains("replayed 1 letter(s); 0 replayed or resolved before; 0 offspring"), replayed);
            // Still invalid, so it is dead-lettered again: a new letter, naming the one it came from. It is
            // never replayed (a replay cannot loop), and the first one is shown as replayed.
            awaitLetters(config, topics, 3);
            String listed = cli("dlq", "list", "--member", "TH");
            String origin = "dlq-it.reports.dlq/" + letter.group(1);
            Matcher offspring = Pattern.compile("(?m)^(\\d+@\\d+) .*\\[replay of " + Pattern.quote(origin) + "]")
                    .matcher(listed);
            assertTrue(offspring.find(), listed);
            assertTrue(
                    Pattern.compile("(?m)^" + Pattern.quote(letter.group(1)) + " .* replayed ")
                            .matcher(listed)
                            .find(),
                    listed);
            String dry = cli("dlq", "replay", "--code", "INVALID_REPORT", "--dry-run");
            assertTrue(dry.contains("would replay 0 letter(s); 1 replayed or resolved before; 1 offspring"), dry);
            String again = cli("dlq", "replay", "--code", "INVALID_REPORT");
            assertTrue(again.contains("replayed 0 letter(s); 1 replayed or resolved before; 1 offspring"), again);
            // The CERT sent a corrected report: the operator closes the letter.
            String resolved = cli("dlq", "resolve", offspring.group(1));
            assertTrue(resolved.contains(offspring.group(1) + ": resolved (TH INVALID_REPORT)"), resolved);
            assertTrue(
                    Pattern.compile("(?m)^" + Pattern.quote(offspring.group(1)) + " .* resolved ")
                            .matcher(cli("dlq", "list", "--member", "TH"))
                            .find(),
                    "shown as resolved");

            List<ConsumerRecord<byte[], byte[]>> source = TopicReader.readAll(
                    config.bootstrapServers(), th.name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
            assertEquals(2, source.size(), "the original and one replay: the offspring was never replayed");
            assertEquals(
                    "dlq-it.reports.dlq/" + letter.group(1),
                    new String(
                            source.get(1)
                                    .headers()
                                    .lastHeader("monsoon.replayed")
                                    .value(),
                            StandardCharsets.UTF_8));
        }
        String bad = cliError("dlq", "show", "nonsense");
        assertTrue(
                bad.startsWith("monsoon: 'nonsense' is not PARTITION@OFFSET")
                        && bad.lines().count() == 1,
                bad);
    }

    private static void awaitLetters(MonsoonConfig config, Topics topics, int count) {
        List<?> letters = TopicReader.readUntil(
                config.bootstrapServers(),
                topics.deadLetters().name(),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer(),
                r -> r.size() >= count,
                Duration.ofSeconds(60));
        assertTrue(letters.size() >= count, "dead letters: " + letters.size());
    }

    private static String[] args(String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        EmbeddedPlatform platform = SharedPlatform.get();
        args.addAll(List.of(
                "--bootstrap-servers",
                platform.bootstrapServers(),
                "--schema-registry-url",
                platform.schemaRegistryUrl(),
                "--topic-prefix",
                PREFIX));
        return args.toArray(String[]::new);
    }

    private static String cli(String... command) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MonsoonCli.execute(args(command), Map.of(), new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, code, out + "" + err);
        return out.toString();
    }

    private static String cliError(String... command) {
        StringWriter err = new StringWriter();
        int code = MonsoonCli.execute(
                args(command), Map.of(), new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        assertTrue(code != 0);
        return err.toString();
    }
}
