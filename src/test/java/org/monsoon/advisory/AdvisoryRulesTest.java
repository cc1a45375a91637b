package org.monsoon.advisory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.monsoon.schema.IndicatorType;
import org.monsoon.schema.Severity;
import org.monsoon.schema.Tlp;

class AdvisoryRulesTest {

    @Test
    void tlpIsTheMostRestrictiveShareableLabel() {
        assertEquals(Tlp.CLEAR, AdvisoryRules.tlp(List.of(Tlp.CLEAR, Tlp.CLEAR)));
        assertEquals(Tlp.GREEN, AdvisoryRules.tlp(List.of(Tlp.CLEAR, Tlp.GREEN)));
        assertEquals(Tlp.AMBER, AdvisoryRules.tlp(List.of(Tlp.GREEN, Tlp.AMBER, Tlp.CLEAR)));
    }

    @Test
    void restrictedLabelsAreRefusedOutright() {
        assertThrows(IllegalArgumentException.class, () -> AdvisoryRules.tlp(List.of(Tlp.GREEN, Tlp.RED)));
        assertThrows(IllegalArgumentException.class, () -> AdvisoryRules.tlp(List.of(Tlp.AMBER_STRICT)));
    }

    /** Each row: members' highest severities, min-countries, the advisory's severity. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0} with min-countries {1} -> {2}")
    @org.junit.jupiter.params.provider.CsvSource({
        "SG:CRITICAL MY:LOW,                 2, LOW",
        "SG:CRITICAL MY:HIGH,                2, HIGH",
        "SG:CRITICAL MY:CRITICAL,            2, CRITICAL",
        "SG:CRITICAL MY:CRITICAL TH:MEDIUM,  3, MEDIUM",
        "SG:HIGH MY:MEDIUM TH:MEDIUM,        3, MEDIUM",
        "SG:HIGH MY:HIGH TH:HIGH VN:LOW,     2, HIGH",
        "SG:CRITICAL,                        2, LOW",
    })
    void severityIsTheHighestLevelEnoughMembersReportedAtOrAbove(String members, int minCountries, Severity expected) {
        Map<String, Severity> highest = new java.util.HashMap<>();
        for (String pair : members.trim().split(" +")) {
            String[] p = pair.split(":");
            highest.put(p[0], Severity.valueOf(p[1]));
        }
        assertEquals(expected, AdvisoryRules.severity(highest, minCountries));
    }

    @Test
    void onlyTypesEnoughMembersReportedAreShared() {
        Map<String, Set<String>> byType = Map.of(
                "fraud/phishing", Set.of("SG"),
                "malicious-code/malware-distribution", Set.of("SG", "MY"),
                "intrusions/system-compromise", Set.of("SG", "MY", "TH"));
        assertEquals(
                List.of("intrusions/system-compromise", "malicious-code/malware-distribution"),
                List.copyOf(AdvisoryRules.sharedTypes(byType, 2)));
        assertEquals(List.of("intrusions/system-compromise"), List.copyOf(AdvisoryRules.sharedTypes(byType, 3)));
    }

    @Test
    void actionsFollowIndicatorTypesAndSharedIncidentTypes() {
        List<String> actions = AdvisoryRules.recommendedActions(
                Set.of(IndicatorType.DOMAIN, IndicatorType.SHA256, IndicatorType.CVE), Set.of("fraud/phishing"));
        assertTrue(actions.stream().anyMatch(a -> a.contains("DNS resolvers")));
        assertTrue(actions.stream().anyMatch(a -> a.contains("EDR")));
        assertTrue(actions.stream().anyMatch(a -> a.contains("Patch")));
        assertTrue(actions.stream().anyMatch(a -> a.contains("credentials")));
        assertTrue(AdvisoryRules.recommendedActions(Set.of(IndicatorType.IPV4), Set.of()).stream()
                .noneMatch(a -> a.contains("EDR") || a.contains("credentials")));
    }

    @Test
    void atMostFiveActionsTypesFirstNewSightingsLast() {
        List<String> actions = AdvisoryRules.recommendedActions(
                java.util.EnumSet.allOf(IndicatorType.class),
                new java.util.TreeSet<>(Set.of(
                        "fraud/phishing", "intrusions/system-compromise", "malicious-code/malware-distribution")));
        assertEquals(AdvisoryRules.MAX_ACTIONS, actions.size());
        assertTrue(actions.get(0).contains("credentials"), actions.toString());
        assertEquals(AdvisoryRules.REPORT_SIGHTINGS, actions.get(actions.size() - 1));
    }

    @Test
    void uuid5IsDeterministicAndVersion5() {
        assertEquals(Uuid5.of(Uuid5.MONSOON, "DOMAIN:a.example"), Uuid5.of(Uuid5.MONSOON, "DOMAIN:a.example"));
        assertNotEquals(Uuid5.of(Uuid5.MONSOON, "DOMAIN:a.example"), Uuid5.of(Uuid5.MONSOON, "DOMAIN:b.example"));
        assertEquals(5, Uuid5.of(Uuid5.MONSOON, "x").version());
        // RFC 9562 appendix test vector: DNS namespace, "www.example.com".
        assertEquals(
                "2ed6657d-e927-568b-95e1-2665a8aea6a2",
                Uuid5.of(java.util.UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), "www.example.com")
                        .toString());
    }
}
