package org.monsoon.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import org.monsoon.schema.Advisory;
import org.monsoon.schema.AdvisoryStatus;
import org.monsoon.schema.Severity;

/**
 * The filters of {@code GET /api/advisories}: {@code status}, {@code member}, {@code severity} (at least),
 * {@code since} (updated at or after, ISO-8601), {@code id_prefix} (the start of the advisory id), and paging with {@code limit} (1-500) and {@code offset}.
 * Bad values are a 400 naming the parameter.
 */
record AdvisoryFilter(
        AdvisoryStatus status,
        String member,
        Severity severity,
        Instant since,
        String idPrefix,
        int limit,
        int offset) {
    static final int MAX_LIMIT = 500;

    static AdvisoryFilter parse(Map<String, String> query, boolean local) {
        AdvisoryStatus status =
                query.containsKey("status") ? symbol(AdvisoryStatus.class, "status", query.get("status")) : null;
        Severity severity =
                query.containsKey("severity") ? symbol(Severity.class, "severity", query.get("severity")) : null;
        String member = query.containsKey("member") ? query.get("member").toUpperCase(Locale.ROOT) : null;
        if (member != null && !member.matches("[A-Z]{2}")) {
            throw ApiException.badRequest("member: '" + query.get("member") + "' is not a two-letter country code");
        }
        Instant since = null;
        if (query.containsKey("since")) {
            try {
                since = OffsetDateTime.parse(query.get("since")).toInstant();
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest("since: '" + query.get("since") + "' is not an ISO-8601 timestamp");
            }
        }
        String idPrefix = query.get("id_prefix");
        if (idPrefix != null && !idPrefix.matches("[0-9a-fA-F-]{1,36}")) {
            throw ApiException.badRequest("id_prefix: '" + idPrefix + "' is not the start of an advisory id");
        }
        int limit = number(query, "limit", 50, 1, local ? Integer.MAX_VALUE : MAX_LIMIT);
        int offset = number(query, "offset", 0, 0, Integer.MAX_VALUE);
        return new AdvisoryFilter(
                status,
                member,
                severity,
                since,
                idPrefix == null ? null : idPrefix.toLowerCase(Locale.ROOT),
                limit,
                offset);
    }

    /** Every advisory whose id starts with {@code prefix}. */
    static AdvisoryFilter idPrefix(String prefix) {
        return new AdvisoryFilter(null, null, null, null, prefix, MAX_LIMIT, 0);
    }

    boolean test(Advisory a) {
        return (status == null || a.getStatus() == status)
                && (member == null || a.getCountries().contains(member))
                && (severity == null || a.getSeverity().ordinal() >= severity.ordinal())
                && (since == null || !a.getUpdatedAt().isBefore(since))
                && (idPrefix == null || a.getAdvisoryId().startsWith(idPrefix));
    }

    /** The filter as a query string, for peers (paging is done by the caller). */
    String query() {
        StringBuilder q = new StringBuilder("offset=0");
        if (status != null) {
            q.append("&status=").append(status);
        }
        if (member != null) {
            q.append("&member=").append(member);
        }
        if (severity != null) {
            q.append("&severity=").append(severity);
        }
        if (since != null) {
            q.append("&since=").append(URLEncoder.encode(since.toString(), StandardCharsets.UTF_8));
        }
        if (idPrefix != null) {
            q.append("&id_prefix=").append(idPrefix);
        }
        return q.toString();
    }

    private static <E extends Enum<E>> E symbol(Class<E> type, String name, String value) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(
                    name + ": '" + value + "' is not one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    private static int number(Map<String, String> query, String name, int fallback, int min, int max) {
        if (!query.containsKey(name)) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(query.get(name));
            if (value < min || value > max) {
                throw ApiException.badRequest(name + ": " + value + " is outside " + min + "-" + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + ": '" + query.get(name) + "' is not a whole number");
        }
    }
}
