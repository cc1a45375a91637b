package org.monsoon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.monsoon.config.MonsoonConfig;
import org.monsoon.config.TopicProvisioner;
import org.monsoon.config.Topics;
import org.monsoon.embedded.EmbeddedPlatform;
import org.monsoon.ingest.ReportJson;
import org.monsoon.schema.IncidentReport;
import org.monsoon.testing.SharedPlatform;

/** {@code monsoon produce} end to end: JSON Lines in, Avro records on the member's topic, read back. */
class ProduceIT {
    private static final List<String> VALID = List.of(
            "{\"report_id\":\"sg-1\",\"observed_at\":\"2026-11-20T08:00:00Z\",\"reported_at\":\"2026-11-20T09:00:00Z\","
                    + "\"tlp\":\"GREEN\",\"severity\":\"HIGH\",\"category\":\"fraud\",\"type\":\"phishing\","
                    + "\"sector\":\"finance\",\"title\":\"Bank phishing\",\"description\":null,"
                    + "\"indicators\":[{\"type\":\"DOMAIN\",\"value\":\"login-bank[.]example\"}],\"references\":[]}",
            "{\"report_id\":\"sg-2\",\"reporter\":\"SG\",\"observed_at\":\"2026-11-20T10:00:00+08:00\","
                    + "\"reported_at\":\"2026-11-20T03:00:00Z\",\"tlp\":\"AMBER\",\"severity\":\"CRITICAL\","
                    + "\"category\":\"malicious-code\",\"type\":\"malware-distribution\",\"title\":\"Loader\","
                    + "\"indicators\":[{\"type\":\"SHA256\",\"value\":\"E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855\"}]}",
            "{\"report_id\":\"sg-3\",\"observed_at\":\"2026-11-21T00:00:00Z\",\"reported_at\":\"2026-11-21T00:00:00Z\","
                    + "\"tlp\":\"CLEAR\",\"severity\":\"LOW\",\"category\":\"vulnerable\",\"type\":\"vulnerable-system\","
                    + "\"title\":\"Exposed VPN\",\"indicators\":[{\"type\":\"CVE\",\"value\":\"CVE-2024-3400\"}],"
                    + "\"references\":[\"https://example.org/advisory\"]}");
    private static final String WRONG_TLP = "{\"report_id\":\"sg-4\",\"observed_at\":\"2026-11-21T00:00:00Z\","
            + "\"tlp\":\"PURPLE\",\"severity\":\"LOW\",\"category\":\"fraud\",\"type\":\"phishing\",\"title\":\"x\","
            + "\"indicators\":[{\"type\":\"DOMAIN\",\"value\":\"a.example\"}]}";
    private static final String OTHER_COUNTRY =
            VALID.get(0).replace("\"report_id\":\"sg-1\"", "\"report_id\":\"sg-5\",\"reporter\":\"MY\"");

    @Test
    void producesValidLinesAndNamesTheFailedOnes() throws Exception {
        EmbeddedPlatform platform = SharedPlatform.get();
        MonsoonConfig config = MonsoonConfig.defaults()
                .withBootstrapServers(platform.bootstrapServers())
                .withSchemaRegistryUrl(platform.schemaRegistryUrl())
                .withRegistryCredentials(platform.registryUserInfo())
                .withTopicPrefix("produce-it.")
                .withTopicLayout(1, (short) 1);
        Topics topics = Topics.of(config);
        TopicProvisioner provisioner = new TopicProvisioner(config, topics);
        provisioner.createMissingTopics();
        provisioner.registerSchemas(); // as a starting Monsoon does: the CERT's producer only looks them up

        Path file = Files.createTempFile("reports", ".jsonl");
        Files.write(file, List.of(VALID.get(0), "", WRONG_TLP, VALID.get(1), OTHER_COUNTRY, VALID.get(2)));
        StringWriter err = new StringWriter();
        PrintWriter errWriter = new PrintWriter(err, true);
        int code = MonsoonCli.execute(
                new String[] {
                    "produce",
                    "--reporter",
                    "sg",
                    "--file",
                    file.toString(),
                    "--bootstrap-servers",
                    platform.bootstrapServers(),
                    "--schema-registry-url",
                    platform.schemaRegistryUrl(),
                    "--topic-prefix",
                    "produce-it."
                },
                Map.of(),
                new PrintWriter(new StringWriter()),
                errWriter);
        String messages = err.toString();
        assertEquals(1, code, "non-zero exit when a line failed: " + messages);
        assertTrue(messages.contains("line 3: field 'tlp': 'PURPLE' is not one of"), messages);
        assertTrue(messages.contains("line 5: field 'reporter': 'MY'"), messages);
        assertTrue(messages.contains("sent 3 report(s) to produce-it.reports.sg; 2 line(s) rejected"), messages);
        // Observed in November, more than the default 7-day window ago: accepted, but said to be too old.
        assertTrue(
                messages.contains("3 report(s) observed before the correlation window (P7D): accepted, but too old"),
                messages);

        Topics.Topic<String, IncidentReport> topic = topics.reports("SG");
        Map<String, Object> props = config.clientConfig();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "produce-it");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<IncidentReport> read = new ArrayList<>();
        try (KafkaConsumer<String, IncidentReport> consumer = new KafkaConsumer<>(
                props, topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
            consumer.subscribe(List.of(topic.name()));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (read.size() < 3 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    assertEquals(r.value().getReportId(), r.key());
                    read.add(r.value());
                });
            }
        }
        List<IncidentReport> expected = new ArrayList<>();
        for (String line : VALID) {
            expected.add(ReportJson.parse(line, "SG", Instant.EPOCH));
        }
        assertEquals(expected, read);
    }
}
