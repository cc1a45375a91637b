package org.monsoon.campaign;

import java.util.Map;
import java.util.TreeMap;

/** A campaign indicator's member spans: member code to {@code [first_seen, last_seen]}. */
public final class IndicatorSpans {
    public Map<String, long[]> members = new TreeMap<>();

    static IndicatorSpans of(Map<String, long[]> members) {
        IndicatorSpans spans = new IndicatorSpans();
        spans.members.putAll(members);
        return spans;
    }

    void merge(IndicatorSpans other) {
        other.members.forEach((m, span) -> members.merge(m, span, (a, b) ->
                new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])}));
    }
}
