package org.monsoon.ingest;

import com.ibm.icu.text.IDNA;

/**
 * Canonical domain names: lower case, no trailing dot, internationalised labels as A-labels.
 *
 * <p>ICU4J's UTS #46 processing is used in non-transitional mode, which gives IDNA 2008 results
 * ({@code faß.de} stays distinct from {@code fass.de}); {@code java.net.IDN} implements only IDNA 2003,
 * which maps such names differently from today's browsers and registries. STD3 rules keep to
 * letters, digits and hyphens, so a value with spaces or other punctuation is refused.
 */
public final class DomainNames {
    private static final IDNA UTS46 = IDNA.getUTS46Instance(IDNA.NONTRANSITIONAL_TO_ASCII
            | IDNA.CHECK_BIDI
            | IDNA.CHECK_CONTEXTJ
            | IDNA.CHECK_CONTEXTO
            | IDNA.USE_STD3_RULES);
    private static final int MAX_LENGTH = 253;

    private DomainNames() {}

    public static String canonical(String text) throws CanonicalisationException {
        String name = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        if (name.isEmpty()) {
            throw new CanonicalisationException("empty domain name");
        }
        StringBuilder ascii = new StringBuilder();
        IDNA.Info info = new IDNA.Info();
        UTS46.nameToASCII(name, ascii, info);
        if (info.hasErrors()) {
            throw new CanonicalisationException(
                    "'" + text + "' is not a valid domain name (IDNA: " + info.getErrors() + ")");
        }
        // UTS #46 maps the ideographic and fullwidth full stops (U+3002, U+FF0E, U+FF61) to '.', so the
        // trailing root dot can only be judged after mapping: google.com<U+3002> is google.com.
        String result = ascii.toString();
        if (result.endsWith(".")) {
            result = result.substring(0, result.length() - 1);
        }
        if (result.isEmpty() || result.endsWith(".")) {
            throw new CanonicalisationException("'" + text + "' is not a valid domain name (empty label)");
        }
        if (result.length() > MAX_LENGTH) {
            throw new CanonicalisationException(
                    "domain name of " + result.length() + " chars, more than " + MAX_LENGTH);
        }
        if (!result.contains(".")) {
            throw new CanonicalisationException("'" + text + "' has a single label; a domain needs at least two");
        }
        if (IpAddresses.isIpv4(result)) {
            throw new CanonicalisationException("'" + text + "' is an IPv4 address, not a domain name");
        }
        return result;
    }
}
