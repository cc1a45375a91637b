package org.monsoon.warninglist;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.monsoon.ingest.IpAddresses;
import org.monsoon.schema.IndicatorType;
import org.monsoon.schema.WarninglistEntry;
import org.monsoon.schema.WarninglistMatch;

/**
 * Decides whether a canonical indicator is known-benign, with MISP's match types: {@code string}
 * (exact), {@code hostname} (the name or any subdomain; URL hosts too), {@code cidr} (an address inside
 * the network), {@code substring}, and {@code regex}. Exact, hostname and CIDR checks are point
 * lookups (one per parent domain, one per prefix length); substring and regex entries come from a
 * supplier the caller caches, since they need a scan. Regexes run on RE2/J, in linear time, so a
 * pathological pattern cannot stall the pipeline.
 */
public final class WarninglistMatcher {
    /** The longest part of a value a regex entry is run on. */
    static final int MAX_REGEX_INPUT = 4_096;

    private final Function<String, WarninglistEntry> lookup;
    private final java.util.function.Supplier<List<WarninglistEntry>> scanned;

    /**
     * @param lookup the entry stored under a key, or null
     * @param scanned the substring and regex entries (cached by the caller)
     */
    public WarninglistMatcher(
            Function<String, WarninglistEntry> lookup, java.util.function.Supplier<List<WarninglistEntry>> scanned) {
        this.lookup = lookup;
        this.scanned = scanned;
    }

    public Optional<WarninglistEntry> match(IndicatorType type, String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        WarninglistEntry exact = lookup.apply(lower);
        if (exact != null
                && (exact.getMatch() == WarninglistMatch.STRING || exact.getMatch() == WarninglistMatch.HOSTNAME)) {
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
        com.google.re2j.Pattern compiled = RegexCache.compiled(pattern);
        // RE2 runs in time linear in the input, so no entry can make a value expensive; the input is
        // still capped, since an indicator value has at most 2,048 characters.
        return compiled != null
                && compiled.matcher(value.length() <= MAX_REGEX_INPUT ? value : value.substring(0, MAX_REGEX_INPUT))
                        .find();
    }
}
