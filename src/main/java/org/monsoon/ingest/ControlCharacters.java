package org.monsoon.ingest;

/**
 * Removes C0 and C1 control characters (and DEL) from free text a CERT sends: titles, descriptions and
 * malware names reach terminals, dashboards and exports, where an escape sequence could rewrite what an
 * analyst sees. Line breaks and tabs survive in multi-line text, as plain layout.
 */
public final class ControlCharacters {
    private ControlCharacters() {}

    /** {@code text} without control characters; tabs and line breaks become single spaces. */
    public static String stripLine(String text) {
        return strip(text, false);
    }

    /** {@code text} without control characters other than tab and line feed ({@code \r\n} becomes {@code \n}). */
    public static String stripMultiline(String text) {
        return strip(text, true);
    }

    /** Whether {@code c} is a C0 or C1 control character or DEL. */
    public static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f);
    }

    private static String strip(String text, boolean multiline) {
        if (text == null) {
            return null;
        }
        int i = 0;
        while (i < text.length() && !isControl(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            return text; // the common case: nothing to remove, no copy
        }
        StringBuilder out = new StringBuilder(text.length()).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isControl(c)) {
                out.append(c);
            } else if (c == '\n' || c == '\t') {
                out.append(multiline ? c : ' ');
            }
        }
        return out.toString();
    }
}
