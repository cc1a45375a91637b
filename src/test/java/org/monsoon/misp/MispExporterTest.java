package org.monsoon.misp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.monsoon.testing.AdvisoryFixture.anAdvisory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.monsoon.schema.Advisory;
import org.monsoon.schema.AdvisoryStatus;
import org.monsoon.schema.IndicatorType;
import org.monsoon.schema.Severity;
import org.monsoon.schema.Tlp;

/**
 * Exported events against MISP's own format: PyMISP's event schema, and the attribute type/category
 * pairs of MISP's describeTypes (test resources, see their ABOUT.md); and back through the importer.
 */
class MispExporterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DATA = Path.of("src/test/resources/misp");
    private final MispExporter exporter = new MispExporter("ASEAN regional CERT network");

    private static Advisory advisory(int version, AdvisoryStatus status) {
        return anAdvisory("adv-7")
                .version(version, Instant.parse("2026-11-21T09:00:00Z"))
                .status(status)
                .tlp(Tlp.AMBER)
                .severity(Severity.HIGH)
                .indicator(IndicatorType.IPV4, "185.220.101.47", "MY", "SG")
                .indicator(IndicatorType.IPV6, "2001:db8::7", "MY", "SG")
                .indicator(IndicatorType.DOMAIN, "evil.example", "SG", "TH")
                .indicator(IndicatorType.URL, "http://evil.example/x", "SG", "TH")
                .indicator(IndicatorType.EMAIL, "a@evil.example", "SG", "TH")
                .indicator(IndicatorType.MD5, "44d88612fea8a8f36de82e1278abb02f", "SG", "TH")
                .indicator(IndicatorType.SHA1, "3395856ce81f2b7382dee72602f798b642f14140", "SG", "TH")
                .indicator(
                        IndicatorType.SHA256,
                        "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f",
                        "SG",
                        "TH")
                .indicator(IndicatorType.CVE, "CVE-2026-0001", "SG", "TH")
                .indicator(IndicatorType.MALWARE, "emotet", "SG", "TH")
                .build();
    }

    private static List<String> schemaViolations(JsonNode event) throws IOException {
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
                .getSchema(Files.readString(DATA.resolve("event-schema.json")));
        List<String> out = new ArrayList<>();
        for (Error error : schema.validate(event)) {
            out.add(error.toString());
        }
        return out;
    }

    @Test
    void anAdvisoryIsAValidMispEventWhoseAttributesMispAccepts() throws IOException {
        ObjectNode exported = exporter.event(advisory(3, AdvisoryStatus.ACTIVE));
        assertEquals(List.of(), schemaViolations(exported), exported.toPrettyString());
        JsonNode mappings =
                JSON.readTree(DATA.resolve("category-type-mappings.json").toFile());
        JsonNode event = exported.get("Event");
        for (JsonNode attribute : event.get("Attribute")) {
            Set<String> accepted = new HashSet<>();
            mappings.path(attribute.get("category").asText()).forEach(t -> accepted.add(t.asText()));
            assertTrue(accepted.contains(attribute.get("type").asText()), "MISP refuses " + attribute);
            assertTrue(attribute.get("uuid").asText().matches("[0-9a-f-]{36}"));
        }
        assertEquals(10, event.get("Attribute").size());
        assertEquals("1", event.get("threat_level_id").asText());
        assertTrue(
                event.get("info").asText().endsWith("(Monsoon advisory adv-7 v3)"),
                event.get("info").asText());
        Set<String> tags = new HashSet<>();
        event.get("Tag").forEach(t -> tags.add(t.get("name").asText()));
        assertTrue(
                tags.containsAll(Set.of(
                        "tlp:amber",
                        "rsit:fraud=\"phishing\"",
                        "monsoon:member=\"MY\"",
                        "monsoon:member=\"SG\"",
                        "monsoon:member=\"TH\"",
                        "monsoon:status=\"active\"")),
                tags.toString());
        JsonNode ip = event.get("Attribute").get(0);
        assertEquals("ip-dst", ip.get("type").asText());
        assertTrue(ip.get("to_ids").asBoolean());
        assertEquals("Reported by MY, SG", ip.get("comment").asText());
    }

    @Test
    void everyVersionUpdatesTheSameEventAndOnlyAnActiveOneDrivesDetection() {
        JsonNode v3 = exporter.event(advisory(3, AdvisoryStatus.ACTIVE)).get("Event");
        JsonNode v4 = exporter.event(advisory(4, AdvisoryStatus.EXPIRED)).get("Event");
        assertEquals(v3.get("uuid"), v4.get("uuid"));
        assertEquals(
                v3.get("Attribute").get(0).get("uuid"),
                v4.get("Attribute").get(0).get("uuid"));
        v4.get("Attribute").forEach(a -> assertTrue(!a.get("to_ids").asBoolean(), a.toString()));
        assertEquals("2", v4.get("analysis").asText());
    }

    @Test
    void anExportedEventImportsBackToTheSameIndicatorsAndLabel() throws IOException {
        Advisory advisory = advisory(3, AdvisoryStatus.ACTIVE);
        JsonNode event = MispImporter.events(JSON.writeValueAsBytes(exporter.event(advisory)))
                .get(0);
        MispImporter.Imported back = MispImporter.read(
                event,
                "SG",
                new MispImporter.Options(Tlp.CLEAR, Severity.LOW, "other", "undetermined", false),
                Instant.parse("2026-11-28T08:00:00Z"));
        assertEquals(
                advisory.getIndicators().stream()
                        .map(i -> i.getType() + ":" + i.getValue())
                        .collect(Collectors.toSet()),
                back.report().getIndicators().stream()
                        .map(i -> i.getType() + ":" + i.getValue())
                        .collect(Collectors.toSet()));
        assertEquals(Tlp.AMBER, back.report().getTlp());
        assertEquals(Severity.HIGH, back.report().getSeverity());
        assertEquals("fraud", back.report().getCategory());
        assertEquals(List.of(), back.skipped());
    }
}
