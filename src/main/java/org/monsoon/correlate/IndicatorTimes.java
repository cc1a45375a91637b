package org.monsoon.correlate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.monsoon.schema.IndicatorState;
import org.monsoon.schema.MemberSpan;
import org.monsoon.schema.MemberTimes;

/**
 * When each member observed one indicator (the times of its kept reports), and whether it correlates
 * as last told downstream: the small per-indicator summary the correlation check reads. Pure and
 * mutable; stored as {@link IndicatorState}.
 */
final class IndicatorTimes {
    private final Map<String, List<Long>> byMember = new TreeMap<>();
    private boolean correlated;

    IndicatorTimes(IndicatorState state) {
        if (state != null) {
            correlated = state.getCorrelated();
            state.getMembers().forEach(m -> byMember.put(m.getMember(), new ArrayList<>(m.getTimes())));
        }
    }

    boolean correlated() {
        return correlated;
    }

    /** Forgets times before {@code cutoff}. */
    void pruneBefore(long cutoff) {
        byMember.values().forEach(times -> times.removeIf(t -> t < cutoff));
        byMember.values().removeIf(List::isEmpty);
    }

    void set(String member, List<Long> times) {
        if (times.isEmpty()) {
            byMember.remove(member);
        } else {
            byMember.put(member, times);
        }
    }

    boolean isEmpty() {
        return byMember.isEmpty();
    }

    /** The members holding the indicator, in order. */
    List<String> members() {
        return new ArrayList<>(byMember.keySet());
    }

    /** The latest time kept, or {@link Long#MIN_VALUE}. */
    long latest() {
        return byMember.values().stream().mapToLong(times -> times.get(times.size() - 1)).max().orElse(Long.MIN_VALUE);
    }

    boolean check(long windowMs, int minCountries) {
        return CorrelationRule.correlated(byMember, windowMs, minCountries);
    }

    /** Each member's first and last sighting, in member order. */
    List<MemberSpan> spans() {
        List<MemberSpan> out = new ArrayList<>(byMember.size());
        byMember.forEach((member, times) -> out.add(new MemberSpan(member, times.get(0), times.get(times.size() - 1))));
        return out;
    }

    IndicatorState toState(boolean nowCorrelated) {
        List<MemberTimes> members = new ArrayList<>(byMember.size());
        byMember.forEach((member, times) -> members.add(new MemberTimes(member, times)));
        return new IndicatorState(nowCorrelated, members);
    }
}
