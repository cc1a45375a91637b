package org.monsoon.warninglist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.monsoon.schema.IndicatorType;
import org.monsoon.schema.WarninglistEntry;
import org.monsoon.schema.WarninglistMatch;

/** The bundled MISP lists and every match type, against a plain map standing in for the store. */
class WarninglistMatcherTest {
    private static final Map<String, WarninglistEntry> STORE = new HashMap<>();
    private static final List<WarninglistEntry> SCANNED = new java.util.ArrayList<>();
    private static final WarninglistMatcher MATCHER = new WarninglistMatcher(STORE::get, () -> SCANNED);
    private static int bundledLists;

    @BeforeAll
    static void loadBundledLists() throws IOException {
        for (MispWarninglist.Parsed list : MispWarninglist.bundled(Instant.EPOCH)) {
            bundledLists++;
            list.entries().forEach(WarninglistMatcherTest::store);
        }
        store(WarninglistEntries.entry(WarninglistMatch.SUBSTRING, "sinkhole", "t", null, Instant.EPOCH)
                .orElseThrow());
        store(WarninglistEntries.entry(
                        WarninglistMatch.REGEX, "/^honeypot-[0-9]+\\.example$/i", "t", null, Instant.EPOCH)
                .orElseThrow());
    }

    private static void store(WarninglistEntry entry) {
        String key = WarninglistEntries.key(entry);
        STORE.put(key, entry);
        if (key.startsWith(WarninglistEntries.SUBSTRING_PREFIX) || key.startsWith(WarninglistEntries.REGEX_PREFIX)) {
            SCANNED.add(entry);
        }
    }

    private static boolean listed(IndicatorType type, String value) {
        return MATCHER.match(type, value).isPresent();
    }

    @Test
    void allBundledListsLoad() {
        assertEquals(16, bundledLists);
        assertTrue(STORE.size() > 100_000, "entries: " + STORE.size());
    }

    @Test
    void publicResolversAndPrivateRangesAreListedByCidr() {
        assertTrue(listed(IndicatorType.IPV4, "8.8.8.8"));
        assertTrue(listed(IndicatorType.IPV4, "10.20.30.40"), "rfc1918");
        assertTrue(listed(IndicatorType.IPV4, "192.168.1.1"));
        assertTrue(listed(IndicatorType.IPV6, "fe80::1"), "link-local");
        assertFalse(listed(IndicatorType.IPV4, "45.133.1.77"));
    }

    @Test
    void popularHostnamesMatchWithTheirSubdomains() {
        assertTrue(listed(IndicatorType.DOMAIN, "google.com"));
        assertTrue(listed(IndicatorType.DOMAIN, "mail.google.com"));
        assertFalse(listed(IndicatorType.DOMAIN, "google.com.evil-lookalike.example"));
        assertTrue(listed(IndicatorType.URL, "https://www.google.com/search?q=x"), "URL hosts are checked");
        assertFalse(listed(IndicatorType.URL, "http://evil-payload.example/google.com"));
    }

    @Test
    void emptyFileHashesAreListedByString() {
        assertTrue(listed(IndicatorType.MD5, "d41d8cd98f00b204e9800998ecf8427e"));
        assertTrue(listed(IndicatorType.SHA256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    }

    @Test
    void substringAndRegexEntriesMatch() {
        assertTrue(listed(IndicatorType.DOMAIN, "dns-sinkhole.evil.example"));
        assertTrue(listed(IndicatorType.DOMAIN, "honeypot-42.example"));
        assertFalse(listed(IndicatorType.DOMAIN, "honeypot-x.example"));
    }

    /**
     * Patterns that make a backtracking engine explode or overflow its stack get the right answer from
     * RE2/J (linear time, no recursion): nothing thrown, nothing to time out.
     */
    @Test
    void pathologicalRegexesAnswerCorrectly() {
        String longUrl = "https://a.example/" + "ab".repeat(1_000);
        assertFalse(WarninglistMatcher.regexMatches("(a+)+$", "a".repeat(40) + "!"));
        assertFalse(WarninglistMatcher.regexMatches("(a|b)*c", longUrl.replace("c", "")));
        assertTrue(WarninglistMatcher.regexMatches("(a|b)*c", longUrl + "c"));
        assertTrue(WarninglistMatcher.regexMatches("((((a|b)*)*)*)*z$", longUrl + "z"));
        assertFalse(WarninglistMatcher.regexMatches("(x+x+)+y", "x".repeat(5_000)));
    }

    @Test
    void aPatternRe2CannotRunIsRefusedWhenAdded() {
        for (String pattern : new String[] {"(a)\\1", "foo(?=bar)", "(?<!x)y", "[unclosed"}) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> WarninglistEntries.canonicalValue(WarninglistMatch.REGEX, pattern));
            assertTrue(e.getMessage().startsWith("regex '" + pattern + "' is not valid RE2 syntax"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), "one line");
        }
        assertFalse(WarninglistMatcher.regexMatches("(a)\\1", "aa"), "a stored one that cannot run suppresses nothing");
    }

    @Test
    void entriesAreCanonical() {
        assertEquals(
                "10.0.0.0/8",
                WarninglistEntries.entry(WarninglistMatch.CIDR, "10.1.2.3/8", "t", null, Instant.EPOCH)
                        .orElseThrow()
                        .getValue());
        assertEquals(
                "2001:db8::/32",
                WarninglistEntries.entry(WarninglistMatch.CIDR, "2001:DB8::/32", "t", null, Instant.EPOCH)
                        .orElseThrow()
                        .getValue());
        assertEquals(
                "xn--bcher-kva.example",
                WarninglistEntries.entry(WarninglistMatch.HOSTNAME, "Bücher.example.", "t", null, Instant.EPOCH)
                        .orElseThrow()
                        .getValue());
        assertTrue(WarninglistEntries.entry(WarninglistMatch.CIDR, "300.1.1.1/8", "t", null, Instant.EPOCH)
                .isEmpty());
    }

    @Test
    void aMispFileIsParsedAndBadValuesSkipped() throws IOException {
        String json =
                "{\"name\":\"mine\",\"type\":\"cidr\",\"description\":\"d\",\"list\":[\"10.0.0.0/8\",\"nonsense\",\"1.2.3.4\"]}";
        MispWarninglist.Parsed parsed =
                MispWarninglist.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), Instant.EPOCH);
        assertEquals("mine", parsed.name());
        assertEquals(2, parsed.entries().size());
        assertEquals(1, parsed.skipped());
    }

    @Test
    void aFileThatIsNotAWarninglistIsRefusedWithAReason() {
        IOException notJson = assertThrows(
                IOException.class,
                () -> MispWarninglist.read(
                        new ByteArrayInputStream("nope".getBytes(StandardCharsets.UTF_8)), Instant.EPOCH));
        assertTrue(notJson.getMessage().contains("not valid JSON"));
        IOException badType = assertThrows(
                IOException.class,
                () -> MispWarninglist.read(
                        new ByteArrayInputStream(
                                "{\"name\":\"x\",\"type\":\"fuzzy\",\"list\":[]}".getBytes(StandardCharsets.UTF_8)),
                        Instant.EPOCH));
        assertTrue(badType.getMessage().contains("fuzzy"));
    }
}
