package org.monsoon.correlate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The contract's definition, as a pure function: an indicator is correlated when at least
 * {@code minCountries} distinct members observed it within {@code window} of each other, i.e. some
 * interval of length {@code window} holds a sighting from each of them.
 */
public final class CorrelationRule {
    private CorrelationRule() {
    }

    /** @param sightings member code to the event times of its sightings */
    public static boolean correlated(Map<String, List<Long>> sightings, long windowMs, int minCountries) {
        if (sightings.size() < minCountries) {
            return false;
        }
        List<long[]> events = new ArrayList<>();
        List<String> members = new ArrayList<>(sightings.keySet());
        for (int m = 0; m < members.size(); m++) {
            for (long t : sightings.get(members.get(m))) {
                events.add(new long[] {t, m});
            }
        }
        events.sort((a, b) -> Long.compare(a[0], b[0]));
        // Sliding window over time-ordered sightings, counting distinct members inside it.
        Map<Long, Integer> inWindow = new HashMap<>();
        int start = 0;
        for (long[] event : events) {
            inWindow.merge(event[1], 1, Integer::sum);
            while (event[0] - events.get(start)[0] > windowMs) {
                inWindow.computeIfPresent(events.get(start)[1], (k, v) -> v == 1 ? null : v - 1);
                start++;
            }
            if (inWindow.size() >= minCountries) {
                return true;
            }
        }
        return false;
    }
}
