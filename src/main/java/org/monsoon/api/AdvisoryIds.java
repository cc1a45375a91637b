package org.monsoon.api;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How analysts name an advisory: its whole id (a UUID) or a prefix of it with at least
 * {@link #MIN_HEX_DIGITS} hex digits, the way the CLI and the dashboard print it ({@code 7c0ad87a}).
 * Pure rules; the API resolves a prefix against every instance's advisories.
 */
public final class AdvisoryIds {
    /** Hex digits a prefix needs: 8 make a clash between two advisories of a region unlikely. */
    public static final int MIN_HEX_DIGITS = 8;

    private static final Pattern WHOLE =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern PREFIX = Pattern.compile("[0-9a-fA-F]{8}(-?[0-9a-fA-F]{0,4}){0,4}");

    private AdvisoryIds() {}

    /**
     * The one advisory id a prefix names among the ids that start with it: 404 when there is none, 409
     * listing them when there are several.
     */
    static String choose(String given, java.util.SortedSet<String> matching) {
        if (matching.isEmpty()) {
            throw ApiException.notFound("no such advisory: " + given);
        }
        if (matching.size() > 1) {
            throw ApiException.ambiguous(
                    given + " is the start of " + matching.size() + " advisory ids: give more of it",
                    java.util.List.copyOf(matching));
        }
        return matching.first();
    }

    /** Whether {@code text} is a whole advisory id. */
    public static boolean whole(String text) {
        return WHOLE.matcher(text).matches();
    }

    /**
     * The lower-case prefix of an advisory id that {@code text} is (dashes where the id has them, or
     * none at all after the first group), or null when it is not one with enough hex digits.
     */
    public static String prefix(String text) {
        if (!PREFIX.matcher(text).matches()) {
            return null;
        }
        String hex = text.replace("-", "").toLowerCase(Locale.ROOT);
        if (hex.length() < MIN_HEX_DIGITS || hex.length() > 32) {
            return null;
        }
        // Put the dashes back where a UUID has them: 8-4-4-4-12.
        StringBuilder id = new StringBuilder();
        int[] groups = {8, 4, 4, 4, 12};
        int at = 0;
        for (int g = 0; g < groups.length && at < hex.length(); g++) {
            if (g > 0) {
                id.append('-');
            }
            int end = Math.min(hex.length(), at + groups[g]);
            id.append(hex, at, end);
            at = end;
        }
        return id.toString();
    }
}
