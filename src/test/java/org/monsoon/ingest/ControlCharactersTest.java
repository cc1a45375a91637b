package org.monsoon.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class ControlCharactersTest {

    /** Input, then the single-line form, then the multi-line form. */
    private static final String[][] TABLE = {
        {"plain text", "plain text", "plain text"},
        {"a\u001b[31mred", "a[31mred", "a[31mred"},
        {"csi\u009b2J", "csi2J", "csi2J"},
        {"bell\u0007 del\u007f nul\u0000", "bell del nul", "bell del nul"},
        {"one\ntwo\tthree", "one two three", "one\ntwo\tthree"},
        {"crlf\r\nnext", "crlf next", "crlf\nnext"},
        {"ไทย\u200b ok", "ไทย\u200b ok", "ไทย\u200b ok"},
    };

    @Test
    void stripsControls() {
        for (String[] row : TABLE) {
            assertEquals(row[1], ControlCharacters.stripLine(row[0]), row[0]);
            assertEquals(row[2], ControlCharacters.stripMultiline(row[0]), row[0]);
        }
    }

    @Test
    void cleanTextIsNotCopied() {
        String text = "no controls here";
        assertSame(text, ControlCharacters.stripLine(text));
        assertEquals(null, ControlCharacters.stripMultiline(null));
    }
}
