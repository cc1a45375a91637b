package org.monsoon.ingest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.monsoon.schema.Indicator;
import org.monsoon.schema.IndicatorType;

/**
 * Canonical forms of indicators, so that the same observable reported by eleven CERTs with eleven
 * habits correlates: refang first, then the rule of the declared type. A URL also yields its host as
 * a derived DOMAIN or IP indicator.
 */
public final class Canonicaliser {
    private static final Pattern CVE = Pattern.compile("CVE-(\\d{4})-(\\d{4,7})");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    // Refanging, compiled once: it runs on every indicator of every report.
    private static final Pattern DEFANGED = Pattern.compile("(?i)^h[x]{2}p|^fxp|[\\[({]");
    private static final Pattern HXXP = Pattern.compile("(?i)^h[x]{2}p(s?)");
    private static final Pattern FXP = Pattern.compile("(?i)^fxp");
    private static final Pattern DOT_WORD = Pattern.compile("(?i)\\[dot]|\\(dot\\)|\\{dot}");
    private static final Pattern AT_WORD = Pattern.compile("(?i)\\[at]|\\(at\\)|\\{at}");
    private static final Pattern EMAIL_LOCAL =
            Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    private static final int MAX_MALWARE_NAME = 256;
    private static final Comparator<Indicator> ORDER =
            Comparator.comparing(Indicator::getType).thenComparing(Indicator::getValue);

    private Canonicaliser() {}

    /** An indicator of a report that has no canonical form: where it was, what it was, and why. */
    public record LeftOut(int index, IndicatorType type, String value, String reason) {
        /** {@code indicators[3] (IPV4 '45.77.12.3OO'): not an IPv4 address}, the value clipped. */
        @Override
        public String toString() {
            return "indicators[" + index + "] (" + type + " '" + ReportRules.clip(value) + "'): " + reason;
        }
    }

    /** A report's canonical indicators, and those left out. */
    public record Canonicalised(List<Indicator> indicators, List<LeftOut> leftOut) {}

    /**
     * The canonical indicators of a report: each canonicalised, URL hosts added, duplicates removed,
     * sorted by type and value so that equal content gives an equal list; an indicator with no
     * canonical form is left out and named, and the rest go on (the contract's partial acceptance).
     */
    public static Canonicalised canonicaliseEach(List<Indicator> indicators) {
        Set<Indicator> out = new LinkedHashSet<>();
        List<LeftOut> leftOut = new ArrayList<>();
        for (int i = 0; i < indicators.size(); i++) {
            Indicator raw = indicators.get(i);
            try {
                if (raw.getType() == IndicatorType.URL) {
                    Urls.Normalised url = Urls.normalise(refang(raw.getValue().strip()));
                    out.add(new Indicator(IndicatorType.URL, url.url()));
                    out.add(new Indicator(url.hostType(), url.host()));
                } else {
                    out.add(new Indicator(raw.getType(), canonical(raw.getType(), raw.getValue())));
                }
            } catch (CanonicalisationException e) {
                leftOut.add(new LeftOut(i, raw.getType(), raw.getValue(), e.getMessage()));
            }
        }
        List<Indicator> sorted = new ArrayList<>(out);
        sorted.sort(ORDER);
        return new Canonicalised(sorted, List.copyOf(leftOut));
    }

    /**
     * The canonical indicators of a report, all or nothing.
     *
     * @throws CanonicalisationException naming the first indicator that has no canonical form
     */
    public static List<Indicator> canonicalise(List<Indicator> indicators) throws CanonicalisationException {
        Canonicalised each = canonicaliseEach(indicators);
        if (!each.leftOut().isEmpty()) {
            throw new CanonicalisationException(each.leftOut().get(0).toString());
        }
        return each.indicators();
    }

    /** The canonical value of one indicator of the given type. */
    public static String canonical(IndicatorType type, String value) throws CanonicalisationException {
        String text = value.strip();
        if (text.isEmpty()) {
            throw new CanonicalisationException("empty value");
        }
        switch (type) {
            case IPV4:
                return IpAddresses.canonicalIpv4(refang(text));
            case IPV6:
                return IpAddresses.canonicalIpv6(refang(text));
            case DOMAIN:
                return DomainNames.canonical(refang(text));
            case URL:
                return Urls.normalise(refang(text)).url();
            case EMAIL:
                return email(refang(text));
            case MD5:
                return hash(text, 32, "MD5");
            case SHA1:
                return hash(text, 40, "SHA1");
            case SHA256:
                return hash(text, 64, "SHA256");
            case CVE:
                return cve(text);
            case MALWARE:
                return malware(text);
            default:
                throw new CanonicalisationException("unsupported type " + type);
        }
    }

    /**
     * Undoes the usual defanging: {@code hxxp(s)}, {@code [.]}, {@code (.)}, {@code {.}}, {@code [dot]},
     * {@code [:]}, {@code [://]}, {@code [at]}, {@code (at)}, {@code [@]}.
     */
    public static String refang(String text) {
        if (!DEFANGED.matcher(text).find()) {
            return text; // the common case: nothing to undo, no copy made
        }
        String out = HXXP.matcher(text).replaceAll("http$1");
        out = FXP.matcher(out).replaceAll("ftp").replace("[://]", "://").replace("[:]", ":");
        out = DOT_WORD.matcher(out)
                .replaceAll(".")
                .replace("[.]", ".")
                .replace("(.)", ".")
                .replace("{.}", ".");
        out = AT_WORD.matcher(out).replaceAll("@").replace("[@]", "@");
        return out;
    }

    private static String email(String text) throws CanonicalisationException {
        int at = text.lastIndexOf('@');
        if (at <= 0 || at == text.length() - 1) {
            throw new CanonicalisationException("'" + text + "' is not an e-mail address (local@domain)");
        }
        String local = text.substring(0, at);
        if (local.length() > 64 || !EMAIL_LOCAL.matcher(local).matches()) {
            throw new CanonicalisationException("'" + local + "' is not a valid e-mail local part");
        }
        return local + "@" + DomainNames.canonical(text.substring(at + 1));
    }

    private static String hash(String text, int length, String name) throws CanonicalisationException {
        String lower = text.toLowerCase(Locale.ROOT);
        // ASCII only: Character.digit would also take fullwidth and other scripts' digits.
        if (lower.length() != length
                || !lower.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new CanonicalisationException(
                    "a " + name + " is " + length + " hex digits; got " + lower.length() + " chars");
        }
        return lower;
    }

    private static String cve(String text) throws CanonicalisationException {
        String upper = text.toUpperCase(Locale.ROOT);
        var m = CVE.matcher(upper);
        if (!m.matches() || Integer.parseInt(m.group(1)) < 1999) {
            throw new CanonicalisationException("'" + text + "' is not a CVE id (CVE-YYYY-NNNN, year from 1999)");
        }
        return upper;
    }

    private static String malware(String text) throws CanonicalisationException {
        String name = WHITESPACE
                .matcher(ControlCharacters.stripLine(text))
                .replaceAll(" ")
                .strip()
                .toLowerCase(Locale.ROOT);
        if (name.isEmpty()) {
            throw new CanonicalisationException("empty value");
        }
        if (name.length() > MAX_MALWARE_NAME) {
            throw new CanonicalisationException("malware name longer than " + MAX_MALWARE_NAME + " chars");
        }
        return name;
    }
}
