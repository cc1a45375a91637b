package org.monsoon.correlate;

import java.util.ArrayList;
import java.util.List;
import org.monsoon.schema.MemberReports;
import org.monsoon.schema.ReportLink;

/**
 * The reports of one member holding one indicator, as the correlate stage keeps them: ordered by
 * observation time, one entry per report (its latest version), at most {@link #PER_MEMBER}. When there
 * are more, the earliest observed report gives way: it no longer counts towards the member's times
 * (the correlation check and the spans), which keeps the hottest indicator's state small.
 * Pure and mutable; the stage stores it as {@link MemberReports}.
 */
final class Holdings {
    /** Reports kept per member and indicator: bounds the state of the hottest indicator. */
    static final int PER_MEMBER = 8;

    private final List<ReportLink> reports;

    Holdings(MemberReports stored) {
        this.reports = stored == null ? new ArrayList<>() : new ArrayList<>(stored.getReports());
    }

    List<ReportLink> reports() {
        return reports;
    }

    /** The kept version of the report, or null. Compared field by field: this runs for every sighting. */
    ReportLink find(String reporter, String reportId) {
        for (ReportLink r : reports) {
            if (same(r, reporter, reportId)) {
                return r;
            }
        }
        return null;
    }

    private static boolean same(ReportLink link, String reporter, String reportId) {
        return link.getReportId().equals(reportId) && link.getReporter().equals(reporter);
    }

    /** Puts the report's current version in; the earliest kept report gives way when there are too many. */
    void put(ReportLink link) {
        remove(link.getReporter(), link.getReportId());
        int at = 0;
        while (at < reports.size() && reports.get(at).getObservedAt() <= link.getObservedAt()) {
            at++;
        }
        reports.add(at, link);
        if (reports.size() > PER_MEMBER) {
            reports.remove(0);
        }
    }

    boolean remove(String reporter, String reportId) {
        return reports.removeIf(r -> same(r, reporter, reportId));
    }

    /** Forgets reports observed before {@code cutoff}; whether any was. */
    boolean pruneBefore(long cutoff) {
        return reports.removeIf(r -> r.getObservedAt() < cutoff);
    }

    /** The observation times kept, ascending. */
    List<Long> times() {
        List<Long> times = new ArrayList<>(reports.size());
        reports.forEach(r -> times.add(r.getObservedAt()));
        return times;
    }

    MemberReports toStored() {
        return new MemberReports(reports);
    }
}
