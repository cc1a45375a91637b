package org.monsoon.stix;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.monsoon.schema.AdvisoryIndicator;
import org.monsoon.schema.IndicatorType;

/**
 * Between Monsoon's indicator types and STIX: the comparison pattern of each observable type
 * ({@code [ipv4-addr:value = '...']}, {@code [file:hashes.'SHA-256' = '...']}), and the other way for
 * imports, which accept only a single equality comparison.
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
    private static final Pattern SIMPLE = Pattern.compile(
            "\\s*\\[\\s*([a-z0-9-]+:[A-Za-z0-9_.'-]+)\\s*=\\s*'((?:[^'\\\\]|\\\\.)*)'\\s*]\\s*");

    private StixPatterns() {
    }

    /** The STIX pattern of an indicator; quotes and backslashes escaped. */
    public static String pattern(IndicatorType type, String value) {
        String path = PATHS.get(type);
        if (path == null) {
            throw new IllegalArgumentException(type + " has no STIX pattern");
        }
        return "[" + path + " = '" + value.replace("\\", "\\\\").replace("'", "\\'") + "']";
    }

    /** The Monsoon indicator of a single-comparison pattern, or why it cannot be one. */
    public static Result parse(String pattern) {
        Matcher m = SIMPLE.matcher(pattern);
        if (!m.matches()) {
            return new Result(Optional.empty(), Optional.empty(),
                    "pattern is not a single equality comparison: " + pattern);
        }
        String path = m.group(1).replace("\"", "'");
        for (Map.Entry<IndicatorType, String> e : PATHS.entrySet()) {
            if (e.getValue().equalsIgnoreCase(path) || alias(path).equals(e.getValue())) {
                String value = m.group(2).replace("\\'", "'").replace("\\\\", "\\");
                return new Result(Optional.of(e.getKey()), Optional.of(value), null);
            }
        }
        return new Result(Optional.empty(), Optional.empty(), "unsupported object path " + path);
    }

    private static String alias(String path) {
        return switch (path) {
            case "file:hashes.'SHA256'", "file:hashes.SHA256", "file:hashes.'sha256'" -> "file:hashes.'SHA-256'";
            case "file:hashes.'SHA1'", "file:hashes.SHA1", "file:hashes.'sha1'" -> "file:hashes.'SHA-1'";
            case "file:hashes.'MD5'", "file:hashes.md5" -> "file:hashes.MD5";
            default -> path;
        };
    }

    /** A parsed pattern: the indicator, or the reason it was skipped. */
    public record Result(Optional<IndicatorType> type, Optional<String> value, String skipped) {
    }

    /** The STIX object for an advisory indicator: an indicator with a pattern, a vulnerability or a malware. */
    static ObjectNode objectFor(AdvisoryIndicator indicator, UUID id) {
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        switch (indicator.getType()) {
            case CVE -> {
                object.put("type", "vulnerability").put("id", "vulnerability--" + id).put("name", indicator.getValue());
                object.putArray("external_references").addObject().put("source_name", "cve")
                        .put("external_id", indicator.getValue());
            }
            case MALWARE -> object.put("type", "malware").put("id", "malware--" + id)
                    .put("name", indicator.getValue()).put("is_family", true);
            default -> {
                object.put("type", "indicator").put("id", "indicator--" + id)
                        .put("name", indicator.getValue())
                        .put("pattern", pattern(indicator.getType(), indicator.getValue()))
                        .put("pattern_type", "stix")
                        .put("valid_from", StixExporter.timestamp(indicator.getFirstSeen()));
                object.putArray("indicator_types").add("malicious-activity");
                object.put("description", "Reported by " + String.join(", ", indicator.getCountries()));
            }
        }
        return object;
    }
}
