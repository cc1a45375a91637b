package org.monsoon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.monsoon.MonsoonApplication;
import org.monsoon.config.MonsoonConfig;
import org.monsoon.config.Topics;
import org.monsoon.testing.CliRun;
import org.monsoon.testing.SharedPlatform;
import org.monsoon.testing.TestDirs;
import org.monsoon.testing.TopicReader;

/**
 * Importers that tell the truth, end to end: JSON Lines, an OASIS-shaped STIX bundle and a MISP event,
 * each with values that have no canonical form among good ones, go through {@code monsoon produce}
 * into a running pipeline. What {@code produce} printed it would leave out must be exactly what the
 * pipeline's INVALID_INDICATOR letters name, report by report, and the reports must be accepted with
 * the rest.
 */
class PartialAcceptanceIT {
    private static final String PREFIX = "partial-it.";
    private static final Pattern PRINTED = Pattern.compile("report ([A-Za-z0-9._:-]+): INVALID_INDICATOR: (.*)$");

    @Test
    void whatProduceSaysItWillLeaveOutIsWhatThePipelineLeavesOut() throws Exception {
        MonsoonConfig config = SharedPlatform.config("partial-it", 1).withDataDir(TestDirs.create("partial-it"));
        Topics topics = Topics.of(config);
        Path dir = TestDirs.create("partial-it-files");
        Path jsonl = dir.resolve("reports.jsonl");
        Files.write(
                jsonl,
                List.of(
                        line(
                                "my-typo",
                                "{\"type\":\"IPV4\",\"value\":\"45.77.12.3OO\"},{\"type\":\"DOMAIN\",\"value\":\"ok-1.example\"}"),
                        line("my-clean", "{\"type\":\"DOMAIN\",\"value\":\"ok-2.example\"}"),
                        line(
                                "my-two",
                                "{\"type\":\"DOMAIN\",\"value\":\"a..example\"},{\"type\":\"MD5\",\"value\":\"xyz\"},"
                                        + "{\"type\":\"DOMAIN\",\"value\":\"ok-3.example\"}")));
        Path bundle = dir.resolve("poisonivy.json");
        Files.writeString(
                bundle,
                Files.readString(Path.of("src/test/resources/stix/poisonivy-shaped.json"))
                        .replace("'tk.ninth.biz'", "'domain autuo.xicp.net'"));
        Path event = dir.resolve("event.json");
        Files.writeString(
                event,
                Files.readString(Path.of("src/test/resources/misp/event-phishing.json"))
                        .replace("185.220.101.47|443", "185.220.101.4O7|443"));

        try (MonsoonApplication app = MonsoonApplication.start(config, false)) {
            Map<String, String> printed = new TreeMap<>();
            CliRun.Outcome lines = CliRun.run(PREFIX, "produce", "--reporter", "MY", "--file", jsonl.toString());
            assertEquals(3, lines.code(), "sent, with indicators left out: " + lines.err());
            assertTrue(
                    lines.err().contains("sent 3 report(s)") && lines.err().contains("2 report(s) sent without"),
                    lines.err());
            collect(lines.err(), printed);
            CliRun.Outcome stix =
                    CliRun.run(PREFIX, "produce", "--reporter", "SG", "--format", "stix", "--file", bundle.toString());
            assertEquals(3, stix.code(), stix.err());
            collect(stix.err(), printed);
            // The MISP importer leaves such a value out itself, with the pipeline's own rules, before
            // sending (it canonicalises to merge an event's duplicate values): named, and the exit code
            // says so.
            CliRun.Outcome misp =
                    CliRun.run(PREFIX, "produce", "--reporter", "TH", "--format", "misp", "--file", event.toString());
            assertEquals(3, misp.code(), misp.err());
            assertTrue(
                    misp.err()
                            .contains(
                                    "left out attribute a0000001-0000-4000-8000-000000000003 (IPV4 '185.220.101.4O7'):"
                                            + " '185.220.101.4O7' is not an IPv4 address"),
                    misp.err());
            collect(misp.err(), printed);
            assertEquals(3, printed.size(), "two JSON lines and the bundle: " + printed);
            assertTrue(printed.get("my-typo").contains("indicators[0] (IPV4 '45.77.12.3OO')"), printed.toString());
            assertTrue(
                    printed.values().stream().anyMatch(r -> r.contains("'domain autuo.xicp.net'")), printed.toString());

            List<ConsumerRecord<byte[], byte[]>> letters = TopicReader.readUntil(
                    config.bootstrapServers(),
                    topics.deadLetters().name(),
                    new ByteArrayDeserializer(),
                    new ByteArrayDeserializer(),
                    r -> r.size() >= 3,
                    Duration.ofSeconds(90));
            Map<String, String> lettered = new TreeMap<>();
            for (ConsumerRecord<byte[], byte[]> letter : letters) {
                assertEquals("INVALID_INDICATOR", header(letter, "monsoon.error.code"));
                lettered.put(new String(letter.key(), StandardCharsets.UTF_8), header(letter, "monsoon.error.reason"));
            }
            assertEquals(printed, lettered, "produce printed exactly what the pipeline left out");

            List<ConsumerRecord<String, byte[]>> accepted = TopicReader.readUntil(
                    config.bootstrapServers(),
                    topics.accepted().name(),
                    new StringDeserializer(),
                    new ByteArrayDeserializer(),
                    r -> r.size() >= 5,
                    Duration.ofSeconds(60));
            assertEquals(5, accepted.size(), "every report accepted, the partial ones with their valid indicators");
        }
    }

    private static void collect(String err, Map<String, String> printed) {
        for (String line : err.split("\n")) {
            Matcher m = PRINTED.matcher(line.strip());
            if (m.find()) {
                printed.put(m.group(1), m.group(2));
            }
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static String line(String id, String indicators) {
        return "{\"report_id\":\"" + id + "\",\"observed_at\":\"2026-12-01T08:00:00Z\",\"tlp\":\"GREEN\","
                + "\"severity\":\"HIGH\",\"category\":\"fraud\",\"type\":\"phishing\",\"title\":\"Partial " + id
                + "\",\"indicators\":[" + indicators + "]}";
    }
}
