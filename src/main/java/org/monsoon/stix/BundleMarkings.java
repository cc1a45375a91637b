package org.monsoon.stix;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.monsoon.schema.Tlp;

/**
 * The TLP of an imported bundle, failing closed. The most restrictive standard TLP marking (2.0 or 1.0)
 * wins and no marking at all means AMBER; but whenever a label could be lower than the author meant,
 * the report becomes RED and the reason is kept:
 * <ul>
 *   <li>a TLP marking-definition with a non-standard id (one a tool minted itself), or a standard id
 *       whose definition names another label;</li>
 *   <li>a marking reference that is neither a standard TLP id nor defined in the bundle as a non-TLP
 *       marking (a statement or copyright), since it may be a TLP marking nobody here knows;</li>
 *   <li>any granular marking: Monsoon labels whole reports and cannot honour a label on a part.</li>
 * </ul>
 */
final class BundleMarkings {
    /** The label, and why it was forced to RED (empty when it was read from standard markings). */
    record Verdict(Tlp tlp, Optional<String> failedClosed) {}

    private BundleMarkings() {}

    static Verdict of(JsonNode objects) {
        Map<String, JsonNode> definitions = new HashMap<>();
        for (JsonNode object : objects) {
            if ("marking-definition".equals(object.path("type").asText())) {
                definitions.put(object.path("id").asText(), object);
            }
        }
        for (Map.Entry<String, JsonNode> e : definitions.entrySet()) {
            Optional<String> named = namedLabel(e.getValue());
            Optional<Tlp> standard = TlpMarkings.label(e.getKey());
            if (named.isPresent() && standard.isEmpty()) {
                return red(e.getKey() + " is a TLP marking (" + named.get() + ") with a non-standard id");
            }
            if (named.isPresent() && !sameLabel(named.get(), standard.get())) {
                return red(
                        e.getKey() + " is the standard TLP:" + standard.get() + " id but is defined as " + named.get());
            }
        }
        Tlp tlp = null;
        for (JsonNode object : objects) {
            String id = object.path("id").asText("(no id)");
            if (object.path("granular_markings").size() > 0) {
                return red(id + " has granular markings, which Monsoon cannot honour per part of a report");
            }
            for (JsonNode ref : object.path("object_marking_refs")) {
                Optional<Tlp> label = TlpMarkings.label(ref.asText());
                if (label.isPresent()) {
                    tlp = tlp == null || label.get().ordinal() > tlp.ordinal() ? label.get() : tlp;
                } else if (!definitions.containsKey(ref.asText())) {
                    return red(id + " is marked " + ref.asText() + ", which is neither a standard TLP marking nor"
                            + " defined in the bundle");
                }
                // else: a non-TLP marking defined in the bundle (statement, copyright), which labels nothing
            }
        }
        return new Verdict(tlp == null ? Tlp.AMBER : tlp, Optional.empty());
    }

    private static Verdict red(String reason) {
        return new Verdict(Tlp.RED, Optional.of(reason));
    }

    /** The TLP label a definition names, by its type, its name or a TLP 2.0 extension; empty for others. */
    private static Optional<String> namedLabel(JsonNode definition) {
        if ("tlp".equalsIgnoreCase(definition.path("definition_type").asText())) {
            return Optional.of(definition.path("definition").path("tlp").asText("unknown"));
        }
        for (Iterator<JsonNode> it = definition.path("extensions").elements(); it.hasNext(); ) {
            JsonNode extension = it.next();
            if (extension.has("tlp_2_0")) {
                return Optional.of(extension.path("tlp_2_0").asText("unknown"));
            }
        }
        String name = definition.path("name").asText("").strip();
        if (name.toLowerCase(Locale.ROOT).startsWith("tlp")) {
            return Optional.of(name.substring(3).replaceFirst("^[:\\s]+", ""));
        }
        return Optional.empty();
    }

    private static boolean sameLabel(String named, Tlp standard) {
        String label = named.toUpperCase(Locale.ROOT)
                .replace('+', '_')
                .replace("TLP:", "")
                .strip();
        return label.equals(standard.name()) || (standard == Tlp.CLEAR && label.equals("WHITE"));
    }
}
