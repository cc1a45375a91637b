package org.monsoon.correlate;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The contract's definition, as a pure function: an indicator is correlated when at least
 * {@code minCountries} distinct members observed it within {@code window} of each other, i.e. some
 * interval of length {@code window} holds a sighting from each of them. The correlate stage keeps at
 * most a few times per member, so the check works on a few dozen primitive values.
 */
public final class CorrelationRule {
    private CorrelationRule() {}

    /** @param sightings member code to the event times of its sightings */
    public static boolean correlated(Map<String, List<Long>> sightings, long windowMs, int minCountries) {
        if (sightings.size() < minCountries) {
            return false;
        }
        if (sightings.size() > MAX_PACKED_MEMBERS) {
            return correlatedBoxed(sightings, windowMs, minCountries);
        }
        int n = 0;
        int observing = 0;
        long earliest = Long.MAX_VALUE;
        long latest = Long.MIN_VALUE;
        for (List<Long> times : sightings.values()) {
            n += times.size();
            observing += times.isEmpty() ? 0 : 1;
            for (long t : times) {
                earliest = Math.min(earliest, t);
                latest = Math.max(latest, t);
            }
        }
        // The common case needs no sort: every sighting lies in one window, so enough members do too.
        // (A negative difference is an overflow of far-apart times: left to the full check.)
        long span = latest - earliest;
        if (observing >= minCountries && span >= 0 && span <= windowMs) {
            return true;
        }
        // Each sighting packed as (time, member) into one long, so that a primitive sort orders them by
        // time: this runs twice per sighting on the stream thread, and boxing showed in its profile.
        long[] packed = new long[n];
        int i = 0;
        int m = 0;
        for (List<Long> memberTimes : sightings.values()) {
            for (long t : memberTimes) {
                if (t < 0 || t > MAX_PACKED_TIME) {
                    return correlatedBoxed(sightings, windowMs, minCountries);
                }
                packed[i++] = (t << MEMBER_BITS) | m;
            }
            m++;
        }
        Arrays.sort(packed);
        // Sliding window over time-ordered sightings, counting distinct members inside it.
        int[] inWindow = new int[m];
        int distinct = 0;
        int start = 0;
        for (int k = 0; k < n; k++) {
            long time = packed[k] >>> MEMBER_BITS;
            if (inWindow[(int) (packed[k] & MEMBER_MASK)]++ == 0) {
                distinct++;
            }
            while (time - (packed[start] >>> MEMBER_BITS) > windowMs) {
                if (--inWindow[(int) (packed[start] & MEMBER_MASK)] == 0) {
                    distinct--;
                }
                start++;
            }
            if (distinct >= minCountries) {
                return true;
            }
        }
        return false;
    }

    private static final int MEMBER_BITS = 8;
    private static final long MEMBER_MASK = (1L << MEMBER_BITS) - 1;
    private static final int MAX_PACKED_MEMBERS = 1 << MEMBER_BITS;
    private static final long MAX_PACKED_TIME = Long.MAX_VALUE >>> MEMBER_BITS;

    /** The same check for times outside the packed range (before 1970, or absurdly far ahead). */
    static boolean correlatedBoxed(Map<String, List<Long>> sightings, long windowMs, int minCountries) {
        if (sightings.size() < minCountries) {
            return false;
        }
        int n = 0;
        for (List<Long> times : sightings.values()) {
            n += times.size();
        }
        long[] times = new long[n];
        int[] members = new int[n];
        Integer[] order = new Integer[n];
        int i = 0;
        int m = 0;
        for (List<Long> memberTimes : sightings.values()) {
            for (long t : memberTimes) {
                times[i] = t;
                members[i] = m;
                order[i] = i;
                i++;
            }
            m++;
        }
        Arrays.sort(order, (a, b) -> Long.compare(times[a], times[b]));
        int[] inWindow = new int[m];
        int distinct = 0;
        int start = 0;
        for (int k = 0; k < n; k++) {
            int e = order[k];
            if (inWindow[members[e]]++ == 0) {
                distinct++;
            }
            // Times are in order, so the difference is exact read as unsigned, however far apart they are.
            while (Long.compareUnsigned(times[e] - times[order[start]], windowMs) > 0) {
                if (--inWindow[members[order[start]]] == 0) {
                    distinct--;
                }
                start++;
            }
            if (distinct >= minCountries) {
                return true;
            }
        }
        return false;
    }
}
