package org.monsoon.cli;

import org.monsoon.ingest.ControlCharacters;

/**
 * Text bound for an analyst's terminal. Ingest already strips control characters from what CERTs send,
 * but a terminal must not trust that: records written before that rule, or by another producer, could
 * still carry an escape sequence that recolours, hides or rewrites output.
 */
final class TerminalText {
    private TerminalText() {}

    /** {@code text} with every control character shown as a visible hexadecimal escape, such as {@code \\x1b}. */
    static String plain(Object text) {
        String s = String.valueOf(text);
        return escape(s, "\\x%02x");
    }

    /**
     * A JSON document with C1 controls and DEL escaped as JSON unicode escapes. Jackson already escapes C0
     * controls; the others are legal JSON but some terminals act on them. In JSON they can only occur
     * inside strings, where the escape means the same character.
     */
    static String json(String document) {
        return escape(document, "\\u%04x");
    }

    private static String escape(String s, String format) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (ControlCharacters.isControl(c)) {
                if (out == null) {
                    out = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                out.append(String.format(format, (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }
}
