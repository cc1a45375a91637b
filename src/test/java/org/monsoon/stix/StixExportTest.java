package org.monsoon.stix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.monsoon.schema.Advisory;
import org.monsoon.schema.AdvisoryIndicator;
import org.monsoon.schema.AdvisoryStatus;
import org.monsoon.schema.IndicatorType;
import org.monsoon.schema.Severity;
import org.monsoon.schema.Tlp;
import org.monsoon.testing.StixSchemas;

/** Every exported bundle validates against the OASIS STIX 2.1 JSON schemas (draft 2020-12). */
class StixExportTest {
    private final StixExporter exporter = new StixExporter("ASEAN regional CERT network");

    private static List<String> validate(ObjectNode bundle) {
        return StixSchemas.violations(bundle);
    }

    private static Advisory advisory(String id, Tlp tlp, AdvisoryStatus status, AdvisoryIndicator... indicators) {
        return Advisory.newBuilder()
                .setAdvisoryId(id)
                .setVersion(3)
                .setStatus(status)
                .setTitle("Phishing campaign seen by MY, SG: it's here")
                .setSummary("2 reports from 2 member states.")
                .setSeverity(Severity.HIGH)
                .setTlp(tlp)
                .setCountries(List.of("MY", "SG"))
                .setSectors(List.of("finance"))
                .setCategories(List.of("fraud/phishing"))
                .setIndicators(List.of(indicators))
                .setReportCount(2)
                .setFirstSeen(Instant.parse("2026-11-20T08:00:00Z"))
                .setLastSeen(Instant.parse("2026-11-21T09:30:00.123Z"))
                .setUpdatedAt(Instant.parse("2026-11-21T09:30:01Z"))
                .setRecommendedActions(List.of("Block it."))
                .setSupersededBy(status == AdvisoryStatus.MERGED ? "other-id" : null)
                .build();
    }

    private static AdvisoryIndicator indicator(IndicatorType type, String value) {
        return new AdvisoryIndicator(
                type,
                value,
                List.of("MY", "SG"),
                Instant.parse("2026-11-20T08:00:00Z"),
                Instant.parse("2026-11-21T09:30:00Z"),
                false);
    }

    @Test
    void bundlesWithEveryIndicatorTypeValidate() {
        List<Advisory> advisories = List.of(
                advisory(
                        "a1",
                        Tlp.GREEN,
                        AdvisoryStatus.ACTIVE,
                        indicator(IndicatorType.IPV4, "203.0.113.9"),
                        indicator(IndicatorType.IPV6, "2001:db8::1"),
                        indicator(IndicatorType.DOMAIN, "evil.example"),
                        indicator(IndicatorType.URL, "https://evil.example/o'neil?a=1"),
                        indicator(IndicatorType.EMAIL, "phish@evil.example")),
                advisory(
                        "a2",
                        Tlp.AMBER,
                        AdvisoryStatus.EXPIRED,
                        indicator(IndicatorType.MD5, "d41d8cd98f00b204e9800998ecf8427f"),
                        indicator(IndicatorType.SHA1, "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
                        indicator(
                                IndicatorType.SHA256,
                                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")),
                advisory(
                        "a3",
                        Tlp.CLEAR,
                        AdvisoryStatus.MERGED,
                        indicator(IndicatorType.CVE, "CVE-2024-3400"),
                        indicator(IndicatorType.MALWARE, "lumma stealer")));
        for (Advisory advisory : advisories) {
            ObjectNode bundle = exporter.bundle(advisory);
            List<String> violations = validate(bundle);
            assertTrue(
                    violations.isEmpty(),
                    advisory.getAdvisoryId() + ": " + violations + "\n" + bundle.toPrettyString());
        }
    }

    @Test
    void patternsAndMarkingsAreRight() {
        ObjectNode bundle = exporter.bundle(advisory(
                "a1",
                Tlp.AMBER,
                AdvisoryStatus.ACTIVE,
                indicator(IndicatorType.SHA256, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
                indicator(IndicatorType.URL, "https://evil.example/o'neil")));
        List<String> patterns = new ArrayList<>();
        bundle.get("objects").forEach(o -> {
            if (o.has("pattern")) {
                patterns.add(o.get("pattern").asText());
            }
            if (!o.get("type").asText().equals("marking-definition")
                    && !o.get("type").asText().equals("identity")) {
                assertEquals(
                        TlpMarkings.id(Tlp.AMBER),
                        o.get("object_marking_refs").get(0).asText());
            }
        });
        assertTrue(patterns.contains(
                "[file:hashes.'SHA-256' = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08']"));
        assertTrue(patterns.contains("[url:value = 'https://evil.example/o\\'neil']"), patterns.toString());
        assertTrue(bundle.toString().contains("\"tlp_2_0\":\"amber\""));
    }

    @Test
    void idsAreTheSameOnReExport() {
        Advisory advisory =
                advisory("a1", Tlp.GREEN, AdvisoryStatus.ACTIVE, indicator(IndicatorType.DOMAIN, "evil.example"));
        assertEquals(exporter.bundle(advisory), exporter.bundle(advisory));
    }
}
