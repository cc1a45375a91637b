package org.monsoon.advisory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.monsoon.schema.IndicatorType;
import org.monsoon.schema.Severity;
import org.monsoon.schema.Tlp;

/**
 * The pure rules of an advisory: its TLP, its severity and its recommended actions, all of them about
 * what enough members say, so that one member alone can neither make an advisory CRITICAL nor fill it
 * with actions for a category only it reported.
 *
 * <p>Severity: the highest level L such that reports from at least {@code min-countries} distinct
 * members are at L or above. Actions: those of the RSIT types at least {@code min-countries} members
 * reported, then those of the indicator types listed (every listed indicator is correlated, so enough
 * members hold it), at most {@link #MAX_ACTIONS}, the last always asking for new sightings.
 */
public final class AdvisoryRules {
    /** Recommended actions per advisory, at most. */
    public static final int MAX_ACTIONS = 5;

    static final String REPORT_SIGHTINGS = "Report new sightings of these indicators to your national CERT.";

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

    /**
     * The highest level at which at least {@code minCountries} members reported (at that level or
     * above); LOW when fewer members reported at all.
     *
     * @param highestByMember each member's highest reported severity
     */
    public static Severity severity(Map<String, Severity> highestByMember, int minCountries) {
        Severity[] levels = Severity.values();
        for (int level = levels.length - 1; level > 0; level--) {
            int members = 0;
            for (Severity s : highestByMember.values()) {
                if (s.ordinal() >= level) {
                    members++;
                }
            }
            if (members >= minCountries) {
                return levels[level];
            }
        }
        return Severity.LOW;
    }

    /** The RSIT types that at least {@code minCountries} members reported, in order. */
    public static SortedSet<String> sharedTypes(Map<String, Set<String>> membersByType, int minCountries) {
        SortedSet<String> shared = new TreeSet<>();
        membersByType.forEach((type, members) -> {
            if (members.size() >= minCountries) {
                shared.add(type);
            }
        });
        return shared;
    }

    /**
     * Actions for the RSIT types enough members reported ({@link #sharedTypes}) and the indicator types
     * listed: at most {@link #MAX_ACTIONS}, RSIT types first, new sightings last.
     */
    public static List<String> recommendedActions(Set<IndicatorType> types, Set<String> sharedRsitTypes) {
        Set<String> actions = new LinkedHashSet<>();
        for (String rsit : sharedRsitTypes) {
            if (rsit.startsWith("fraud/") && rsit.contains("phishing")) {
                actions.add("Reset credentials of users who interacted with the phishing pages and enforce MFA.");
            }
            if (rsit.startsWith("intrusions/") || rsit.contains("compromise")) {
                actions.add("Isolate affected hosts, preserve evidence and report compromises to your national CERT.");
            }
            if (rsit.startsWith("malicious-code/")) {
                actions.add(
                        "Scan endpoints for the malware and block its distribution and command-and-control infrastructure.");
            }
            if (rsit.startsWith("vulnerable/")) {
                actions.add("Inventory exposed systems running the affected software and patch or isolate them.");
            }
        }
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
        List<String> out = new ArrayList<>(actions).subList(0, Math.min(actions.size(), MAX_ACTIONS - 1));
        List<String> result = new ArrayList<>(out);
        result.add(REPORT_SIGHTINGS);
        return result;
    }
}
