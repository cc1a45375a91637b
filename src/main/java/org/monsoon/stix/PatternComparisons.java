package org.monsoon.stix;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The equality comparisons of a STIX 2.1 pattern made only of observation expressions joined by AND or
 * OR, each a comparison expression of {@code path = 'value'} (or {@code path IN ('a', 'b')}) joined by
 * AND or OR, with parentheses. That is how feeds write a set of indicators:
 * {@code [domain-name:value = 'x' OR ipv4-addr:value = 'y']}. Anything else (negation, ordering,
 * MATCHES, LIKE, FOLLOWEDBY, WITHIN, REPEATS, START/STOP, non-string constants) makes the whole
 * pattern unusable, because its values would then not be indicators on their own.
 */
final class PatternComparisons {
    /** One {@code path = 'value'}. */
    record Comparison(String path, String value) {}

    private static final Set<String> JOINS = Set.of("AND", "OR");

    private final String pattern;
    private int at;

    private PatternComparisons(String pattern) {
        this.pattern = pattern;
    }

    /** The comparisons in order, or {@link IllegalArgumentException} saying why the pattern is unusable. */
    static List<Comparison> of(String pattern) {
        return new PatternComparisons(pattern).parse();
    }

    private List<Comparison> parse() {
        List<Comparison> out = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        int depth = 0;
        boolean inObservation = false;
        while (skipSpace()) {
            char c = pattern.charAt(at);
            if (c == '[') {
                require(!inObservation, "nested '['");
                inObservation = true;
                at++;
            } else if (c == ']') {
                require(inObservation, "unbalanced ']'");
                inObservation = false;
                at++;
            } else if (c == '(') {
                depth++;
                at++;
            } else if (c == ')') {
                require(depth > 0, "unbalanced ')'");
                depth--;
                at++;
            } else if (Character.isLetter(c)) {
                String word = word();
                String upper = word.toUpperCase(Locale.ROOT);
                if (JOINS.contains(upper)) {
                    tokens.add(upper);
                } else if (word.contains(":")) {
                    require(inObservation, "object path " + word + " outside '[...]'");
                    out.addAll(comparison(word));
                } else {
                    throw new IllegalArgumentException(
                            "pattern uses " + upper + ": only ORs and ANDs of equality comparisons are imported");
                }
            } else {
                throw new IllegalArgumentException("unexpected '" + c + "' at " + at);
            }
        }
        require(!inObservation && depth == 0, "unbalanced brackets");
        require(!out.isEmpty(), "no comparison");
        return out;
    }

    /** After a path: {@code = 'value'} or {@code IN ('a', 'b')}. */
    private List<Comparison> comparison(String path) {
        skipSpace();
        if (at < pattern.length() && pattern.charAt(at) == '=') {
            at++;
            return List.of(new Comparison(path, string()));
        }
        int operator = at;
        if (at < pattern.length() && Character.isLetter(pattern.charAt(at)) && word().equalsIgnoreCase("IN")) {
            skipSpace();
            require(at < pattern.length() && pattern.charAt(at) == '(', "IN without '('");
            at++;
            List<Comparison> values = new ArrayList<>();
            do {
                values.add(new Comparison(path, string()));
                skipSpace();
            } while (at < pattern.length() && pattern.charAt(at) == ',' && at++ >= 0);
            require(at < pattern.length() && pattern.charAt(at) == ')', "IN list without ')'");
            at++;
            return values;
        }
        at = operator;
        String rest = pattern.substring(at, Math.min(pattern.length(), at + 12)).strip();
        throw new IllegalArgumentException("pattern compares " + path + " with '" + rest.split("\\s+")[0]
                + "': only ORs and ANDs of equality comparisons are imported");
    }

    /** A quoted string constant, unescaped. */
    private String string() {
        skipSpace();
        require(at < pattern.length() && pattern.charAt(at) == '\'', "a value that is not a quoted string");
        StringBuilder value = new StringBuilder();
        for (at++; at < pattern.length(); at++) {
            char c = pattern.charAt(at);
            if (c == '\\' && at + 1 < pattern.length()) {
                value.append(pattern.charAt(++at));
            } else if (c == '\'') {
                at++;
                return value.toString();
            } else {
                value.append(c);
            }
        }
        throw new IllegalArgumentException("unterminated string");
    }

    /** A keyword or an object path such as {@code file:hashes.'SHA-256'}. */
    private String word() {
        int start = at;
        while (at < pattern.length()) {
            char c = pattern.charAt(at);
            if (c == '\'' && at > start && pattern.charAt(at - 1) == '.') {
                int close = pattern.indexOf('\'', at + 1);
                require(close > 0, "unterminated path");
                at = close + 1;
            } else if (Character.isLetterOrDigit(c) || c == ':' || c == '.' || c == '_' || c == '-' || c == '*') {
                at++;
            } else {
                break;
            }
        }
        return pattern.substring(start, at);
    }

    private boolean skipSpace() {
        while (at < pattern.length() && Character.isWhitespace(pattern.charAt(at))) {
            at++;
        }
        return at < pattern.length();
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException("pattern is malformed: " + problem);
        }
    }
}
