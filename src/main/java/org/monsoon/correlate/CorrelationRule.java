package org.monsoon.correlate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.monsoon.schema.ReportLink;

/**
 * The contract's definition, as a pure function: an indicator is correlated when at least
 * {@code minCountries} distinct members observed it within {@code window} of each other, i.e. some
 * interval of length {@code window} holds a sighting from each of them. The sightings come ordered by
 * time (the correlate stage keeps them so), so the check is one linear pass, never a sort.
 */
public final class CorrelationRule {
    private CorrelationRule() {
    }

    /** @param byTime the reports holding the indicator, ordered by {@code observed_at} */
    public static boolean correlated(List<ReportLink> byTime, long windowMs, int minCountries) {
        if (byTime.size() < minCountries) {
            return false;
        }
        // Sliding window over time-ordered sightings, counting distinct members inside it.
        Map<String, Integer> inWindow = new HashMap<>();
        int start = 0;
        for (ReportLink sighting : byTime) {
            inWindow.merge(sighting.getReporter(), 1, Integer::sum);
            while (sighting.getObservedAt() - byTime.get(start).getObservedAt() > windowMs) {
                inWindow.computeIfPresent(byTime.get(start).getReporter(), (k, v) -> v == 1 ? null : v - 1);
                start++;
            }
            if (inWindow.size() >= minCountries) {
                return true;
            }
        }
        return false;
    }
}
