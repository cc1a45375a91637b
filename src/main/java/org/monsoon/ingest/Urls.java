package org.monsoon.ingest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.monsoon.schema.IndicatorType;

/**
 * RFC 3986 §6 normalisation of URLs: scheme and host lower case (host through {@link DomainNames} or
 * {@link IpAddresses}), default port dropped, dot-segments removed, percent-encoding normalised
 * (upper-case hex, unreserved characters decoded, other characters encoded as UTF-8), an empty path
 * as {@code /}. The fragment is dropped: it never leaves the client, so two URLs that differ only
 * there reach the same resource.
 */
public final class Urls {
    private static final Pattern URL =
            Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://([^/?#]*)([^?#]*)(\\?[^#]*)?(#.*)?", Pattern.DOTALL);
    private static final Map<String, Integer> DEFAULT_PORTS =
            Map.of("http", 80, "https", 443, "ftp", 21, "ws", 80, "wss", 443);
    private static final String UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
    private static final String ALLOWED_IN_PATH = UNRESERVED + "!$&'()*+,;=:@/%";
    private static final String ALLOWED_IN_QUERY = ALLOWED_IN_PATH + "?";

    /** A normalised URL and the host indicator it yields. */
    public record Normalised(String url, IndicatorType hostType, String host) {}

    private Urls() {}

    public static Normalised normalise(String text) throws CanonicalisationException {
        Matcher m = URL.matcher(text);
        if (!m.matches()) {
            throw new CanonicalisationException("'" + text + "' is not an absolute URL (scheme://host/...)");
        }
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        String authority = m.group(2);
        int at = authority.lastIndexOf('@');
        String userInfo = at >= 0 ? authority.substring(0, at + 1) : "";
        String hostPort = authority.substring(at + 1);
        String rawHost = hostPort;
        String port = "";
        int colon = hostPort.startsWith("[") ? hostPort.indexOf(':', hostPort.indexOf(']')) : hostPort.lastIndexOf(':');
        if (colon >= 0) {
            rawHost = hostPort.substring(0, colon);
            port = hostPort.substring(colon + 1);
        }
        IndicatorType hostType;
        String host;
        if (rawHost.startsWith("[") && rawHost.endsWith("]")) {
            hostType = IndicatorType.IPV6;
            host = IpAddresses.canonicalIpv6(rawHost.substring(1, rawHost.length() - 1));
        } else if (IpAddresses.isIpv4(rawHost)) {
            hostType = IndicatorType.IPV4;
            host = rawHost;
        } else {
            hostType = IndicatorType.DOMAIN;
            host = DomainNames.canonical(percentDecodeHost(rawHost));
        }
        StringBuilder out = new StringBuilder(scheme).append("://").append(encode(userInfo, ALLOWED_IN_PATH));
        out.append(hostType == IndicatorType.IPV6 ? "[" + host + "]" : host);
        out.append(port(scheme, port, text));
        String path = removeDotSegments(encode(m.group(3), ALLOWED_IN_PATH));
        out.append(path.isEmpty() ? "/" : path);
        if (m.group(4) != null) {
            out.append('?').append(encode(m.group(4).substring(1), ALLOWED_IN_QUERY));
        }
        return new Normalised(out.toString(), hostType, host);
    }

    private static String port(String scheme, String port, String text) throws CanonicalisationException {
        if (port.isEmpty()) {
            return "";
        }
        if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65535) {
            throw new CanonicalisationException("'" + text + "' has an invalid port '" + port + "'");
        }
        int number = Integer.parseInt(port);
        return DEFAULT_PORTS.getOrDefault(scheme, -1) == number ? "" : ":" + number;
    }

    private static String percentDecodeHost(String host) throws CanonicalisationException {
        if (!host.contains("%")) {
            return host;
        }
        try {
            return java.net.URLDecoder.decode(host.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new CanonicalisationException("host '" + host + "' has a broken percent-encoding");
        }
    }

    /** Normalises percent-encoding: decodes unreserved octets, upper-cases hex, encodes what is not allowed. */
    static String encode(String part, String allowed) throws CanonicalisationException {
        StringBuilder out = new StringBuilder(part.length());
        byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            if (b == '%') {
                if (i + 2 >= bytes.length
                        || Character.digit(bytes[i + 1], 16) < 0
                        || Character.digit(bytes[i + 2], 16) < 0) {
                    throw new CanonicalisationException("'" + part + "' has a broken percent-encoding");
                }
                int decoded = Character.digit(bytes[i + 1], 16) * 16 + Character.digit(bytes[i + 2], 16);
                if (UNRESERVED.indexOf(decoded) >= 0) {
                    out.append((char) decoded);
                } else {
                    out.append('%').append(hex(decoded));
                }
                i += 2;
            } else if (b < 0x80 && allowed.indexOf(b) >= 0) {
                out.append((char) b);
            } else {
                out.append('%').append(hex(b));
            }
        }
        return out.toString();
    }

    private static String hex(int b) {
        return String.format("%02X", b);
    }

    /** RFC 3986 §5.2.4. */
    static String removeDotSegments(String path) {
        Deque<String> output = new ArrayDeque<>();
        String[] segments = path.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if (segment.equals(".")) {
                if (last) {
                    output.addLast("");
                }
            } else if (segment.equals("..")) {
                if (output.size() > 1) {
                    output.removeLast();
                }
                if (last) {
                    output.addLast("");
                }
            } else {
                output.addLast(segment);
            }
        }
        return String.join("/", output);
    }
}
