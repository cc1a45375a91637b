package org.monsoon.warninglist;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.monsoon.ingest.IpAddresses;
import org.monsoon.schema.IndicatorType;
import org.monsoon.schema.WarninglistEntry;
import org.monsoon.schema.WarninglistMatch;

/**
 * Decides whether a canonical indicator is known-benign, with MISP's match types: {@code string}
 * (exact), {@code hostname} (the name or any subdomain; URL hosts too), {@code cidr} (an address inside
 * the network), {@code substring}, and {@code regex}. Exact, hostname and CIDR checks are point
 * lookups (one per parent domain, one per prefix length); substring and regex entries come from a
 * supplier the caller caches, since they need a scan. Regexes run on a budget of character reads so a
 * pathological pattern cannot stall the pipeline.
 */
public final class WarninglistMatcher {
    static final int REGEX_BUDGET = 100_000;

    private final Function<String, WarninglistEntry> lookup;
    private final java.util.function.Supplier<List<WarninglistEntry>> scanned;

    /**
     * @param lookup the entry stored under a key, or null
     * @param scanned the substring and regex entries (cached by the caller)
     */
    public WarninglistMatcher(Function<String, WarninglistEntry> lookup,
                              java.util.function.Supplier<List<WarninglistEntry>> scanned) {
        this.lookup = lookup;
        this.scanned = scanned;
    }

    public Optional<WarninglistEntry> match(IndicatorType type, String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        WarninglistEntry exact = lookup.apply(lower);
        if (exact != null && (exact.getMatch() == WarninglistMatch.STRING
                || exact.getMatch() == WarninglistMatch.HOSTNAME)) {
            return Optional.of(exact);
        }
        Optional<WarninglistEntry> found = switch (type) {
            case DOMAIN -> hostname(lower);
            case IPV4, IPV6 -> cidr(lower);
            case URL -> urlHost(lower);
            default -> Optional.empty();
        };
        return found.isPresent() ? found : scan(lower);
    }

    private Optional<WarninglistEntry> urlHost(String url) {
        int start = url.indexOf("://") + 3;
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        String host = url.substring(start, end).replaceFirst("^.*@", "");
        if (host.startsWith("[")) {
            return cidr(host.substring(1, host.indexOf(']')));
        }
        host = host.replaceFirst(":\\d+$", "");
        if (IpAddresses.isIpv4(host)) {
            return cidr(host);
        }
        WarninglistEntry exact = lookup.apply(host);
        return exact != null && exact.getMatch() == WarninglistMatch.HOSTNAME ? Optional.of(exact) : hostname(host);
    }

    private Optional<WarninglistEntry> hostname(String domain) {
        String name = domain;
        int dot;
        while ((dot = name.indexOf('.')) >= 0) {
            name = name.substring(dot + 1);
            WarninglistEntry parent = lookup.apply(name);
            if (parent != null && parent.getMatch() == WarninglistMatch.HOSTNAME) {
                return Optional.of(parent);
            }
        }
        return Optional.empty();
    }

    private Optional<WarninglistEntry> cidr(String ip) {
        byte[] bytes;
        try {
            bytes = WarninglistEntries.parse(ip);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        for (int length = bytes.length * 8; length >= 0; length--) {
            WarninglistEntry entry = lookup.apply(WarninglistEntries.network(bytes, length) + "/" + length);
            if (entry != null && entry.getMatch() == WarninglistMatch.CIDR) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    private Optional<WarninglistEntry> scan(String value) {
        for (WarninglistEntry entry : scanned.get()) {
            if (entry.getMatch() == WarninglistMatch.SUBSTRING && value.contains(entry.getValue())) {
                return Optional.of(entry);
            }
            if (entry.getMatch() == WarninglistMatch.REGEX && regexMatches(entry.getValue(), value)) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    static boolean regexMatches(String pattern, String value) {
        try {
            return Pattern.compile(pattern, Pattern.CASE_INSENSITIVE).matcher(new BudgetedChars(value)).find();
        } catch (RuntimeException e) {
            return false; // a pattern that cannot decide within budget does not suppress anything
        }
    }

    /** A CharSequence that gives up after a fixed number of reads, bounding regex backtracking. */
    private static final class BudgetedChars implements CharSequence {
        static final class Exhausted extends RuntimeException {
            Exhausted() {
                super("regex budget exhausted", null, false, false);
            }
        }

        private final String text;
        private final int[] budget;

        BudgetedChars(String text) {
            this(text, new int[] {REGEX_BUDGET});
        }

        private BudgetedChars(String text, int[] budget) {
            this.text = text;
            this.budget = budget;
        }

        @Override
        public char charAt(int index) {
            if (--budget[0] < 0) {
                throw new Exhausted();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new BudgetedChars(text.substring(start, end), budget);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
