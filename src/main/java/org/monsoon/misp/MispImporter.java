package org.monsoon.misp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.monsoon.ingest.CanonicalisationException;
import org.monsoon.ingest.Canonicaliser;
import org.monsoon.ingest.ReportRules;
import org.monsoon.schema.IncidentReport;
import org.monsoon.schema.Indicator;
import org.monsoon.schema.IndicatorType;
import org.monsoon.schema.Severity;
import org.monsoon.schema.Tlp;

/**
 * Turns MISP events (the MISP core format, as MISP exports them and serves them in feeds) into one
 * incident report each. The report id is {@code misp-<event uuid>}, so importing an updated event again
 * revises the report instead of adding one. Attributes at the top level and inside objects are read;
 * only those marked {@code to_ids} unless told otherwise; deleted ones never. The TLP is the most
 * restrictive {@code tlp:} tag of the event and its attributes (an unknown {@code tlp:} label fails
 * closed to RED); without one, the configured default. Everything not imported is listed with why.
 */
public final class MispImporter {
    public static final int MAX_EVENT_BYTES = 8 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How to fill what an event does not say, and whether attributes not marked to_ids count. */
    public record Options(
            Tlp defaultTlp, Severity defaultSeverity, String defaultCategory, String defaultType, boolean idsOnly) {}

    /**
     * One event's report, what was skipped and why, what was left out, and why its TLP was forced to RED.
     *
     * @param skipped what was not imported and why (not an indicator, a type Monsoon does not import, ...)
     * @param leftOut the values with no canonical form, left out as the pipeline would leave them out
     */
    public record Imported(
            IncidentReport report, List<String> skipped, List<String> leftOut, Optional<String> redBecause) {
        /**
         * The reports to send: the event's report, or, past the per-report limit, its parts
         * {@code misp-<uuid>.1} … (see {@link org.monsoon.ingest.ReportParts}).
         */
        public List<IncidentReport> parts() {
            return org.monsoon.ingest.ReportParts.split(report);
        }
    }

    private MispImporter() {}

    /** The report id of the event {@code uuid}: {@code misp-<uuid>} (its parts add {@code .1}, {@code .2} ...). */
    public static String reportId(String uuid) {
        return ("misp-" + uuid).replaceAll("[^A-Za-z0-9._:-]", "-");
    }

