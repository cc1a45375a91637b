package org.monsoon.correlate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.monsoon.schema.IndicatorState;
import org.monsoon.schema.MemberSpan;
import org.monsoon.schema.MemberTimes;
import org.monsoon.schema.ReportBucket;
import org.monsoon.schema.RestrictedHolding;

/**
 * When each member observed one indicator (the times of its kept reports), and whether it correlates
 * as last told downstream: the small per-indicator summary the correlation check reads. Pure and
 * mutable; stored as {@link IndicatorState}.
 *
 * <p>It shares the stored state's lists of times instead of copying them (this runs for every
 * sighting, and the copies showed in the profile), so it never changes a list it was given: pruning
 * and {@link #set} replace a member's list. The state read from the store may be the very object the
 * store holds for other readers.
 */
final class IndicatorTimes {
    /** Restricted reports kept per member: enough to tell the member, bounded like the shareable ones. */
    static final int RESTRICTED_PER_MEMBER = Holdings.PER_MEMBER;

    private final Map<String, List<Long>> byMember = new TreeMap<>();
    private final List<RestrictedHolding> restricted = new ArrayList<>();
    private final Map<String, String> notified = new java.util.HashMap<>();
    private final List<ReportBucket> buckets = new ArrayList<>();
    private boolean correlated;
    private boolean hub;

    IndicatorTimes(IndicatorState state) {
        if (state != null) {
            correlated = state.getCorrelated();
            hub = state.getHub();
            buckets.addAll(state.getReportBuckets());
            for (MemberTimes member : state.getMembers()) {
                byMember.put(member.getMember(), member.getTimes());
            }
            restricted.addAll(state.getRestricted());
            notified.putAll(state.getNotified());
        }
    }

    boolean correlated() {
        return correlated;
    }

    /** Whether the indicator has been a hub since it last became correlated. */
    boolean hub() {
        return hub;
    }

    void hub(boolean value) {
        hub = value;
    }

    /** The count of shareable reports holding the indicator, by observation time. */
    List<ReportBucket> reportBuckets() {
        return buckets;
    }

    void reportBuckets(List<ReportBucket> value) {
        buckets.clear();
        buckets.addAll(value);
    }

    /** Forgets times, and restricted reports, observed before {@code cutoff}; whether a shareable time was. */
    boolean pruneBefore(long cutoff) {
        boolean pruned = false;
        for (var it = byMember.entrySet().iterator(); it.hasNext(); ) {
            var entry = it.next();
            List<Long> times = entry.getValue();
            int before = 0;
            for (long t : times) {
                before += t < cutoff ? 1 : 0;
            }
            if (times.isEmpty()) {
                it.remove();
            } else if (before == times.size()) {
                it.remove();
                pruned = true;
            } else if (before > 0) {
                List<Long> kept = new ArrayList<>(times.size() - before);
                for (Long t : times) {
                    if (t >= cutoff) {
                        kept.add(t);
                    }
                }
                entry.setValue(kept);
                pruned = true;
            }
        }
        if (!restricted.isEmpty()) {
            restricted.removeIf(r -> r.getObservedAt() < cutoff);
        }
        return pruned;
    }

    /** Records that a restricted report holds the indicator (its earliest gives way past the bound). */
    void putRestricted(String member, String reportId, long observedAt) {
        removeRestricted(member, reportId);
        restricted.add(new RestrictedHolding(member, reportId, observedAt));
        // One pass, no sort: a popular indicator keeps hundreds of these, and this runs per sighting.
        int mine = 0;
        RestrictedHolding earliest = null;
        for (RestrictedHolding holding : restricted) {
            if (holding.getMember().equals(member)) {
                mine++;
                if (earliest == null || holding.getObservedAt() < earliest.getObservedAt()) {
                    earliest = holding;
                }
            }
        }
        if (mine > RESTRICTED_PER_MEMBER) {
            restricted.remove(earliest);
        }
    }

    /** Whether a restricted report held the indicator. */
    boolean removeRestricted(String member, String reportId) {
        return restricted.removeIf(
                r -> r.getMember().equals(member) && r.getReportId().equals(reportId));
    }

    List<RestrictedHolding> restricted() {
        return restricted;
    }

    /** Per restricted member, the members its last notice named (comma-separated). */
    Map<String, String> notified() {
        return notified;
    }

    /** Each member's kept observation times. */
    Map<String, List<Long>> byMember() {
        return byMember;
    }

    void set(String member, List<Long> times) {
        if (times.isEmpty()) {
            byMember.remove(member);
        } else {
            byMember.put(member, times);
        }
    }

    boolean isEmpty() {
        return byMember.isEmpty() && restricted.isEmpty() && notified.isEmpty() && buckets.isEmpty();
    }

    /** The members holding the indicator, in order. */
    List<String> members() {
        return new ArrayList<>(byMember.keySet());
    }

    /** The latest time kept, or {@link Long#MIN_VALUE}. */
    long latest() {
        // Plain loops: this runs for every sighting, and the streams it replaced showed in the profile.
        long latest = Long.MIN_VALUE;
        for (List<Long> times : byMember.values()) {
            latest = Math.max(latest, times.get(times.size() - 1));
        }
        for (RestrictedHolding holding : restricted) {
            latest = Math.max(latest, holding.getObservedAt());
        }
        return latest;
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
        return new IndicatorState(
                nowCorrelated,
                members,
                new ArrayList<>(restricted),
                new java.util.HashMap<>(notified),
                new ArrayList<>(buckets),
                nowCorrelated && hub);
    }
}
