package org.monsoon.stix;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;
import org.monsoon.schema.Tlp;

/**
 * The TLP marking-definition objects of STIX: TLP 2.0 (the OASIS extension, which Monsoon exports) and
 * TLP 1.0 (the STIX 2.1 built-ins, still common in imported bundles; WHITE reads as CLEAR).
 */
public final class TlpMarkings {
    static final String EXTENSION = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";
    private static final String CREATED = "2022-10-01T00:00:00.000Z";
    private static final String CREATOR = "identity--e828b379-4e03-4974-9ac4-e53a884c97c1";
    private static final Map<Tlp, String> TLP2 = Map.of(
            Tlp.CLEAR, "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
            Tlp.GREEN, "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
            Tlp.AMBER, "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
            Tlp.AMBER_STRICT, "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
            Tlp.RED, "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1");
    private static final Map<String, Tlp> TLP1 = Map.of(
            "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9", Tlp.CLEAR,
            "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da", Tlp.GREEN,
            "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82", Tlp.AMBER,
            "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed", Tlp.RED);

    private TlpMarkings() {}

    public static String id(Tlp tlp) {
        return TLP2.get(tlp);
    }

    /** The label a marking id stands for (TLP 2.0 or 1.0), if it is a TLP marking. */
    public static Optional<Tlp> label(String markingId) {
        for (Map.Entry<Tlp, String> e : TLP2.entrySet()) {
            if (e.getValue().equals(markingId)) {
                return Optional.of(e.getKey());
            }
        }
        return Optional.ofNullable(TLP1.get(markingId));
    }

    /** The full TLP 2.0 marking-definition object, as OASIS publishes it. */
    public static ObjectNode definition(Tlp tlp) {
        String label = tlp == Tlp.AMBER_STRICT ? "amber+strict" : tlp.name().toLowerCase(java.util.Locale.ROOT);
        ObjectNode marking = JsonNodeFactory.instance
                .objectNode()
                .put("type", "marking-definition")
                .put("spec_version", "2.1")
                .put("id", id(tlp))
                .put("created", CREATED)
                .put("name", "TLP:" + label.toUpperCase(java.util.Locale.ROOT))
                .put("created_by_ref", CREATOR);
        ObjectNode extension = marking.putObject("extensions").putObject(EXTENSION);
        extension.put("extension_type", "property-extension").put("tlp_2_0", label);
        return marking;
    }
}
