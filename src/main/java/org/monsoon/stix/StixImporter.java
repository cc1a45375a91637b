package org.monsoon.stix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.monsoon.schema.IncidentReport;
import org.monsoon.schema.Indicator;
import org.monsoon.schema.IndicatorType;
import org.monsoon.schema.Severity;

/**
 * Turns a CERT's STIX 2.1 bundle into one incident report: every value its indicators' patterns
 * compare with {@code =} in ANDs and ORs ({@link StixPatterns#parse}), of the types Monsoon knows (plus vulnerabilities as CVEs and malware families), the TLP
 * from the markings (failing closed to RED, see {@link BundleMarkings}; none means AMBER), the report
 * object's name and description when there is one. Everything it cannot use is listed with the reason.
 */
public final class StixImporter {
    public static final long MAX_BUNDLE_BYTES = 8L * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The report, what was skipped and why, and why its TLP was forced to RED (empty when the bundle's
     * standard markings gave it).
     */
    public record Imported(IncidentReport report, List<String> skipped, Optional<String> redBecause) {
        /**
         * The reports to send: the bundle's report, or, past the per-report limit, its parts
         * {@code <id>.1} … (see {@link org.monsoon.ingest.ReportParts}).
         */
        public List<IncidentReport> parts() {
            return org.monsoon.ingest.ReportParts.split(report);
        }
    }

    private StixImporter() {}

    public static Imported read(
            InputStream in, String reporter, Severity severity, String category, String type, Instant now)
            throws IOException {
        byte[] bytes = in.readNBytes((int) MAX_BUNDLE_BYTES + 1);
        if (bytes.length > MAX_BUNDLE_BYTES) {
            throw new IOException("bundle larger than " + MAX_BUNDLE_BYTES + " bytes");
        }
        JsonNode bundle;
        try {
            bundle = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new IOException("not a STIX bundle: not valid JSON");
        }
        if (bundle == null
                || !"bundle".equals(bundle.path("type").asText())
                || !bundle.path("objects").isArray()) {
            throw new IOException("not a STIX bundle: needs \"type\": \"bundle\" and an \"objects\" array");
        }
        List<Indicator> indicators = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        BundleMarkings.Verdict markings = BundleMarkings.of(bundle.get("objects"));
        Instant observed = null;
        JsonNode report = null;
        for (JsonNode object : bundle.get("objects")) {
            String objectType = object.path("type").asText();
            String id = object.path("id").asText("(no id)");
            switch (objectType) {
                case "indicator" -> {
                    if (!"stix".equals(object.path("pattern_type").asText("stix"))) {
                        skipped.add(id + ": pattern_type "
                                + object.path("pattern_type").asText() + " is not stix");
                        continue;
                    }
                    StixPatterns.Parsed parsed =
                            StixPatterns.parse(object.path("pattern").asText());
                    parsed.skipped().forEach(reason -> skipped.add(id + ": " + reason));
                    if (!parsed.indicators().isEmpty()) {
                        indicators.addAll(parsed.indicators());
                        observed = earliest(observed, object.path("valid_from").asText(null));
                    }
                }
                case "vulnerability" -> {
                    String cve = cveOf(object);
                    if (cve == null) {
                        skipped.add(id + ": vulnerability without a CVE id");
                    } else {
                        indicators.add(new Indicator(IndicatorType.CVE, cve));
                    }
                }
                case "malware" ->
                    indicators.add(new Indicator(
                            IndicatorType.MALWARE, object.path("name").asText()));
                case "report" -> report = object;
                case "identity", "marking-definition", "relationship", "extension-definition" -> {
                    // context objects: nothing to import
                }
                default -> skipped.add(id + ": object type " + objectType + " is not imported");
            }
        }
        if (indicators.isEmpty()) {
            throw new IOException("bundle has no indicator Monsoon can import"
                    + (skipped.isEmpty() ? "" : " (skipped: " + String.join("; ", skipped) + ")"));
        }
        String reportId = (report != null
                        ? report.path("id").asText()
                        : bundle.path("id").asText("bundle"))
                .replaceAll("[^A-Za-z0-9._:-]", "-");
        String title = report != null && report.hasNonNull("name")
                ? report.get("name").asText()
                : "STIX bundle " + bundle.path("id").asText();
        return new Imported(
                IncidentReport.newBuilder()
                        .setReportId(reportId.length() > 128 ? reportId.substring(0, 128) : reportId)
                        .setReporter(reporter)
                        .setObservedAt(observed != null && !observed.isAfter(now) ? observed : now)
                        .setReportedAt(now)
                        .setTlp(markings.tlp())
                        .setSeverity(severity)
                        .setCategory(category)
                        .setType(type)
                        .setSector(null)
                        .setTitle(title.length() > 300 ? title.substring(0, 300) : title)
                        .setDescription(
                                report != null && report.hasNonNull("description")
                                        ? report.get("description").asText()
                                        : null)
                        .setIndicators(indicators)
                        .setReferences(new ArrayList<>())
                        .build(),
                skipped,
                markings.failedClosed());
    }

    private static String cveOf(JsonNode vulnerability) {
        for (JsonNode ref : vulnerability.path("external_references")) {
            if ("cve".equalsIgnoreCase(ref.path("source_name").asText())) {
                return ref.path("external_id").asText().toUpperCase(Locale.ROOT);
            }
        }
        String name = vulnerability.path("name").asText();
        return name.toUpperCase(Locale.ROOT).matches("CVE-\\d{4}-\\d{4,}") ? name.toUpperCase(Locale.ROOT) : null;
    }

    private static Instant earliest(Instant current, String timestamp) {
        if (timestamp == null) {
            return current;
        }
        try {
            Instant t = OffsetDateTime.parse(timestamp).toInstant();
            return current == null || t.isBefore(current) ? t : current;
        } catch (DateTimeParseException e) {
            return current;
        }
    }
}
