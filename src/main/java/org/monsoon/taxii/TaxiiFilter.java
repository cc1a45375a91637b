package org.monsoon.taxii;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.monsoon.http.QueryString;

/**
 * The filters of a TAXII 2.1 objects, manifest or versions request (section 3.4): {@code added_after},
 * {@code limit}, {@code next}, and {@code match[id]}, {@code match[type]}, {@code match[version]}
 * ({@code last} by default, {@code first}, {@code all} or timestamps) and {@code match[spec_version]},
 * each a comma-separated list. An unknown {@code match[...]} field is refused rather than ignored, so a
 * client never mistakes an unfiltered answer for a filtered one.
 */
public record TaxiiFilter(
        long after, Set<String> ids, Set<String> types, List<String> versions, Set<String> specVersions, int limit) {
    /** The most objects one page holds, whatever {@code limit} asks for. */
    public static final int MAX_PAGE = 1_000;

    /** The filter of a query string; {@code defaultVersion} is {@code last}, or {@code all} for versions. */
    public static TaxiiFilter parse(String rawQuery, String defaultVersion) {
        Map<String, String> query = query(rawQuery);
        long after = -1;
        if (query.containsKey("added_after")) {
            after = TaxiiTime.parseMicros(query.get("added_after"));
        }
        if (query.containsKey("next")) {
            try {
                after = Math.max(after, Long.parseLong(query.get("next")));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'next' is not a value this server gave out");
            }
        }
        int limit = MAX_PAGE;
        if (query.containsKey("limit")) {
            try {
                limit = Integer.parseInt(query.get("limit"));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'limit' must be a positive integer");
            }
            if (limit < 1) {
                throw new IllegalArgumentException("'limit' must be a positive integer");
            }
        }
        for (String key : query.keySet()) {
            if (key.startsWith("match[")
                    && !Set.of("match[id]", "match[type]", "match[version]", "match[spec_version]")
                            .contains(key)) {
                throw new IllegalArgumentException("unsupported filter " + key);
            }
        }
        List<String> versions = list(query.getOrDefault("match[version]", defaultVersion));
        for (String version : versions) {
            if (!Set.of("last", "first", "all").contains(version)) {
                TaxiiTime.parseMicros(version);
            }
        }
        return new TaxiiFilter(
                after,
                set(query.get("match[id]")),
                set(query.get("match[type]")),
                versions,
                set(query.get("match[spec_version]")),
                Math.min(limit, MAX_PAGE));
    }

    boolean admitsIdAndType(String id, String type) {
        return (ids.isEmpty() || ids.contains(id))
                && (types.isEmpty() || types.contains(type))
                && (specVersions.isEmpty() || specVersions.contains("2.1"));
    }

    /** Whether a version passes {@code match[version]}, given whether it is the object's first or last. */
    boolean admitsVersion(String version, boolean first, boolean last) {
        for (String wanted : versions) {
            boolean hit = switch (wanted) {
                case "all" -> true;
                case "first" -> first;
                case "last" -> last;
                default -> TaxiiTime.sameInstant(wanted, version);
            };
            if (hit) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> set(String value) {
        return value == null ? Set.of() : Set.copyOf(list(value));
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /** Repeated parameters are OR-ed like a comma-separated list. */
    private static Map<String, String> query(String raw) {
        Map<String, String> params = new HashMap<>();
        QueryString.parse(raw).forEach((key, values) -> params.put(key, String.join(",", values)));
        return params;
    }

    @Override
    public String toString() {
        return "after=" + after + " ids=" + ids + " types=" + types + " versions="
                + versions.stream().collect(Collectors.joining(",")) + " limit=" + limit;
    }
}
