package org.monsoon.correlate;

import java.util.List;
import java.util.Map;

/**
 * An indicator that is correlated (reported by at least {@code min-countries} members within the
 * window), with each member's first and last sighting, and the reports that sighted it since the last
 * event (all of them in the window on the first event).
 *
 * @param members member code to {@code [first_seen, last_seen]} in epoch millis
 */
public record CorrelationEvent(String indicator, Map<String, long[]> members, List<ReportRef> reports, long time) {
}
