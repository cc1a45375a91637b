package org.monsoon.warninglist;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Warninglist regexes compiled once, with RE2/J: matching is linear in the input whatever the pattern,
 * so an entry such as {@code (a|b)*c} cannot backtrack, overflow the stack or stall the stream thread.
 * Patterns RE2 cannot express (backreferences, lookaround) are refused when an entry is added.
 */
final class RegexCache {
    private static final int MAX_ENTRIES = 10_000;
    private static final Map<String, Pattern> COMPILED = new ConcurrentHashMap<>();

    private RegexCache() {}

    /**
     * Compiles {@code pattern} case-insensitively, or explains in one line why RE2 cannot.
     *
     * @throws IllegalArgumentException naming the pattern and the problem
     */
    static Pattern compile(String pattern) {
        try {
            return Pattern.compile(pattern, Pattern.CASE_INSENSITIVE);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("regex '" + pattern + "' is not valid RE2 syntax (no backreferences or"
                    + " lookaround): " + e.getDescription());
        }
    }

    /** The compiled pattern, or null for one that does not compile (stored before this rule existed). */
    static Pattern compiled(String pattern) {
        Pattern cached = COMPILED.get(pattern);
        if (cached != null) {
            return cached;
        }
        Pattern fresh;
        try {
            fresh = compile(pattern);
        } catch (IllegalArgumentException e) {
            return null; // a pattern that cannot be run suppresses nothing
        }
        if (COMPILED.size() >= MAX_ENTRIES) {
            COMPILED.clear(); // entries come and go with the warninglist; a full cache simply starts over
        }
        COMPILED.put(pattern, fresh);
        return fresh;
    }
}
