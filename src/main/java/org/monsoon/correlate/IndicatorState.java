package org.monsoon.correlate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the correlate stage keeps per indicator, only within the window: each member's sighting times
 * (the latest few, enough to decide correlation), the shareable reports that sighted it while it was
 * not yet correlated (bounded), and whether it is correlated now. Mutable, JSON in the store.
 */
public final class IndicatorState {
    static final int MAX_TIMES_PER_MEMBER = 16;
    static final int MAX_REPORTS = 200;

    public Map<String, List<Long>> sightings = new HashMap<>();
    public List<ReportRef> reports = new ArrayList<>();
    public boolean correlated;

    /**
     * Adds a sighting. The report itself is kept only while the indicator is not correlated yet: those
     * are the reports the first correlation event must carry; afterwards each event carries its own
     * report, so state stays small for the popular indicators that see the most traffic.
     */
    void add(ReportRef report, boolean keepReport) {
        if (keepReport) {
            reports.removeIf(r -> r.key().equals(report.key()));
            reports.add(report);
            if (reports.size() > MAX_REPORTS) {
                reports.remove(0);
            }
        }
        List<Long> times = sightings.computeIfAbsent(report.reporter(), m -> new ArrayList<>());
        if (!times.contains(report.observedAt())) {
            times.add(report.observedAt());
            times.sort(null);
            if (times.size() > MAX_TIMES_PER_MEMBER) {
                times.remove(0);
            }
        }
    }

    /** Forgets everything observed before {@code cutoff}. */
    void evictBefore(long cutoff) {
        sightings.values().forEach(times -> times.removeIf(t -> t < cutoff));
        sightings.values().removeIf(List::isEmpty);
        reports.removeIf(r -> r.observedAt() < cutoff);
    }

    boolean isEmpty() {
        return sightings.isEmpty();
    }

    /** Each member's {@code [first, last]} sighting time. */
    Map<String, long[]> memberSpans() {
        Map<String, long[]> spans = new HashMap<>();
        sightings.forEach((member, times) -> spans.put(member, new long[] {times.get(0), times.get(times.size() - 1)}));
        return spans;
    }
}
