package org.monsoon.advisory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.monsoon.schema.IndicatorType;
import org.monsoon.schema.Severity;
import org.monsoon.schema.Tlp;

/**
 * The pure rules of an advisory: its TLP, its severity and its recommended actions.
 *
 * <p>Severity model: start from the highest severity any used report gave; raise it one level when at
 * least three members are involved (a regional campaign) or when a critical sector is involved
 * (energy, finance, health, government, telecom, transport, water); never above CRITICAL.
 */
public final class AdvisoryRules {
    public static final Set<String> CRITICAL_SECTORS =
            Set.of("energy", "finance", "health", "government", "telecom", "transport", "water");
    static final int REGIONAL_COUNTRIES = 3;

    private AdvisoryRules() {}

    /** The most restrictive label among the reports used (CLEAR &lt; GREEN &lt; AMBER). */
    public static Tlp tlp(Collection<Tlp> used) {
        Tlp max = Tlp.CLEAR;
        for (Tlp tlp : used) {
            if (tlp == Tlp.RED || tlp == Tlp.AMBER_STRICT) {
                throw new IllegalArgumentException("a " + tlp + " report must never reach an advisory");
            }
            if (tlp.ordinal() > max.ordinal()) {
                max = tlp;
            }
        }
        return max;
    }

    public static Severity severity(Collection<Severity> reported, int countries, Collection<String> sectors) {
        Severity max = Severity.LOW;
        for (Severity s : reported) {
            if (s.ordinal() > max.ordinal()) {
                max = s;
            }
        }
        boolean raise = countries >= REGIONAL_COUNTRIES || sectors.stream().anyMatch(CRITICAL_SECTORS::contains);
        return raise ? Severity.values()[Math.min(max.ordinal() + 1, Severity.CRITICAL.ordinal())] : max;
    }

    /** Actions derived from the indicator types and the RSIT classes and types of the reports. */
    public static List<String> recommendedActions(Set<IndicatorType> types, Set<String> rsitTypes) {
        Set<String> actions = new LinkedHashSet<>();
        if (types.contains(IndicatorType.DOMAIN) || types.contains(IndicatorType.URL)) {
            actions.add("Block the listed domains and URLs at DNS resolvers, web proxies and mail gateways.");
        }
        if (types.contains(IndicatorType.IPV4) || types.contains(IndicatorType.IPV6)) {
            actions.add(
                    "Block the listed IP addresses at the perimeter and review connections to them in flow and firewall logs.");
        }
        if (types.contains(IndicatorType.MD5)
                || types.contains(IndicatorType.SHA1)
                || types.contains(IndicatorType.SHA256)) {
            actions.add("Hunt for the listed file hashes with EDR and quarantine matching files.");
        }
        if (types.contains(IndicatorType.EMAIL)) {
            actions.add("Block the listed sender addresses and search mailboxes for messages from them.");
        }
        if (types.contains(IndicatorType.CVE)) {
            actions.add(
                    "Patch or mitigate the listed CVEs on exposed systems first, and check them for signs of exploitation.");
        }
        if (types.contains(IndicatorType.MALWARE)) {
            actions.add("Deploy detection signatures for the named malware families.");
        }
        for (String rsit : rsitTypes) {
            if (rsit.startsWith("fraud/phishing") || rsit.contains("phishing")) {
                actions.add("Reset credentials of users who interacted with the phishing pages and enforce MFA.");
            }
            if (rsit.startsWith("intrusions/") || rsit.contains("compromise")) {
                actions.add("Isolate affected hosts, preserve evidence and report compromises to your national CERT.");
            }
            if (rsit.startsWith("malicious-code/")) {
                actions.add(
                        "Scan endpoints for the malware and block its distribution and command-and-control infrastructure.");
            }
        }
        actions.add("Report new sightings of these indicators to your national CERT.");
        return new ArrayList<>(actions);
    }
}
