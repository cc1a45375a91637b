package org.monsoon.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.monsoon.schema.IncidentReport;
import org.monsoon.schema.Indicator;
import org.monsoon.schema.IndicatorType;
import org.monsoon.schema.Severity;
import org.monsoon.schema.Tlp;

/**
 * Reads one incident report in the contract's JSON form (the Avro field names, timestamps as ISO-8601)
 * into an {@link IncidentReport}. Errors name the field: {@code field 'tlp': 'PURPLE' is not one of ...}.
 * {@code reporter} defaults to the producing member and {@code reported_at} to now.
 */
public final class ReportJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of(
            "report_id",
            "reporter",
            "observed_at",
            "reported_at",
            "tlp",
            "severity",
            "category",
            "type",
            "sector",
            "title",
            "description",
            "indicators",
            "references");

    /** A JSON report that does not fit the schema; the message names the field. */
    public static final class JsonReportException extends Exception {
        private static final long serialVersionUID = 1L;

        public JsonReportException(String message) {
            super(message);
        }
    }

    private ReportJson() {}

    public static IncidentReport parse(String line, String defaultReporter, Instant now) throws JsonReportException {
        JsonNode root;
        try {
            root = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new JsonReportException("not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new JsonReportException("expected a JSON object");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new JsonReportException("unknown field '" + name + "'");
            }
        }
        return IncidentReport.newBuilder()
                .setReportId(text(root, "report_id"))
                .setReporter(root.hasNonNull("reporter") ? text(root, "reporter") : defaultReporter)
                .setObservedAt(instant(root, "observed_at", null))
                .setReportedAt(instant(root, "reported_at", now))
                .setTlp(symbol(root, "tlp", Tlp.class))
                .setSeverity(symbol(root, "severity", Severity.class))
                .setCategory(text(root, "category"))
                .setType(text(root, "type"))
                .setSector(optionalText(root, "sector"))
                .setTitle(text(root, "title"))
                .setDescription(optionalText(root, "description"))
                .setIndicators(indicators(root))
                .setReferences(references(root))
                .build();
    }

    private static List<Indicator> indicators(JsonNode root) throws JsonReportException {
        JsonNode array = root.get("indicators");
        if (array == null || !array.isArray()) {
            throw new JsonReportException("field 'indicators': required, an array of {type, value}");
        }
        List<Indicator> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonNode item = array.get(i);
            String where = "indicators[" + i + "]";
            if (!item.isObject()) {
                throw new JsonReportException("field '" + where + "': expected an object {type, value}");
            }
            out.add(new Indicator(
                    symbol(item, "type", IndicatorType.class, where + ".type"), text(item, "value", where + ".value")));
        }
        return out;
    }

    private static List<String> references(JsonNode root) throws JsonReportException {
        JsonNode array = root.get("references");
        if (array == null || array.isNull()) {
            return new ArrayList<>();
        }
        if (!array.isArray()) {
            throw new JsonReportException("field 'references': expected an array of strings");
        }
        List<String> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            if (!array.get(i).isTextual()) {
                throw new JsonReportException("field 'references[" + i + "]': expected a string");
            }
            out.add(array.get(i).asText());
        }
        return out;
    }

    private static String text(JsonNode node, String field) throws JsonReportException {
        return text(node, field, field);
    }

    private static String text(JsonNode node, String field, String where) throws JsonReportException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new JsonReportException("field '" + where + "': required");
        }
        if (!value.isTextual()) {
            throw new JsonReportException("field '" + where + "': expected a string, got " + value.getNodeType());
        }
        return value.asText();
    }

    private static String optionalText(JsonNode node, String field) throws JsonReportException {
        return node.hasNonNull(field) ? text(node, field) : null;
    }

    private static Instant instant(JsonNode node, String field, Instant fallback) throws JsonReportException {
        if (!node.hasNonNull(field) && fallback != null) {
            return fallback;
        }
        String text = text(node, field);
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new JsonReportException("field '" + field + "': '" + text
                    + "' is not an ISO-8601 timestamp with offset (e.g. 2026-11-27T08:00:00Z)");
        }
    }

    private static <E extends Enum<E>> E symbol(JsonNode node, String field, Class<E> type) throws JsonReportException {
        return symbol(node, field, type, field);
    }

    private static <E extends Enum<E>> E symbol(JsonNode node, String field, Class<E> type, String where)
            throws JsonReportException {
        String text = text(node, field, where);
        try {
            return Enum.valueOf(type, text);
        } catch (IllegalArgumentException e) {
            throw new JsonReportException("field '" + where + "': '" + ReportRules.clip(text) + "' is not one of "
                    + Arrays.toString(type.getEnumConstants()));
        }
    }
}
