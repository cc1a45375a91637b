package org.monsoon.ingest;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.monsoon.schema.IncidentReport;

/**
 * What the pipeline makes of a decoded report, as a pure function shared by the ingest stage and the
 * CERT-side tools ({@code monsoon produce}, in every format), so that what a tool says will happen is
 * what happens: refused whole (the first broken rule, or no indicator with a canonical form), or
 * accepted in canonical form, with the indicators that have no canonical form left out and named.
 *
 * @param canonical the report as the pipeline goes on with it, or null when refused
 * @param refused why the whole report is refused, or null
 * @param leftOut the indicators left out of an accepted report (an {@code INVALID_INDICATOR} letter)
 * @param submitted how many indicators the report came with
 */
public record Admission(
        IncidentReport canonical, Rejection refused, List<Canonicaliser.LeftOut> leftOut, int submitted) {
    /** How many left-out indicators a letter's reason names before it only counts the rest. */
    static final int NAMED = 100;

    /** At most this many characters of one left-out indicator's description. */
    static final int MAX_EACH = 200;

    /** At most this many characters naming them: the reason stays within a dead letter's, whole. */
    static final int MAX_NAMES = 1_800;

    /** The admission of {@code report}, judged at {@code now}; the reporter is checked by the caller. */
    public static Admission of(IncidentReport report, Instant now) {
        Optional<Rejection> broken = ReportRules.check(report, now);
        if (broken.isPresent()) {
            return refused(broken.get(), report);
        }
        Canonicaliser.Canonicalised each = Canonicaliser.canonicaliseEach(report.getIndicators());
        if (each.indicators().isEmpty()) {
            return refused(
                    Rejection.invalid("indicators: none of "
                            + report.getIndicators().size() + " has a canonical form: " + names(each.leftOut())),
                    report);
        }
        IncidentReport canonical = IncidentReport.newBuilder(report)
                .setTitle(ControlCharacters.stripLine(report.getTitle()))
                .setDescription(ControlCharacters.stripMultiline(report.getDescription()))
                .setIndicators(each.indicators())
                .build();
        Optional<Rejection> grown = ReportRules.checkCanonicalSize(canonical);
        if (grown.isPresent()) {
            return refused(grown.get(), report);
        }
        return new Admission(
                canonical, null, each.leftOut(), report.getIndicators().size());
    }

    private static Admission refused(Rejection rejection, IncidentReport report) {
        return new Admission(null, rejection, List.of(), report.getIndicators().size());
    }

    /** Whether the report goes on (perhaps without some indicators). */
    public boolean accepted() {
        return refused == null;
    }

    /**
     * The {@code INVALID_INDICATOR} letter's rejection when indicators were left out of an accepted
     * report, naming each (up to {@value #NAMED}, then a count) and why.
     */
    public Optional<Rejection> partial() {
        if (refused != null || leftOut.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Rejection(
                Rejection.Code.INVALID_INDICATOR,
                "indicators: " + leftOut.size() + " of " + submitted
                        + " left out, the report was accepted with the rest: " + names(leftOut)));
    }

    /**
     * Each left-out indicator and why, up to {@value #NAMED} of them and a bounded length (a reason can
     * quote a value of 2,048 characters): the reason travels with the report to the deduplication stage
     * in a header, and a record must stay within Kafka's size limit whatever the report holds. The
     * dead letter keeps it whole, so what {@code produce} prints is what the letter says.
     */
    private static String names(List<Canonicaliser.LeftOut> leftOut) {
        StringBuilder out = new StringBuilder();
        int named = 0;
        for (Canonicaliser.LeftOut one : leftOut) {
            String text = ReportRules.clip(one.toString(), MAX_EACH);
            if (named == NAMED || out.length() + text.length() > MAX_NAMES) {
                break;
            }
            out.append(named == 0 ? "" : "; ").append(text);
            named++;
        }
        if (leftOut.size() > named) {
            out.append("; and ").append(leftOut.size() - named).append(" more");
        }
        return out.toString();
    }
}
