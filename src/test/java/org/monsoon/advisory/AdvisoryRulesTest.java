package org.monsoon.advisory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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

    @Test
    void severityIsTheHighestReported() {
        assertEquals(Severity.HIGH, AdvisoryRules.severity(List.of(Severity.LOW, Severity.HIGH), 2, Set.of()));
    }

    @Test
    void threeMembersRaiseSeverityOneLevel() {
        assertEquals(Severity.MEDIUM, AdvisoryRules.severity(List.of(Severity.LOW), 3, Set.of()));
        assertEquals(Severity.LOW, AdvisoryRules.severity(List.of(Severity.LOW), 2, Set.of("other")));
    }

    @Test
    void aCriticalSectorRaisesSeverityOneLevelOnlyOnce() {
        assertEquals(Severity.HIGH, AdvisoryRules.severity(List.of(Severity.MEDIUM), 5, Set.of("energy", "water")));
    }

    @Test
    void severityIsCappedAtCritical() {
        assertEquals(Severity.CRITICAL, AdvisoryRules.severity(List.of(Severity.CRITICAL), 4, Set.of("health")));
    }

    @Test
    void actionsFollowIndicatorTypesAndIncidentTypes() {
        List<String> actions = AdvisoryRules.recommendedActions(
                Set.of(IndicatorType.DOMAIN, IndicatorType.SHA256, IndicatorType.CVE), Set.of("fraud/phishing"));
        assertTrue(actions.stream().anyMatch(a -> a.contains("DNS resolvers")));
        assertTrue(actions.stream().anyMatch(a -> a.contains("EDR")));
        assertTrue(actions.stream().anyMatch(a -> a.contains("Patch")));
        assertTrue(actions.stream().anyMatch(a -> a.contains("credentials")));
        assertTrue(AdvisoryRules.recommendedActions(Set.of(IndicatorType.IPV4), Set.of()).stream()
                .noneMatch(a -> a.contains("EDR")));
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
