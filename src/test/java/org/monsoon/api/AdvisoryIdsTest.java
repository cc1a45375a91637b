package org.monsoon.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Short advisory ids: what counts as a prefix, and how one is chosen among the ids it starts. */
class AdvisoryIdsTest {
    private static final String ID = "7c0ad87a-1f2e-5b3c-9d4e-a0b1c2d3e4f5";

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            nullValues = "none",
            value = {
                "7c0ad87a,                              7c0ad87a",
                "7C0AD87A,                              7c0ad87a",
                "7c0ad87a1f,                            7c0ad87a-1f",
                "7c0ad87a-1f2e,                         7c0ad87a-1f2e",
                "7c0ad87a1f2e5b3c,                      7c0ad87a-1f2e-5b3c",
                "7c0ad87,                               none",
                "7c0ad87g,                              none",
                "no-such-advisory,                      none",
                "'',                                    none",
            })
    void aPrefixNeedsEightHexDigitsAndTakesTheIdsDashes(String text, String prefix) {
        assertEquals(prefix, AdvisoryIds.prefix(text));
    }

    @Test
    void aWholeIdIsNotAPrefix() {
        assertTrue(AdvisoryIds.whole(ID));
        assertFalse(AdvisoryIds.whole("7c0ad87a"));
        assertTrue(ID.startsWith(AdvisoryIds.prefix("7c0ad87a1f2e5b3c9d4e")));
    }

    @Test
    void oneMatchIsTheAnswerNoneIs404SeveralAre409WithTheCandidates() {
        assertEquals(ID, AdvisoryIds.choose("7c0ad87a", new TreeSet<>(List.of(ID))));
        ApiException none = assertThrows(ApiException.class, () -> AdvisoryIds.choose("7c0ad87a", new TreeSet<>()));
        assertEquals(404, none.status());
        assertEquals("no such advisory: 7c0ad87a", none.getMessage());
        String other = "7c0ad87a-0000-5000-8000-000000000000";
        ApiException two = assertThrows(
                ApiException.class, () -> AdvisoryIds.choose("7c0ad87a", new TreeSet<>(List.of(ID, other))));
        assertEquals(409, two.status());
        assertEquals(List.of(other, ID), two.candidates());
        assertNull(AdvisoryIds.prefix(ID + "0"));
    }
}
