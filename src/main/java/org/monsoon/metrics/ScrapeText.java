package org.monsoon.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * The Prometheus text exposition without NaN samples. A gauge that has nothing to say yet (an average
 * over no observations, a Kafka client's latency before its first request) is NaN; Prometheus stores
 * NaN as a value, so graphs and comparisons read it as data. Leaving such a sample out is what the
 * exposition format means by "no value". A family left with no sample loses its HELP and TYPE lines.
 */
public final class ScrapeText {
    private ScrapeText() {}

    /** {@code text} with every sample whose value is NaN left out. */
    public static String withoutNaN(String text) {
        StringBuilder out = new StringBuilder(text.length());
        List<String> metadata = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("#")) {
                if (line.startsWith("# HELP ")) {
                    metadata.clear(); // a new family: the one held before showed no sample
                }
                if (!line.startsWith("# EOF")) {
                    metadata.add(line); // held until the family shows a sample
                }
                continue;
            }
            if (line.isEmpty() || isNaN(line)) {
                continue;
            }
            if (!metadata.isEmpty()) {
                metadata.forEach(m -> out.append(m).append('\n'));
                metadata.clear();
            }
            out.append(line).append('\n');
        }
        if (text.startsWith("# EOF") || text.contains("\n# EOF")) {
            out.append("# EOF\n"); // OpenMetrics' end marker stays last
        }
        return out.toString();
    }

    private static boolean isNaN(String sample) {
        // A sample is "name{labels} value [timestamp]"; label values may hold spaces, so the value is
        // read after the closing brace when there is one.
        int close = sample.lastIndexOf('}');
        String rest = (close >= 0 ? sample.substring(close + 1) : sample.substring(sample.indexOf(' ') + 1)).trim();
        int space = rest.indexOf(' ');
        String value = space < 0 ? rest : rest.substring(0, space);
        return value.equals("NaN");
    }
}
