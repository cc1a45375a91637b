package org.monsoon.ingest;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Canonical text forms of IP addresses: IPv4 dotted decimal without leading zeros (a leading zero is
 * refused, since inet_aton would read it as octal), IPv6 as RFC 5952 recommends.
 */
public final class IpAddresses {
    private static final Pattern IPV4 = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-fA-F:.]+");

    private IpAddresses() {}

    /** Whether {@code text} is an IPv4 address in dotted decimal. */
    public static boolean isIpv4(String text) {
        if (!IPV4.matcher(text).matches()) {
            return false;
        }
        for (String part : text.split("\\.")) {
            if (Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    /** The canonical IPv4 text, or an exception naming the problem. */
    public static String canonicalIpv4(String text) throws CanonicalisationException {
        if (!isIpv4(text)) {
            throw new CanonicalisationException("'" + text + "' is not an IPv4 address in dotted decimal "
                    + "(four numbers 0-255, no leading zeros)");
        }
        return text;
    }

    /** The RFC 5952 text of an IPv6 address (IPv4-mapped addresses keep their dotted tail). */
    public static String canonicalIpv6(String text) throws CanonicalisationException {
        if (!text.contains(":") || !IPV6_CHARS.matcher(text).matches()) {
            throw new CanonicalisationException("'" + text + "' is not an IPv6 address");
        }
        InetAddress address;
        try {
            // A literal with ':' is parsed, never looked up in DNS.
            address = InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new CanonicalisationException("'" + text + "' is not an IPv6 address");
        }
        if (address instanceof Inet4Address) {
            return "::ffff:" + address.getHostAddress();
        }
        return rfc5952(((Inet6Address) address).getAddress());
    }

    static String rfc5952(byte[] bytes) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        // The longest run of two or more zero groups is shortened to "::"; the first on a tie.
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
