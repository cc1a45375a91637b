package org.monsoon.advisory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.monsoon.schema.AdvisoryIndicator;

/**
 * Keeps an advisory's indicator list within a byte budget. A campaign can grow without bound (a
 * phishing kit spawning thousands of URLs of up to 2 KiB each), but a Kafka record cannot: past the
 * default 1 MiB limit the producer would refuse the advisory and the stream thread would fail on
 * every retry. When the list is too large, the indicators seen by the most members are listed, the
 * most recently seen first among equals; the rest stay in the campaign and in the indicator API.
 */
public final class IndicatorBudget {
    /** Leaves room under 1 MiB for the header, title, summary, actions and the record's overhead. */
    public static final int DEFAULT_BYTES = 768 * 1024;

    /** Most members first, then most recently seen, then by type and value so the choice is stable. */
    private static final Comparator<AdvisoryIndicator> PRIORITY = Comparator.comparingInt(
                    (AdvisoryIndicator i) -> -i.getCountries().size())
            .thenComparing(AdvisoryIndicator::getLastSeen, Comparator.reverseOrder())
            .thenComparing(AdvisoryIndicator::getType)
            .thenComparing(AdvisoryIndicator::getValue);

    private IndicatorBudget() {}

    /**
     * The indicators to list, in the order given, within {@code budgetBytes} of Avro encoding: all of
     * them when they fit, otherwise the highest-priority ones that do.
     */
    public static List<AdvisoryIndicator> fit(List<AdvisoryIndicator> indicators, int budgetBytes) {
        long total = 0;
        for (AdvisoryIndicator indicator : indicators) {
            total += encodedSize(indicator);
        }
        if (total <= budgetBytes) {
            return indicators;
        }
        List<AdvisoryIndicator> byPriority = new ArrayList<>(indicators);
        byPriority.sort(PRIORITY);
        Set<AdvisoryIndicator> chosen = Collections.newSetFromMap(new IdentityHashMap<>());
        long used = 0;
        for (AdvisoryIndicator indicator : byPriority) {
            int size = encodedSize(indicator);
            if (used + size > budgetBytes) {
                break;
            }
            used += size;
            chosen.add(indicator);
        }
        return indicators.stream().filter(chosen::contains).toList();
    }

    /**
     * An upper bound of the indicator's Avro binary size: the value's UTF-8 bytes with its length,
     * three bytes per two-letter country, and the enum, array framing and two timestamps.
     */
    static int encodedSize(AdvisoryIndicator indicator) {
        return utf8Length(indicator.getValue())
                + 5
                + 3 * indicator.getCountries().size()
                + 2
                + 1
                + 20;
    }

    private static int utf8Length(CharSequence text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
