package org.monsoon.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Validates STIX 2.1 objects and bundles against the OASIS JSON schemas bundled for the tests. */
public final class StixSchemas {
    private static final String BASE =
            "http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/";
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaIdResolvers(r -> r.mapPrefix(BASE, "classpath:stix2/schemas/")));
    private static final Map<String, String> SCHEMA_OF = Map.of(
            "bundle",
            "common/bundle.json",
            "identity",
            "sdos/identity.json",
            "marking-definition",
            "common/marking-definition.json",
            "indicator",
            "sdos/indicator.json",
            "vulnerability",
            "sdos/vulnerability.json",
            "malware",
            "sdos/malware.json",
            "report",
            "sdos/report.json");
    private static final Map<String, Schema> LOADED = new ConcurrentHashMap<>();

    private StixSchemas() {}

    /** What is wrong with a bundle or one object (and, for a bundle, each of its objects); empty if valid. */
    public static List<String> violations(JsonNode node) {
        String type = node.path("type").asText();
        if (!SCHEMA_OF.containsKey(type)) {
            return List.of("no schema for type '" + type + "'");
        }
        Schema schema =
                LOADED.computeIfAbsent(type, t -> SCHEMAS.getSchema(SchemaLocation.of(BASE + SCHEMA_OF.get(t))));
        List<String> out = new ArrayList<>();
        for (Error error : schema.validate(node)) {
            out.add(type + ": " + error);
        }
        if (type.equals("bundle")) {
            node.get("objects").forEach(o -> out.addAll(violations(o)));
        }
        return out;
    }
}
