package org.monsoon.correlate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.monsoon.schema.IndicatorState;
import org.monsoon.schema.MemberSpan;
import org.monsoon.schema.ReportLink;

/**
 * The reports holding one indicator, as the correlate stage keeps them: ordered by observation time,
 * one entry per report (its latest version), at most {@link #PER_MEMBER} per member. When a member
 * has more, its earliest observed report gives way, and the caller is told which, so that the report
 * stops counting downstream too: a member is never shown on the strength of a report no longer kept.
 * Pure and mutable; the stage stores it as {@link IndicatorState}.
 */
final class Holdings {
    /** Reports kept per member and indicator: bounds the state of the hottest indicator. */
    static final int PER_MEMBER = 8;

    private final List<ReportLink> reports;

    Holdings(IndicatorState state) {
        this.reports = state == null ? new ArrayList<>() : new ArrayList<>(state.getReports());
    }

    List<ReportLink> reports() {
        return reports;
    }

    ReportLink find(String reportKey) {
        for (ReportLink r : reports) {
            if (ReportLinks.key(r).equals(reportKey)) {
                return r;
            }
        }
        return null;
    }

    /**
     * Puts the report's current version in. Returns the key of a report that had to give way for it,
     * or the report's own key if it is older than every kept report of its member and is not kept, or
     * null.
     */
    String put(ReportLink link) {
        String key = ReportLinks.key(link);
        reports.removeIf(r -> ReportLinks.key(r).equals(key));
        int at = 0;
        while (at < reports.size() && reports.get(at).getObservedAt() <= link.getObservedAt()) {
            at++;
        }
        reports.add(at, link);
        int ofMember = 0;
        ReportLink earliest = null;
        for (ReportLink r : reports) {
            if (r.getReporter().equals(link.getReporter())) {
                ofMember++;
                earliest = earliest == null ? r : earliest;
            }
        }
        if (ofMember > PER_MEMBER) {
            reports.remove(earliest);
            return ReportLinks.key(earliest);
        }
        return null;
    }

    boolean remove(String reportKey) {
        return reports.removeIf(r -> ReportLinks.key(r).equals(reportKey));
    }

    /** Forgets reports observed before {@code cutoff}. */
    void pruneBefore(long cutoff) {
        reports.removeIf(r -> r.getObservedAt() < cutoff);
    }

    /** The latest observation time kept, or {@link Long#MIN_VALUE}. */
    long latest() {
        return reports.isEmpty() ? Long.MIN_VALUE : reports.get(reports.size() - 1).getObservedAt();
    }

    /** Each member's first and last sighting, in member order. */
    List<MemberSpan> spans() {
        Map<String, long[]> spans = new TreeMap<>();
        for (ReportLink r : reports) {
            long t = r.getObservedAt();
            spans.merge(r.getReporter(), new long[] {t, t},
                    (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        }
        List<MemberSpan> out = new ArrayList<>(spans.size());
        spans.forEach((member, span) -> out.add(new MemberSpan(member, span[0], span[1])));
        return out;
    }

    IndicatorState toState(boolean correlated) {
        return new IndicatorState(correlated, reports);
    }
}
