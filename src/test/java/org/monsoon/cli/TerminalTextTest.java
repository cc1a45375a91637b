package org.monsoon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class TerminalTextTest {

    @Test
    void plainTextShowsControlsAsVisibleEscapes() {
        assertEquals("a\\x1b[31mred\\x9b2J", TerminalText.plain("a\u001b[31mred\u009b2J"));
        assertEquals("ธนาคาร phishing", TerminalText.plain("ธนาคาร phishing"));
    }

    @Test
    void jsonKeepsItsMeaningWithC1Escaped() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String document = json.writeValueAsString(java.util.Map.of("title", "x\u009b2J\u001b"));
        String escaped = TerminalText.json(document);
        assertEquals("{\"title\":\"x\\u009b2J\\u001B\"}", escaped);
        assertEquals("x\u009b2J\u001b", json.readTree(escaped).get("title").asText());
    }
}