    /** The events of one MISP JSON document: {@code {"Event": …}}, {@code {"response": [...]}} or a list. */
    public static List<JsonNode> events(byte[] document) throws IOException {
        if (document.length > MAX_EVENT_BYTES) {
            throw new IOException("larger than " + MAX_EVENT_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = JSON.readTree(document);
        } catch (IOException e) {
            throw new IOException("not a MISP event: not valid JSON");
        }
        JsonNode list = root != null && root.has("response") ? root.get("response") : root;
        List<JsonNode> events = new ArrayList<>();
        if (list != null && list.isArray()) {
            list.forEach(e -> events.add(e.has("Event") ? e.get("Event") : e));
        } else if (list != null && list.has("Event")) {
            events.add(list.get("Event"));
        }
        if (events.isEmpty() || events.stream().anyMatch(e -> !e.isObject() || !e.has("uuid"))) {
            throw new IOException("not a MISP event: needs {\"Event\": {\"uuid\": …, \"Attribute\": [...]}}");
        }
        return events;
    }

    /** The report of one event. */
    public static Imported read(JsonNode event, String reporter, Options options, Instant now) throws IOException {
        String uuid = event.get("uuid").asText();
        List<String> skipped = new ArrayList<>();
        List<String> leftOut = new ArrayList<>();
        EventTags tags = EventTags.of(event, options.defaultTlp());
        skipped.addAll(tags.skipped());
        Set<Indicator> indicators = new LinkedHashSet<>();
        List<String> references = new ArrayList<>();
        int notIds = 0;
        for (JsonNode attribute : attributes(event)) {
            if (attribute.path("deleted").asBoolean(false)) {
                continue;
            }
            String type = attribute.path("type").asText();
            String value = attribute.path("value").asText();
            if (type.equals("link")
                    && references.size() < ReportRules.MAX_REFERENCES
                    && value.length() <= ReportRules.MAX_REFERENCE) {
                references.add(value);
                continue;
            }
            if (options.idsOnly() && !toIds(attribute.get("to_ids"))) {
                notIds++;
                continue;
            }
            MispAttributes.Mapped mapped = MispAttributes.map(type, value);
            if (mapped.skipped() != null) {
                skipped.add(name(attribute) + ": " + mapped.skipped());
            }
            for (Indicator indicator : mapped.indicators()) {
                if (indicator.getValue().length() > ReportRules.MAX_INDICATOR_VALUE) {
                    // One oversized value must not get the whole event rejected.
                    skipped.add(name(attribute) + ": " + indicator.getType() + " value longer than "
                            + ReportRules.MAX_INDICATOR_VALUE + " chars");
                    continue;
                }
                try {
                    indicators.add(new Indicator(
                            indicator.getType(), Canonicaliser.canonical(indicator.getType(), indicator.getValue())));
                } catch (CanonicalisationException e) {
                    leftOut.add(name(attribute) + " (" + indicator.getType() + " '"
                            + ReportRules.clip(indicator.getValue()) + "'): " + e.getMessage());
                }
            }
        }
        for (String family : tags.malware()) {
            try {
                indicators.add(
                        new Indicator(IndicatorType.MALWARE, Canonicaliser.canonical(IndicatorType.MALWARE, family)));
            } catch (CanonicalisationException e) {
                leftOut.add("galaxy malware '" + ReportRules.clip(family) + "': " + e.getMessage());
            }
        }
        if (notIds > 0) {
            skipped.add(notIds + " attribute(s) not marked to_ids (import them with --include-non-ids)");
        }
        // Past the per-report limit the event is split into parts, never cut (see Imported.parts).
        List<Indicator> kept = new ArrayList<>(indicators);
        if (kept.isEmpty()) {
            List<String> why = new ArrayList<>(leftOut);
            why.addAll(skipped);
            throw new IOException("event " + uuid + " has no indicator Monsoon can import"
                    + (why.isEmpty() ? "" : " (left out or skipped: " + String.join("; ", why) + ")"));
        }
        String info = event.path("info").asText("").strip();
        String title = info.isEmpty() ? "MISP event " + uuid : info;
        String org = event.path("Orgc").path("name").asText("");
        return new Imported(
                IncidentReport.newBuilder()
                        .setReportId(reportId(uuid))
                        .setReporter(reporter)
                        .setObservedAt(observed(event, now))
                        .setReportedAt(now)
                        .setTlp(tags.tlp())
                        .setSeverity(severity(event.path("threat_level_id").asText(""), options.defaultSeverity()))
                        .setCategory(tags.rsit().map(MispTags.Rsit::category).orElse(options.defaultCategory()))
                        .setType(tags.rsit().map(MispTags.Rsit::type).orElse(options.defaultType()))
                        .setSector(null)
                        .setTitle(
                                title.length() > ReportRules.MAX_TITLE
                                        ? title.substring(0, ReportRules.MAX_TITLE)
                                        : title)
                        .setDescription("Imported from MISP event " + uuid + (org.isEmpty() ? "" : " of " + org) + ".")
                        .setIndicators(kept)
                        .setReferences(references)
                        .build(),
                skipped,
                leftOut,
                tags.redBecause());
    }

    /** Top-level attributes, then those of each object. */
    static List<JsonNode> attributes(JsonNode event) {
        List<JsonNode> out = new ArrayList<>();
        event.path("Attribute").forEach(out::add);
        for (JsonNode object : event.path("Object")) {
            if (!object.path("deleted").asBoolean(false)) {
                object.path("Attribute").forEach(out::add);
            }
        }
        return out;
    }

    /** MISP writes to_ids as a boolean, or as "1"/"0" in older exports. */
    private static boolean toIds(JsonNode value) {
        if (value == null) {
            return false;
        }
        return value.isBoolean()
                ? value.asBoolean()
                : Set.of("1", "true").contains(value.asText().toLowerCase());
    }

    private static String name(JsonNode attribute) {
        return "attribute "
                + attribute.path("uuid").asText(attribute.path("type").asText("?"));
    }

    /** MISP threat levels: 1 high, 2 medium, 3 low, 4 undefined. */
    static Severity severity(String threatLevel, Severity otherwise) {
        return switch (threatLevel.strip()) {
            case "1" -> Severity.HIGH;
            case "2" -> Severity.MEDIUM;
            case "3" -> Severity.LOW;
            default -> otherwise;
        };
    }

    /** The event's date (start of day, UTC), never later than now. */
    private static Instant observed(JsonNode event, Instant now) {
        try {
            Instant date = LocalDate.parse(event.path("date").asText(""))
                    .atStartOfDay(ZoneOffset.UTC)
                    .toInstant();
            return date.isAfter(now) || date.isBefore(ReportRules.EARLIEST) ? now : date;
        } catch (DateTimeParseException e) {
            return now;
        }
    }
}
