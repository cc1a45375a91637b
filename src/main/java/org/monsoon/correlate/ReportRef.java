package org.monsoon.correlate;

import java.util.List;
import org.monsoon.schema.IncidentReport;
import org.monsoon.schema.Severity;
import org.monsoon.schema.Tlp;

/**
 * What later stages need of a shareable report: who, when, how sensitive and severe, what kind, and the
 * keys of all its canonical indicators (they connect correlated indicators into campaigns). Never
 * built from a RED or AMBER_STRICT report.
 */
public record ReportRef(String reporter, String reportId, long observedAt, long reportedAt, Tlp tlp,
                        Severity severity, String category, String type, String sector, String title,
                        List<String> indicators) {

    public static ReportRef of(IncidentReport report) {
        return new ReportRef(report.getReporter(), report.getReportId(), report.getObservedAt().toEpochMilli(),
                report.getReportedAt().toEpochMilli(), report.getTlp(), report.getSeverity(), report.getCategory(), report.getType(), report.getSector(),
                report.getTitle(), report.getIndicators().stream()
                        .map(i -> IndicatorKey.of(i.getType(), i.getValue())).toList());
    }

    /** {@code <reporter>/<report_id>}, the identity of a report. */
    public String key() {
        return reporter + "/" + reportId;
    }
}
