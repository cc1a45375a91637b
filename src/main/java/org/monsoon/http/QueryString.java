package org.monsoon.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The parameters of a raw query string, percent-decoded, each with its values in order. */
public final class QueryString {
    private QueryString() {}

    /** {@code a=1&b=2&a=3} → {a: [1, 3], b: [2]}; IllegalArgumentException on malformed percent-encoding. */
    public static Map<String, List<String>> parse(String raw) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            params.computeIfAbsent(key, k -> new ArrayList<>()).add(eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return params;
    }

    /** A percent-decoded path segment or parameter. */
    public static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed percent-encoding in '" + text + "'");
        }
    }
}
