package org.monsoon.warninglist;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.monsoon.ingest.CanonicalisationException;
import org.monsoon.ingest.DomainNames;
import org.monsoon.ingest.IpAddresses;
import org.monsoon.schema.WarninglistEntry;
import org.monsoon.schema.WarninglistMatch;

/**
 * Builds warninglist entries in canonical form and the key each is stored under on the compacted
 * topic: the canonical value for STRING and HOSTNAME (so a lookup is one get), the network in CIDR
 * notation for CIDR ({@code 10.0.0.0/8}), and {@code substring:} / {@code regex:} prefixes for the
 * kinds that need a scan.
 */
public final class WarninglistEntries {
    public static final String SUBSTRING_PREFIX = "substring:";
    public static final String REGEX_PREFIX = "regex:";
    static final int MAX_REGEX = 256;
    static final int MAX_VALUE = 2048;

    private WarninglistEntries() {}

    /** The canonical entry for a raw value, or empty when the value has no canonical form of its kind. */
    public static Optional<WarninglistEntry> entry(
            WarninglistMatch match, String raw, String list, String description, Instant addedAt) {
        try {
            return Optional.of(new WarninglistEntry(canonicalValue(match, raw), match, list, description, addedAt));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The canonical value of an entry.
     *
     * @throws IllegalArgumentException with a one-line reason when the value cannot be an entry
     */
    public static String canonicalValue(WarninglistMatch match, String raw) {
        String value = raw == null ? "" : raw.strip();
        if (value.isEmpty() || value.length() > MAX_VALUE) {
            throw new IllegalArgumentException("a warninglist value has 1 to " + MAX_VALUE + " characters");
        }
        try {
            return switch (match) {
                case STRING, SUBSTRING -> value.toLowerCase(Locale.ROOT);
                case HOSTNAME -> DomainNames.canonical(value.toLowerCase(Locale.ROOT));
                case CIDR -> cidr(value);
                case REGEX -> regex(value);
            };
        } catch (CanonicalisationException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /** The topic key of an entry. */
    public static String key(WarninglistEntry entry) {
        return switch (entry.getMatch()) {
            case SUBSTRING -> SUBSTRING_PREFIX + entry.getValue();
            case REGEX -> REGEX_PREFIX + entry.getValue();
            default -> entry.getValue();
        };
    }

    /** {@code a.b.c.d/n} or an IPv6 network, with host bits cleared; a bare address is a /32 or /128. */
    static String cidr(String value) throws CanonicalisationException {
        String[] parts = value.split("/", 2);
        String address = parts[0];
        boolean v6 = address.contains(":");
        byte[] bytes;
        if (v6) {
            bytes = parse(IpAddresses.canonicalIpv6(address));
        } else {
            bytes = parse(IpAddresses.canonicalIpv4(address));
        }
        int max = bytes.length * 8;
        int length = parts.length == 2 ? Integer.parseInt(parts[1]) : max;
        if (length < 0 || length > max) {
            throw new CanonicalisationException("prefix length " + length + " out of range");
        }
        return network(bytes, length) + "/" + length;
    }

    /** The network address of {@code bytes} with the first {@code length} bits kept, in canonical text. */
    static String network(byte[] bytes, int length) {
        byte[] masked = bytes.clone();
        for (int bit = length; bit < masked.length * 8; bit++) {
            masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        if (masked.length == 4) {
            return (masked[0] & 0xff) + "." + (masked[1] & 0xff) + "." + (masked[2] & 0xff) + "." + (masked[3] & 0xff);
        }
        try {
            return IpAddresses.canonicalIpv6(InetAddress.getByAddress(masked).getHostAddress());
        } catch (UnknownHostException | CanonicalisationException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] parse(String canonicalIp) {
        try {
            if (canonicalIp.startsWith("::ffff:") && canonicalIp.contains(".")) {
                byte[] v4 = InetAddress.getByName(canonicalIp.substring(7)).getAddress();
                byte[] v6 = new byte[16];
                v6[10] = (byte) 0xff;
                v6[11] = (byte) 0xff;
                System.arraycopy(v4, 0, v6, 12, 4);
                return v6;
            }
            return InetAddress.getByName(canonicalIp).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(canonicalIp, e);
        }
    }

    /** MISP writes regexes as {@code /pattern/flags}; Monsoon keeps the pattern, case-insensitive. */
    static String regex(String value) {
        String pattern = value;
        if (pattern.length() > 2 && pattern.startsWith("/") && pattern.lastIndexOf('/') > 0) {
            pattern = pattern.substring(1, pattern.lastIndexOf('/'));
        }
        if (pattern.length() > MAX_REGEX) {
            throw new IllegalArgumentException("regex longer than " + MAX_REGEX);
        }
        RegexCache.compile(pattern); // refused now, with the reason, rather than ignored at match time
        return pattern;
    }
}
