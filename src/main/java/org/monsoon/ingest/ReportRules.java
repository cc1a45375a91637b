package org.monsoon.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.monsoon.schema.IncidentReport;
import org.monsoon.schema.Indicator;

/**
 * The contract's rules for an {@link IncidentReport}, as a pure function: the first broken rule, or
 * empty. Anything over a size limit is {@code OVERSIZED}; anything else that breaks a rule is
 * {@code INVALID_REPORT}. Indicator values are checked by the canonicaliser, not here.
 */
public final class ReportRules {
    public static final int MAX_REPORT_ID = 128;
    public static final int MAX_TITLE = 300;
    public static final int MAX_DESCRIPTION = 20_000;
    public static final int MAX_INDICATORS = 1_000;
    public static final int MAX_INDICATOR_VALUE = 2_048;
    public static final int MAX_REFERENCES = 100;
    public static final int MAX_REFERENCE = 2_048;
    public static final int MAX_TAXONOMY = 100;
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    /**
     * The canonical report's size limit, in bytes. Canonicalisation can grow a report (a URL's
     * {@code <} becomes {@code %3C}); past this the report could not travel between stages under Kafka's
     * 1 MiB record limit, so it is refused as the CERT's oversized report rather than failing later.
     */
    public static final int MAX_CANONICAL_BYTES = 768 * 1024;
    /** Nothing Monsoon correlates was observed before this; it also keeps event times positive. */
    public static final Instant EARLIEST = Instant.parse("1990-01-01T00:00:00Z");

    public static final Set<String> SECTORS =
            Set.of("energy", "finance", "health", "government", "telecom", "transport", "water", "other");

    private static final Pattern REPORT_ID = Pattern.compile("[A-Za-z0-9._:-]+");
    private static final Pattern TAXONOMY = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    private ReportRules() {}

    /**
     * Whether a label keeps a report out of every advisory (RED, AMBER+STRICT). Such a report leaves no
     * per-member trace outside its own dead letters and private notices: metrics count it only by TLP.
     */
    /** Whether a value is a term the category and type fields accept (lower-case words joined by '-'). */
    public static boolean isRsitTerm(String value) {
        return value.length() <= MAX_TAXONOMY && TAXONOMY.matcher(value).matches();
    }

    public static boolean restricted(org.monsoon.schema.Tlp tlp) {
        return tlp == org.monsoon.schema.Tlp.RED || tlp == org.monsoon.schema.Tlp.AMBER_STRICT;
    }

    /** Whether {@code id} is a valid report_id; {@code field} names where it came from in the reason. */
    public static Optional<Rejection> checkReportId(String id, String field) {
        if (id == null) {
            return Optional.of(Rejection.invalid(field + ": missing"));
        }
        if (id.length() > MAX_REPORT_ID) {
            return Optional.of(Rejection.oversized(field + ": " + id.length() + " chars, more than " + MAX_REPORT_ID));
        }
        if (id.isEmpty() || !REPORT_ID.matcher(id).matches()) {
            return Optional.of(Rejection.invalid(field + ": '" + clip(id) + "' is not 1-128 chars of [A-Za-z0-9._:-]"));
        }
        return Optional.empty();
    }

    /** Whether the canonical form of a report stays within {@link #MAX_CANONICAL_BYTES}. */
    public static Optional<Rejection> checkCanonicalSize(IncidentReport canonical) {
        long bytes = utf8(canonical.getReportId())
                + utf8(canonical.getReporter())
                + utf8(canonical.getTitle())
                + utf8(canonical.getDescription())
                + utf8(canonical.getCategory())
                + utf8(canonical.getType())
                + utf8(canonical.getSector())
                + 64;
        for (var indicator : canonical.getIndicators()) {
            bytes += utf8(indicator.getValue()) + 4;
        }
        for (String reference : canonical.getReferences()) {
            bytes += utf8(reference) + 3;
        }
        if (bytes > MAX_CANONICAL_BYTES) {
            return Optional.of(Rejection.oversized("canonical report: about " + bytes + " bytes once its indicators are"
                    + " canonicalised, more than " + MAX_CANONICAL_BYTES));
        }
        return Optional.empty();
    }

