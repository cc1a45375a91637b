package org.monsoon.taxii;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.monsoon.testing.AdvisoryFixture.anAdvisory;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.monsoon.schema.AdvisoryStatus;
import org.monsoon.schema.IndicatorType;
import org.monsoon.stix.StixExporter;
import org.monsoon.testing.StixSchemas;

class AdvisoryObjectsTest {
    private static final String MD5 = "44d88612fea8a8f36de82e1278abb02f";
    private static final Instant T1 = Instant.parse("2026-11-21T09:00:00Z");
    private static final Instant T2 = Instant.parse("2026-11-21T10:00:00Z");
    private static final Instant T3 = Instant.parse("2026-11-21T11:00:00Z");

    private final TaxiiCollections collections = new TaxiiCollections(new StixExporter("ASEAN"), Clock.systemUTC());
    private final AdvisoryObjects objects = collections.objects();
    private final TaxiiIndex advisories = collections.index(TaxiiCollection.ADVISORIES);
    private final TaxiiIndex indicators = collections.index(TaxiiCollection.INDICATORS);

    /** The latest version of each object of a collection, by type and name (or id for the others). */
    private static Map<String, ObjectNode> latest(TaxiiIndex index) {
        Map<String, ObjectNode> out = new TreeMap<>();
        for (TaxiiIndex.Entry e : index.query(TaxiiFilter.parse("", "last")).entries()) {
            ObjectNode o = e.object();
            out.put(
                    o.get("type").asText() + ":"
                            + o.path("name").asText(o.get("id").asText()),
                    o);
        }
        return out;
    }

    @Test
    void aFirstVersionBecomesValidStixInBothCollections() {
        objects.accept(anAdvisory("adv-1")
                .version(1, T1)
                .indicator(IndicatorType.DOMAIN, "evil.example", "MY", "SG")
                .indicator(IndicatorType.MD5, MD5, "SG", "TH")
                .indicator(IndicatorType.CVE, "CVE-2026-0001", "MY", "SG")
                .build());
        Map<String, ObjectNode> inAdvisories = latest(advisories);
        assertEquals(
                List.of(
                        "identity:ASEAN",
                        "indicator:" + MD5,
                        "indicator:evil.example",
                        "marking-definition:TLP:GREEN",
                        "report:Phishing campaign around evil.example",
                        "vulnerability:CVE-2026-0001"),
                List.copyOf(inAdvisories.keySet()));
        assertEquals(
                List.of(
                        "identity:ASEAN",
                        "indicator:" + MD5,
                        "indicator:evil.example",
                        "marking-definition:TLP:GREEN",
                        "vulnerability:CVE-2026-0001"),
                List.copyOf(latest(indicators).keySet()));
        for (TaxiiIndex index : List.of(advisories, indicators)) {
            latest(index).values().forEach(o -> assertEquals(List.of(), StixSchemas.violations(o), o.toPrettyString()));
        }
        ObjectNode regional = latest(indicators).get("indicator:evil.example");
        assertTrue(regional.get("description").asText().contains("MY, SG"));
        assertEquals(
                "adv-1",
                regional.get("external_references").get(0).get("external_id").asText());
    }

    @Test
    void anUnchangedIndicatorGetsNoNewVersionAndAChangedOneDoes() {
        objects.accept(anAdvisory("adv-1")
                .version(1, T1)
                .indicator(IndicatorType.DOMAIN, "evil.example", "MY", "SG")
                .indicator(IndicatorType.MD5, MD5, "SG", "TH")
                .build());
        int before = advisories.size();
        objects.accept(anAdvisory("adv-1")
                .version(2, T2)
                .indicator(IndicatorType.DOMAIN, "evil.example", "MY", "SG")
                .indicator(IndicatorType.MD5, MD5, "SG", "TH", "VN")
                .build());
        // The report (its published time moved) and the MD5 (a third member) changed; nothing else did.
        assertEquals(before + 2, advisories.size());
        ObjectNode md5 = latest(advisories).get("indicator:" + MD5);
        assertEquals("2026-11-21T10:00:00.000Z", md5.get("modified").asText());
        assertEquals(
                "2026-11-21T09:00:00.000Z",
                latest(advisories).get("indicator:evil.example").get("modified").asText());
    }

