package org.monsoon.correlate;

import org.monsoon.schema.IncidentReport;
import org.monsoon.schema.ReportLink;
import org.monsoon.schema.Tlp;

/** How a report is referred to between stages: by identity and the few attributes an advisory aggregates. */
public final class ReportLinks {
    private ReportLinks() {}

    /** The link of a canonical report: never its title, description or indicator list. */
    public static ReportLink of(IncidentReport report) {
        return new ReportLink(
                report.getReporter(),
                report.getReportId(),
                report.getObservedAt().toEpochMilli(),
                report.getReportedAt().toEpochMilli(),
                report.getTlp(),
                report.getSeverity(),
                report.getSector(),
                report.getCategory() + "/" + report.getType());
    }

    /** {@code <reporter>/<report_id>}, the identity of a report. */
    public static String key(ReportLink link) {
        return key(link.getReporter(), link.getReportId());
    }

    public static String key(String reporter, String reportId) {
        return reporter + "/" + reportId;
    }

    /** The member code of a report key. */
    public static String reporterOf(String reportKey) {
        int slash = reportKey.indexOf('/');
        return slash < 0 ? reportKey : reportKey.substring(0, slash);
    }

    /** Whether a report may be used in advisories (TLP CLEAR, GREEN or AMBER). */
    public static boolean shareable(Tlp tlp) {
        return !org.monsoon.ingest.ReportRules.restricted(tlp);
    }
}
