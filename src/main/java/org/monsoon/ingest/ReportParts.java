package org.monsoon.ingest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.monsoon.schema.IncidentReport;
import org.monsoon.schema.Indicator;

/**
 * Splits a report past the per-report limit of {@value ReportRules#MAX_INDICATORS} indicators into
 * several, never cutting it: an imported MISP event or STIX bundle with thousands of indicators becomes
 * parts {@code <id>.1} … {@code <id>.n}, each with the report's fields, a title saying which part it
 * is, and an even share of the indicators in a stable order (by type and value), so that importing the
 * same event again gives the same parts and each part is a duplicate. A report within the limit is
 * left as it is, under its own id.
 */
public final class ReportParts {
    private static final Comparator<Indicator> ORDER =
            Comparator.comparing(Indicator::getType).thenComparing(Indicator::getValue);

    private ReportParts() {}

    /** The report itself when within the limit, else its parts. */
    public static List<IncidentReport> split(IncidentReport report) {
        List<Indicator> all = report.getIndicators();
        if (all.size() <= ReportRules.MAX_INDICATORS) {
            return List.of(report);
        }
        List<Indicator> sorted = new ArrayList<>(all);
        sorted.sort(ORDER);
        int parts = (sorted.size() + ReportRules.MAX_INDICATORS - 1) / ReportRules.MAX_INDICATORS;
        int size = (sorted.size() + parts - 1) / parts;
        List<IncidentReport> out = new ArrayList<>(parts);
        for (int i = 0; i < parts; i++) {
            String suffix = "." + (i + 1);
            String title = report.getTitle() + " (part " + (i + 1) + " of " + parts + ")";
            // Built field by field: a builder copied from the report would deep-copy it through Avro's
            // reflection, which is confined to trusted classes.
            out.add(IncidentReport.newBuilder()
                    .setReporter(report.getReporter())
                    .setObservedAt(report.getObservedAt())
                    .setReportedAt(report.getReportedAt())
                    .setTlp(report.getTlp())
                    .setSeverity(report.getSeverity())
                    .setCategory(report.getCategory())
                    .setType(report.getType())
                    .setSector(report.getSector())
                    .setDescription(report.getDescription())
                    .setReferences(new ArrayList<>(report.getReferences()))
                    .setReportId(id(report.getReportId(), suffix))
                    .setTitle(
                            title.length() > ReportRules.MAX_TITLE
                                    ? title.substring(title.length() - ReportRules.MAX_TITLE)
                                    : title)
                    .setIndicators(new ArrayList<>(sorted.subList(i * size, Math.min(sorted.size(), (i + 1) * size))))
                    .build());
        }
        return out;
    }

    /** The id of a part: the report's id and the suffix, the id shortened to fit 128 characters. */
    static String id(String reportId, String suffix) {
        int room = ReportRules.MAX_REPORT_ID - suffix.length();
        return (reportId.length() > room ? reportId.substring(0, room) : reportId) + suffix;
    }
}
