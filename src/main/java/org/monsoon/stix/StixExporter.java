package org.monsoon.stix;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.monsoon.advisory.Uuid5;
import org.monsoon.schema.Advisory;
import org.monsoon.schema.AdvisoryIndicator;
import org.monsoon.schema.AdvisoryStatus;

/**
 * An advisory as a STIX 2.1 bundle: a {@code report} (the advisory), an {@code indicator} with a STIX
 * pattern per network and file indicator, a {@code vulnerability} per CVE and a {@code malware} per
 * family name, the {@code identity} of the regional body, and the TLP 2.0 marking definition referenced
 * by every object. Ids are UUIDv5 of the advisory and indicator, so a re-export gives the same ids and
 * MISP or OpenCTI update objects instead of duplicating them.
 */
public final class StixExporter {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final java.time.format.DateTimeFormatter MILLIS = java.time.format.DateTimeFormatter.ofPattern(
                    "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(java.time.ZoneOffset.UTC);
    private static final UUID NAMESPACE = UUID.fromString("00abedb4-aa42-466c-9c01-fed23315a9b7");

    private final String regionName;

    public StixExporter(String regionName) {
        this.regionName = regionName;
    }

    /** The name of the regional body the exports are signed with. */
    public String regionName() {
        return regionName;
    }

    /** The advisory's bundle: {@link #objects} under one id per advisory version. */
    public ObjectNode bundle(Advisory advisory) {
        ArrayNode objects = NODES.arrayNode();
        objects(advisory).forEach(objects::add);
        ObjectNode bundle = NODES.objectNode()
                .put("type", "bundle")
                .put(
                        "id",
                        "bundle--"
                                + Uuid5.of(
                                        NAMESPACE, "bundle:" + advisory.getAdvisoryId() + "@" + advisory.getVersion()));
        bundle.set("objects", objects);
        return bundle;
    }

    /**
     * One bundle of several advisories, as a TIP imports a file: every advisory's objects, each object
     * once (the identity and the TLP markings are shared). Its id is derived from the advisory
     * versions it holds, so the same export gives the same bundle.
     */
    public ObjectNode bundle(List<Advisory> advisories) {
        java.util.Map<String, ObjectNode> byId = new java.util.LinkedHashMap<>();
        StringBuilder versions = new StringBuilder("bundle:");
        for (Advisory advisory : advisories) {
            versions.append(advisory.getAdvisoryId())
                    .append('@')
                    .append(advisory.getVersion())
                    .append(',');
            objects(advisory).forEach(o -> byId.putIfAbsent(o.get("id").asText(), o));
        }
        ArrayNode objects = NODES.arrayNode();
        byId.values().forEach(objects::add);
        ObjectNode bundle = NODES.objectNode()
                .put("type", "bundle")
                .put("id", "bundle--" + Uuid5.of(NAMESPACE, versions.toString()));
        bundle.set("objects", objects);
        return bundle;
    }

    /**
     * The STIX objects of one advisory version, in the order a bundle lists them: the identity, the
     * TLP marking definition, one object per indicator, and the report that refers to them.
     */
    public List<ObjectNode> objects(Advisory advisory) {
        String marking = TlpMarkings.id(advisory.getTlp());
        String created = timestamp(advisory.getFirstSeen());
        String modified = timestamp(
                advisory.getUpdatedAt().isBefore(advisory.getFirstSeen())
                        ? advisory.getFirstSeen()
                        : advisory.getUpdatedAt());
        ObjectNode identity = NODES.objectNode()
                .put("type", "identity")
                .put("spec_version", "2.1")
                .put("id", identityId())
                .put("created", "2026-01-01T00:00:00.000Z")
                .put("modified", "2026-01-01T00:00:00.000Z")
                .put("name", regionName)
                .put("identity_class", "organization");
        List<ObjectNode> objects = new ArrayList<>();
        objects.add(identity);
        objects.add(TlpMarkings.definition(advisory.getTlp()));
        ArrayNode refs = NODES.arrayNode();
        for (AdvisoryIndicator indicator : advisory.getIndicators()) {
            ObjectNode object = StixPatterns.objectFor(indicator, idOf(advisory, indicator));
            object.put("spec_version", "2.1")
                    .put("created", created)
                    .put("modified", modified)
                    .put("created_by_ref", identity.get("id").asText());
            object.putArray("object_marking_refs").add(marking);
            objects.add(object);
            refs.add(object.get("id").asText());
        }
        ObjectNode report = NODES.objectNode()
                .put("type", "report")
                .put("spec_version", "2.1")
                .put("id", "report--" + Uuid5.of(NAMESPACE, "advisory:" + advisory.getAdvisoryId()))
                .put("created", created)
                .put("modified", modified)
                .put("created_by_ref", identity.get("id").asText())
                .put("name", advisory.getTitle())
                .put(
                        "description",
                        advisory.getSummary() + "\n\nRecommended actions:\n- "
                                + String.join("\n- ", advisory.getRecommendedActions()))
                .put("published", modified);
        if (advisory.getStatus() == AdvisoryStatus.WITHDRAWN) {
            // Everything it said was taken back: consumers must stop acting on it (STIX 2.1 section 3.2).
            report.put("revoked", true);
        }
        report.putArray("report_types").add("threat-report");
        ArrayNode labels = report.putArray("labels");
        labels.add("severity:" + advisory.getSeverity().name().toLowerCase());
        labels.add("status:" + advisory.getStatus().name().toLowerCase());
        advisory.getCountries().forEach(c -> labels.add("country:" + c));
        if (advisory.getStatus() == AdvisoryStatus.MERGED && advisory.getSupersededBy() != null) {
            labels.add("superseded-by:" + advisory.getSupersededBy());
        }
        report.putArray("external_references")
                .addObject()
                .put("source_name", "monsoon")
                .put("external_id", advisory.getAdvisoryId() + "@v" + advisory.getVersion());
        if (refs.isEmpty()) {
            refs.add(identity.get("id").asText());
        }
        report.set("object_refs", refs);
        report.putArray("object_marking_refs").add(marking);
        objects.add(report);
        return objects;
    }

    /**
     * One correlated indicator of the region, independent of the advisory that lists it: its id
     * depends only on type and value, so the indicator keeps its id when its campaign merges into
     * another. It names the members that reported it and, as an external reference, the advisory.
     */
    public ObjectNode regionalIndicator(AdvisoryIndicator indicator, Advisory holder) {
        UUID id = Uuid5.of(NAMESPACE, "indicator:" + indicator.getType() + ":" + indicator.getValue());
        ObjectNode object = StixPatterns.objectFor(indicator, id);
        String modified = timestamp(
                holder.getUpdatedAt().isBefore(indicator.getFirstSeen())
                        ? indicator.getFirstSeen()
                        : holder.getUpdatedAt());
        object.put("spec_version", "2.1")
                .put("created", timestamp(indicator.getFirstSeen()))
                .put("modified", modified)
                .put("created_by_ref", identityId());
        ArrayNode references = object.has("external_references")
                ? (ArrayNode) object.get("external_references")
                : object.putArray("external_references");
        references.addObject().put("source_name", "monsoon").put("external_id", holder.getAdvisoryId());
        object.putArray("object_marking_refs").add(TlpMarkings.id(holder.getTlp()));
        return object;
    }

    /** The identity of the regional body that signs every exported object. */
    public String identityId() {
        return "identity--" + Uuid5.of(NAMESPACE, "identity:" + regionName);
    }

    private static UUID idOf(Advisory advisory, AdvisoryIndicator indicator) {
        return Uuid5.of(NAMESPACE, advisory.getAdvisoryId() + "|" + indicator.getType() + ":" + indicator.getValue());
    }

    /** A STIX timestamp: UTC with millisecond precision. */
    public static String formatTimestamp(Instant instant) {
        return timestamp(instant);
    }

    static String timestamp(Instant instant) {
        // STIX requires created/modified with millisecond precision, in UTC.
        return MILLIS.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }
}
