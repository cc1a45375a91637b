package org.monsoon.stix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.monsoon.schema.AdvisoryIndicator;
import org.monsoon.schema.Indicator;
import org.monsoon.schema.IndicatorType;
import org.monsoon.schema.Severity;
import org.monsoon.schema.Tlp;

class StixImportTest {
    private static final Instant NOW = Instant.parse("2026-11-27T00:00:00Z");
    private static final String TLP1_GREEN = "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da";

    private static StixImporter.Imported read(String json) throws IOException {
        return StixImporter.read(
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                "SG",
                Severity.HIGH,
                "malicious-code",
                "malware-distribution",
                NOW);
    }

    private static String indicator(String id, String pattern, String marking) {
        return "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--" + id
                + "\",\"pattern_type\":\"stix\","
                + "\"pattern\":\"" + pattern.replace("'", "\\u0027") + "\",\"valid_from\":\"2026-11-20T01:02:03.000Z\""
                + (marking == null ? "" : ",\"object_marking_refs\":[\"" + marking + "\"]") + "}";
    }

    @Test
    void importsSupportedPatternsTakesTheStrictestTlpAndSaysWhatItSkipped() throws IOException {
        String bundle = "{\"type\":\"bundle\",\"id\":\"bundle--1\",\"objects\":["
                + indicator("a", "[ipv4-addr:value = '203.0.113.7']", TLP1_GREEN) + ","
                + indicator(
                        "b",
                        "[file:hashes.'SHA-256' = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08']",
                        TlpMarkings.id(Tlp.AMBER))
                + ","
                + indicator("c", "[domain-name:value = 'evil.example'] OR [domain-name:value = 'bad.example']", null)
                + ","
                + indicator("d", "[process:name = 'evil.exe']", null) + ","
                + "{\"type\":\"vulnerability\",\"id\":\"vulnerability--e\",\"name\":\"x\",\"external_references\":"
                + "[{\"source_name\":\"cve\",\"external_id\":\"cve-2024-3400\"}]},"
                + "{\"type\":\"sighting\",\"id\":\"sighting--f\"},"
                + "{\"type\":\"report\",\"id\":\"report--77\",\"name\":\"Loader wave\",\"description\":\"Seen in SG.\"}]}";
        StixImporter.Imported imported = read(bundle);
        assertEquals(
                List.of(
                        new Indicator(IndicatorType.IPV4, "203.0.113.7"),
                        new Indicator(
                                IndicatorType.SHA256,
                                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
                        new Indicator(IndicatorType.DOMAIN, "evil.example"),
                        new Indicator(IndicatorType.DOMAIN, "bad.example"),
                        new Indicator(IndicatorType.CVE, "CVE-2024-3400")),
                imported.report().getIndicators());
        assertEquals(Tlp.AMBER, imported.report().getTlp());
        assertEquals("Loader wave", imported.report().getTitle());
        assertEquals("report--77", imported.report().getReportId());
        assertEquals(Instant.parse("2026-11-20T01:02:03Z"), imported.report().getObservedAt());
        assertEquals(2, imported.skipped().size(), imported.skipped().toString());
        assertTrue(imported.skipped().get(0).contains("unsupported object path process:name"));
        assertTrue(imported.skipped().get(1).contains("object type sighting is not imported"));
    }

    @Test
    void oasisStyleThreatReportsImportEveryValueOfTheirOrPatterns() throws IOException {
        StixImporter.Imported poisonIvy =
                read(Files.readString(Path.of("src/test/resources/stix/poisonivy-shaped.json")));
        assertEquals(
                List.of(
                        "MALWARE:Poison Ivy",
                        "DOMAIN:jj2190067.ninth.biz",
                        "DOMAIN:wpm.ninth.biz",
                        "DOMAIN:goodwell.all.biz",
                        "IPV4:198.51.100.45",
                        "IPV4:203.0.113.88",
                        "DOMAIN:tk.ninth.biz",
                        "MD5:8002debc47e04d534b45f7bb7dfcab4d",
                        "MD5:9a4b6a1e0b4e0b8d5e1f4c2b6a3d7e8f"),
                values(poisonIvy));
        assertEquals(Tlp.CLEAR, poisonIvy.report().getTlp());
        assertEquals("Poison Ivy", poisonIvy.report().getTitle());
        String skipped = String.join("\n", poisonIvy.skipped());
        assertTrue(
                skipped.contains("indicator--1e61d1d5-9b7f-4d2a-8a3e-4c3a8f0b2f10: unsupported object path "
                        + "x509-certificate:issuer"),
                skipped);
        assertTrue(
                skipped.contains("attack-pattern--2e34237d-8574-43f6-aace-ae2915de8597: object type attack-pattern"),
                skipped);

        StixImporter.Imported apt1 = read(Files.readString(Path.of("src/test/resources/stix/apt1-shaped.json")));
        assertEquals(
                List.of("DOMAIN:advanbusiness.com", "DOMAIN:aoldaily.com", "DOMAIN:aunewsonline.com"), values(apt1));
        assertEquals(Tlp.GREEN, apt1.report().getTlp());
        String apt1Skipped = String.join("\n", apt1.skipped());
        assertTrue(
                apt1Skipped.contains(
                        "address range 223.166.0.0/15 is not imported: Monsoon correlates single addresses"),
                apt1Skipped);
        assertTrue(apt1Skipped.contains("address range 58.246.0.0/15"), apt1Skipped);
        assertTrue(apt1Skipped.contains("pattern compares email-message:from_ref.value with 'MATCHES'"), apt1Skipped);
    }

    private static List<String> values(StixImporter.Imported imported) {
        return imported.report().getIndicators().stream()
                .map(i -> i.getType() + ":" + i.getValue())
                .toList();
    }

    private static final String CLEAR = "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9";

    /** Bundles whose TLP could be read lower than meant: each becomes RED, with the reason. */
    @Test
    void markingsFailClosedToRed() throws IOException {
        String[][] cases = {
            {
                "[{\"type\":\"marking-definition\",\"id\":\"marking-definition--0000aaaa-0000-4000-8000-000000000001\","
                        + "\"definition_type\":\"tlp\",\"definition\":{\"tlp\":\"red\"}},"
                        + indicator(
                                "a",
                                "[ipv4-addr:value = '203.0.113.7']",
                                "marking-definition--0000aaaa-0000-4000-8000-000000000001")
                        + "]",
                "non-standard id"
            },
            {
                "[{\"type\":\"marking-definition\",\"id\":\"marking-definition--0000aaaa-0000-4000-8000-000000000002\","
                        + "\"name\":\"TLP:AMBER+STRICT\",\"extensions\":{\"x\":{\"tlp_2_0\":\"amber+strict\"}}},"
                        + indicator("a", "[ipv4-addr:value = '203.0.113.7']", CLEAR) + "]",
                "non-standard id"
            },
            {
                "[{\"type\":\"marking-definition\",\"id\":\"" + CLEAR + "\",\"definition_type\":\"tlp\","
                        + "\"definition\":{\"tlp\":\"red\"}},"
                        + indicator("a", "[ipv4-addr:value = '203.0.113.7']", CLEAR)
                        + "]",
                "defined as red"
            },
            {
                "["
                        + indicator(
                                "a",
                                "[ipv4-addr:value = '203.0.113.7']",
                                "marking-definition--0000aaaa-0000-4000-8000-00000000dead")
                        + "]",
                "neither a standard TLP marking nor defined"
            },
            {
                "[{\"type\":\"indicator\",\"id\":\"indicator--g\",\"pattern_type\":\"stix\","
                        + "\"pattern\":\"[ipv4-addr:value = '203.0.113.7']\",\"object_marking_refs\":[\"" + CLEAR
                        + "\"],"
                        + "\"granular_markings\":[{\"marking_ref\":\"" + TlpMarkings.id(Tlp.RED)
                        + "\",\"selectors\":[\"pattern\"]}]}]",
                "granular markings"
            },
        };
        for (String[] c : cases) {
            StixImporter.Imported imported =
                    read("{\"type\":\"bundle\",\"id\":\"bundle--9\",\"objects\":" + c[0] + "}");
            assertEquals(Tlp.RED, imported.report().getTlp(), c[0]);
            assertTrue(
                    imported.redBecause().orElseThrow().contains(c[1]),
                    imported.redBecause().toString());
        }
    }

    @Test
    void aStatementMarkingDefinedInTheBundleLabelsNothing() throws IOException {
        String bundle = "{\"type\":\"bundle\",\"id\":\"bundle--3\",\"objects\":["
                + "{\"type\":\"marking-definition\",\"id\":\"marking-definition--0000aaaa-0000-4000-8000-000000000003\","
                + "\"definition_type\":\"statement\",\"definition\":{\"statement\":\"Copyright CERT\"}},"
                + "{\"type\":\"indicator\",\"id\":\"indicator--s\",\"pattern_type\":\"stix\","
                + "\"pattern\":\"[ipv4-addr:value = '203.0.113.7']\",\"object_marking_refs\":[\"" + TLP1_GREEN + "\","
                + "\"marking-definition--0000aaaa-0000-4000-8000-000000000003\"]}]}";
        StixImporter.Imported imported = read(bundle);
        assertEquals(Tlp.GREEN, imported.report().getTlp());
        assertTrue(imported.redBecause().isEmpty());
    }

    @Test
    void tlp1WhiteReadsAsClear() throws IOException {
        String bundle = "{\"type\":\"bundle\",\"id\":\"bundle--2\",\"objects\":["
                + indicator(
                        "a",
                        "[url:value = 'http://evil.example/o\\\\'neil']",
                        "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9")
                + "]}";
        StixImporter.Imported imported = read(bundle);
        assertEquals(Tlp.CLEAR, imported.report().getTlp());
        assertEquals(
                "http://evil.example/o'neil",
                imported.report().getIndicators().get(0).getValue());
    }

    @Test
    void aBundleWithNothingUsableOrNotABundleIsRefused() {
        assertTrue(assertThrows(
                        IOException.class,
                        () -> read("{\"type\":\"bundle\",\"id\":\"bundle--3\",\"objects\":["
                                + indicator("a", "[process:name = 'x']", null) + "]}"))
                .getMessage()
                .contains("no indicator"));
        assertTrue(
                assertThrows(IOException.class, () -> read("[]")).getMessage().contains("not a STIX bundle"));
    }

    @Test
    void anExportReadsBackAsTheSameIndicators() throws IOException {
        List<AdvisoryIndicator> indicators = List.of(
                new AdvisoryIndicator(IndicatorType.DOMAIN, "evil.example", List.of("MY"), NOW, NOW, false),
                new AdvisoryIndicator(IndicatorType.IPV6, "2001:db8::7", List.of("MY"), NOW, NOW, false),
                new AdvisoryIndicator(IndicatorType.MALWARE, "lumma stealer", List.of("MY"), NOW, NOW, false));
        var advisory = org.monsoon.schema.Advisory.newBuilder()
                .setAdvisoryId("x")
                .setVersion(1)
                .setStatus(org.monsoon.schema.AdvisoryStatus.ACTIVE)
                .setTitle("t")
                .setSummary("s")
                .setSeverity(Severity.LOW)
                .setTlp(Tlp.GREEN)
                .setCountries(List.of("MY"))
                .setIndicators(indicators)
                .setReportCount(1)
                .setFirstSeen(NOW)
                .setLastSeen(NOW)
                .setUpdatedAt(NOW)
                .build();
        String exported = new StixExporter("region").bundle(advisory).toString();
        StixImporter.Imported imported = read(exported);
        assertEquals(
                List.of(
                        new Indicator(IndicatorType.DOMAIN, "evil.example"),
                        new Indicator(IndicatorType.IPV6, "2001:db8::7"),
                        new Indicator(IndicatorType.MALWARE, "lumma stealer")),
                imported.report().getIndicators());
        assertEquals(Tlp.GREEN, imported.report().getTlp());
    }

    @Test
    void aBundlePastTheIndicatorLimitIsSplitIntoPartsNeverCut() throws IOException {
        StringBuilder objects = new StringBuilder();
        for (int i = 0; i < 1_500; i++) {
            objects.append(i == 0 ? "" : ",")
                    .append(indicator(
                            String.format("00000000-0000-4000-8000-%012d", i),
                            "[domain-name:value = 'h" + i + ".example']",
                            TLP1_GREEN));
        }
        StixImporter.Imported imported =
                read("{\"type\":\"bundle\",\"id\":\"bundle--big\",\"objects\":[" + objects + "]}");
        var parts = imported.parts();
        assertEquals(2, parts.size());
        assertEquals(
                List.of("bundle--big.1", "bundle--big.2"),
                parts.stream().map(p -> p.getReportId()).toList());
        assertEquals(
                1_500, parts.stream().mapToInt(p -> p.getIndicators().size()).sum());
        parts.forEach(p -> assertEquals(750, p.getIndicators().size()));
    }
}