    private static long utf8(String text) {
        if (text == null) {
            return 0;
        }
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }

    /** The first rule {@code report} breaks, judged at time {@code now}. */
    public static Optional<Rejection> check(IncidentReport report, Instant now) {
        Optional<Rejection> badId = checkReportId(report.getReportId(), "report_id");
        if (badId.isPresent()) {
            return badId;
        }
        if (report.getObservedAt().isBefore(EARLIEST)) {
            return Optional.of(Rejection.invalid("observed_at: " + report.getObservedAt() + " is before " + EARLIEST));
        }
        if (report.getObservedAt().isAfter(now.plus(MAX_CLOCK_SKEW))) {
            return Optional.of(Rejection.invalid(
                    "observed_at: " + report.getObservedAt() + " is more than 5 minutes in the future"));
        }
        Optional<Rejection> text = checkText(report);
        if (text.isPresent()) {
            return text;
        }
        return checkLists(report.getIndicators(), report.getReferences());
    }

    private static Optional<Rejection> checkText(IncidentReport report) {
        String title = report.getTitle();
        if (title.length() > MAX_TITLE) {
            return Optional.of(Rejection.oversized("title: " + title.length() + " chars, more than " + MAX_TITLE));
        }
        if (title.isBlank()) {
            return Optional.of(Rejection.invalid("title: must not be empty"));
        }
        String description = report.getDescription();
        if (description != null && description.length() > MAX_DESCRIPTION) {
            return Optional.of(Rejection.oversized(
                    "description: " + description.length() + " chars, more than " + MAX_DESCRIPTION));
        }
        for (String[] field : new String[][] {{"category", report.getCategory()}, {"type", report.getType()}}) {
            if (field[1].length() > MAX_TAXONOMY) {
                return Optional.of(Rejection.oversized(field[0] + ": more than " + MAX_TAXONOMY + " chars"));
            }
            if (!TAXONOMY.matcher(field[1]).matches()) {
                return Optional.of(Rejection.invalid(
                        field[0] + ": '" + clip(field[1]) + "' is not an RSIT term (lower-case words joined by '-')"));
            }
        }
        String sector = report.getSector();
        if (sector != null && !SECTORS.contains(sector)) {
            return Optional.of(Rejection.invalid("sector: '" + clip(sector) + "' is not one of " + sorted(SECTORS)));
        }
        return Optional.empty();
    }

    private static Optional<Rejection> checkLists(List<Indicator> indicators, List<String> references) {
        if (indicators.size() > MAX_INDICATORS) {
            return Optional.of(
                    Rejection.oversized("indicators: " + indicators.size() + " items, more than " + MAX_INDICATORS));
        }
        if (indicators.isEmpty()) {
            return Optional.of(Rejection.invalid("indicators: at least one indicator is required"));
        }
        for (int i = 0; i < indicators.size(); i++) {
            if (indicators.get(i).getValue().length() > MAX_INDICATOR_VALUE) {
                return Optional.of(Rejection.oversized(
                        "indicators[" + i + "].value: more than " + MAX_INDICATOR_VALUE + " chars"));
            }
        }
        if (references.size() > MAX_REFERENCES) {
            return Optional.of(
                    Rejection.oversized("references: " + references.size() + " items, more than " + MAX_REFERENCES));
        }
        for (int i = 0; i < references.size(); i++) {
            if (references.get(i).length() > MAX_REFERENCE) {
                return Optional.of(Rejection.oversized("references[" + i + "]: more than " + MAX_REFERENCE + " chars"));
            }
        }
        return Optional.empty();
    }

    private static String sorted(Set<String> values) {
        return String.join(" ", new java.util.TreeSet<>(values));
    }

    /** Keeps reasons readable (and bounded) when a value is huge. */
    public static String clip(String value) {
        return clip(value, 80);
    }

    /** {@code value} cut to at most {@code max} characters, marked with "..." when cut. */
    public static String clip(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max - 3) + "...";
    }
}
