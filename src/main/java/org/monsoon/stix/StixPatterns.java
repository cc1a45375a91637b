package org.monsoon.stix;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.monsoon.schema.AdvisoryIndicator;
import org.monsoon.schema.Indicator;
import org.monsoon.schema.IndicatorType;

/**
 * Between Monsoon's indicator types and STIX: the comparison pattern of each observable type
 * ({@code [ipv4-addr:value = '...']}, {@code [file:hashes.'SHA-256' = '...']}), and the other way for
 * imports, which take every equality comparison of a pattern of ANDs and ORs.
 */
public final class StixPatterns {
    private static final Map<IndicatorType, String> PATHS = Map.of(
            IndicatorType.IPV4, "ipv4-addr:value",
            IndicatorType.IPV6, "ipv6-addr:value",
            IndicatorType.DOMAIN, "domain-name:value",
            IndicatorType.URL, "url:value",
            IndicatorType.EMAIL, "email-addr:value",
            IndicatorType.MD5, "file:hashes.MD5",
            IndicatorType.SHA1, "file:hashes.'SHA-1'",
            IndicatorType.SHA256, "file:hashes.'SHA-256'");

    private StixPatterns() {}

    /** The STIX pattern of an indicator; quotes and backslashes escaped. */
    public static String pattern(IndicatorType type, String value) {
        String path = PATHS.get(type);
        if (path == null) {
            throw new IllegalArgumentException(type + " has no STIX pattern");
        }
        return "[" + path + " = '" + value.replace("\\", "\\\\").replace("'", "\\'") + "']";
    }

    /**
     * The Monsoon indicators of a pattern: every value compared with {@code =} (or {@code IN}) in a
     * pattern of only ANDs and ORs of comparisons (see {@link PatternComparisons}), and why each other
     * comparison, or the whole pattern, was skipped. An address range is skipped (Monsoon correlates
     * single addresses) unless it is one address ({@code /32}, {@code /128}).
     */
    public static Parsed parse(String pattern) {
        List<PatternComparisons.Comparison> comparisons;
        try {
            comparisons = PatternComparisons.of(pattern);
        } catch (IllegalArgumentException e) {
            return new Parsed(List.of(), List.of(e.getMessage() + ": " + pattern));
        }
        List<Indicator> indicators = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (PatternComparisons.Comparison comparison : comparisons) {
            Optional<IndicatorType> type = typeOf(comparison.path());
            if (type.isEmpty()) {
                skipped.add("unsupported object path " + comparison.path());
                continue;
            }
            String value = comparison.value();
            if ((type.get() == IndicatorType.IPV4 || type.get() == IndicatorType.IPV6) && value.contains("/")) {
                String prefix = value.substring(value.indexOf('/') + 1);
                if (!prefix.equals(type.get() == IndicatorType.IPV4 ? "32" : "128")) {
                    skipped.add("address range " + value + " is not imported: Monsoon correlates single addresses");
                    continue;
                }
                value = value.substring(0, value.indexOf('/'));
            }
            indicators.add(new Indicator(type.get(), value));
        }
        return new Parsed(List.copyOf(indicators), List.copyOf(skipped));
    }

    private static Optional<IndicatorType> typeOf(String objectPath) {
        String path = objectPath.replace("\"", "'");
        for (Map.Entry<IndicatorType, String> e : PATHS.entrySet()) {
            if (e.getValue().equalsIgnoreCase(path) || alias(path).equals(e.getValue())) {
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }

    private static String alias(String path) {
        return switch (path) {
            case "file:hashes.'SHA256'", "file:hashes.SHA256", "file:hashes.'sha256'" -> "file:hashes.'SHA-256'";
            case "file:hashes.'SHA1'", "file:hashes.SHA1", "file:hashes.'sha1'" -> "file:hashes.'SHA-1'";
            case "file:hashes.'MD5'", "file:hashes.md5" -> "file:hashes.MD5";
            default -> path;
        };
    }

    /** What a pattern gave: its indicators, and what was skipped with the reason. */
    public record Parsed(List<Indicator> indicators, List<String> skipped) {}

    /** The STIX object for an advisory indicator: an indicator with a pattern, a vulnerability or a malware. */
    static ObjectNode objectFor(AdvisoryIndicator indicator, UUID id) {
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        switch (indicator.getType()) {
            case CVE -> {
                object.put("type", "vulnerability")
                        .put("id", "vulnerability--" + id)
                        .put("name", indicator.getValue());
                object.putArray("external_references")
                        .addObject()
                        .put("source_name", "cve")
                        .put("external_id", indicator.getValue());
            }
            case MALWARE ->
                object.put("type", "malware")
                        .put("id", "malware--" + id)
                        .put("name", indicator.getValue())
                        .put("is_family", true);
            default -> {
                object.put("type", "indicator")
                        .put("id", "indicator--" + id)
                        .put("name", indicator.getValue())
                        .put("pattern", pattern(indicator.getType(), indicator.getValue()))
                        .put("pattern_type", "stix")
                        .put("valid_from", StixExporter.timestamp(indicator.getFirstSeen()));
                object.putArray("indicator_types").add("malicious-activity");
                object.put("description", "Reported by " + String.join(", ", indicator.getCountries()));
            }
        }
        if (indicator.getHub()) {
            // Held by more reports than make a campaign (shared hosting, a sinkhole, a shortener): listed,
            // but it connects no campaigns; MISP would call it over-correlating.
            object.putArray("labels").add("hub");
        }
        return object;
    }
}