    @Test
    void anIndicatorTheAdvisoryNoLongerListsIsRevokedNeverRemoved() {
        objects.accept(anAdvisory("adv-1")
                .version(1, T1)
                .indicator(IndicatorType.DOMAIN, "evil.example", "MY", "SG")
                .indicator(IndicatorType.MD5, MD5, "SG", "TH")
                .build());
        objects.accept(anAdvisory("adv-1")
                .version(2, T2)
                .indicator(IndicatorType.DOMAIN, "evil.example", "MY", "SG")
                .build());
        for (TaxiiIndex index : List.of(advisories, indicators)) {
            ObjectNode revoked = latest(index).get("indicator:" + MD5);
            assertTrue(revoked.get("revoked").asBoolean(), revoked.toString());
            assertEquals("2026-11-21T10:00:00.000Z", revoked.get("modified").asText());
            assertFalse(latest(index).get("indicator:evil.example").has("revoked"));
            assertEquals(List.of(), StixSchemas.violations(revoked));
        }
    }

    @Test
    void aWithdrawnAdvisoryRevokesItsReportAndEveryIndicator() {
        objects.accept(anAdvisory("adv-1")
                .version(1, T1)
                .indicator(IndicatorType.DOMAIN, "evil.example", "MY", "SG")
                .build());
        objects.accept(anAdvisory("adv-1")
                .version(2, T2)
                .status(AdvisoryStatus.WITHDRAWN)
                .build());
        Map<String, ObjectNode> inAdvisories = latest(advisories);
        assertTrue(inAdvisories.get("indicator:evil.example").get("revoked").asBoolean());
        assertTrue(inAdvisories.values().stream()
                .filter(o -> o.get("type").asText().equals("report"))
                .allMatch(o -> o.get("revoked").asBoolean()));
        assertTrue(
                latest(indicators).get("indicator:evil.example").get("revoked").asBoolean());
    }

    @Test
    void anExpiredAdvisorysIndicatorsAreValidUntilItExpired() {
        objects.accept(anAdvisory("adv-1")
                .version(1, T1)
                .indicator(IndicatorType.DOMAIN, "evil.example", "MY", "SG")
                .build());
        objects.accept(anAdvisory("adv-1")
                .version(2, T3)
                .status(AdvisoryStatus.EXPIRED)
                .indicator(IndicatorType.DOMAIN, "evil.example", "MY", "SG")
                .build());
        for (TaxiiIndex index : List.of(advisories, indicators)) {
            ObjectNode expired = latest(index).get("indicator:evil.example");
            assertEquals("2026-11-21T11:00:00.000Z", expired.get("valid_until").asText());
            assertEquals(List.of(), StixSchemas.violations(expired));
        }
    }

    @Test
    void aMergeMovesARegionalIndicatorWithoutRevokingIt() {
        objects.accept(anAdvisory("adv-a")
                .version(1, T1)
                .indicator(IndicatorType.DOMAIN, "a.example", "MY", "SG")
                .build());
        objects.accept(anAdvisory("adv-b")
                .version(1, T1)
                .indicator(IndicatorType.DOMAIN, "b.example", "TH", "VN")
                .build());
        objects.accept(anAdvisory("adv-a")
                .version(2, T2)
                .indicator(IndicatorType.DOMAIN, "a.example", "MY", "SG")
                .indicator(IndicatorType.DOMAIN, "b.example", "TH", "VN")
                .build());
        objects.accept(anAdvisory("adv-b").version(2, T2).mergedInto("adv-a").build());
        ObjectNode moved = latest(indicators).get("indicator:b.example");
        assertFalse(moved.has("revoked"), moved.toString());
        assertEquals(
                "adv-a",
                moved.get("external_references").get(0).get("external_id").asText());
    }

    @Test
    void aVersionPublishedInTheSameMillisecondStillMovesModifiedOn() {
        objects.accept(anAdvisory("adv-1")
                .version(1, T1)
                .indicator(IndicatorType.DOMAIN, "evil.example", "MY", "SG")
                .build());
        objects.accept(anAdvisory("adv-1")
                .version(2, T1)
                .indicator(IndicatorType.DOMAIN, "evil.example", "MY", "SG", "TH")
                .build());
        List<TaxiiIndex.Entry> versions = advisories.versionsOf(
                latest(advisories).get("indicator:evil.example").get("id").asText());
        assertEquals(
                List.of("2026-11-21T09:00:00.000Z", "2026-11-21T09:00:00.001Z"),
                versions.stream().map(TaxiiIndex.Entry::version).toList());
    }
}
