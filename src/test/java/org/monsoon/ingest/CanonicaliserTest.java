package org.monsoon.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.monsoon.schema.Indicator;
import org.monsoon.schema.IndicatorType;

class CanonicaliserTest {

    /** The table in {@code canonical-cases.csv} (type, input, canonical value or {@code !fragment} of the error). */
    @ParameterizedTest(name = "{0} ''{1}'' -> {2}")
    @CsvFileSource(
            resources = "/ingest/canonical-cases.csv",
            ignoreLeadingAndTrailingWhitespace = false,
            nullValues = {})
    void canonicalForm(String type, String input, String expected) {
        IndicatorType indicatorType = IndicatorType.valueOf(type.trim());
        String value = input.startsWith(" ") ? input.substring(1) : input;
        String wanted = expected.trim();
        if (wanted.startsWith("!")) {
            CanonicalisationException e =
                    assertThrows(CanonicalisationException.class, () -> Canonicaliser.canonical(indicatorType, value));
            assertTrue(e.getMessage().contains(wanted.substring(1)), "message was: " + e.getMessage());
        } else {
            assertEquals(wanted, assertCanonical(indicatorType, value));
        }
    }

    private static String assertCanonical(IndicatorType type, String value) {
        try {
            String canonical = Canonicaliser.canonical(type, value);
            assertEquals(canonical, Canonicaliser.canonical(type, canonical), "canonicalisation is idempotent");
            return canonical;
        } catch (CanonicalisationException e) {
            throw new AssertionError("unexpected rejection: " + e.getMessage(), e);
        }
    }

    @Test
    void aUrlYieldsItsHostAsADerivedIndicatorAndTheListIsSortedAndDistinct() throws Exception {
        List<Indicator> out = Canonicaliser.canonicalise(List.of(
                new Indicator(IndicatorType.URL, "hxxps://Evil[.]COM:443/a/../b"),
                new Indicator(IndicatorType.DOMAIN, "EVIL.com"),
                new Indicator(IndicatorType.URL, "http://203.0.113.5/x"),
                new Indicator(IndicatorType.IPV4, "203.0.113.5")));
        assertEquals(
                List.of(
                        new Indicator(IndicatorType.IPV4, "203.0.113.5"),
                        new Indicator(IndicatorType.DOMAIN, "evil.com"),
                        new Indicator(IndicatorType.URL, "http://203.0.113.5/x"),
                        new Indicator(IndicatorType.URL, "https://evil.com/b")),
                out);
    }

    @Test
    void anIpv6UrlHostIsDerivedAsIpv6() throws Exception {
        List<Indicator> out =
                Canonicaliser.canonicalise(List.of(new Indicator(IndicatorType.URL, "http://[2001:DB8::1]/")));
        assertTrue(out.contains(new Indicator(IndicatorType.IPV6, "2001:db8::1")), out.toString());
    }

    @Test
    void theErrorNamesTheIndicatorThatFailed() {
        CanonicalisationException e = assertThrows(
                CanonicalisationException.class,
                () -> Canonicaliser.canonicalise(List.of(
                        new Indicator(IndicatorType.DOMAIN, "ok.example"),
                        new Indicator(IndicatorType.SHA256, "abc"))));
        assertTrue(e.getMessage().startsWith("indicators[1] (SHA256 'abc')"), e.getMessage());
    }

    @Test
    void removeDotSegmentsFollowsRfc3986() {
        assertEquals("/a/g", Urls.removeDotSegments("/a/b/c/./../../g"));
        assertEquals("mid/6", Urls.removeDotSegments("mid/content=5/../6"));
        assertEquals("/", Urls.removeDotSegments("/.."));
        assertEquals("/a/", Urls.removeDotSegments("/a/b/.."));
    }
}
