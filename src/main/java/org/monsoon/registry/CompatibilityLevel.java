package org.monsoon.registry;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * The Schema Registry compatibility levels, checked with Avro's own {@link SchemaCompatibility}.
 * BACKWARD: the new schema can read data written with the previous one (consumers upgrade first).
 */
public enum CompatibilityLevel {
    NONE,
    BACKWARD,
    BACKWARD_TRANSITIVE,
    FORWARD,
    FORWARD_TRANSITIVE,
    FULL,
    FULL_TRANSITIVE;

    /** Parses a level name, or fails with Confluent's 42203. */
    public static CompatibilityLevel parse(String name) {
        try {
            return valueOf(name == null ? "" : name.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new SchemaRegistryException(
                    422,
                    SchemaRegistryException.INVALID_COMPATIBILITY_LEVEL,
                    "Invalid compatibility level '" + name + "'. Valid values are " + List.of(values()));
        }
    }

    /**
     * The incompatibilities of {@code candidate} against {@code existing} (oldest first); empty when
     * compatible. Non-transitive levels look at the latest version only.
     */
    public List<String> violations(Schema candidate, List<Schema> existing) {
        List<String> messages = new ArrayList<>();
        if (this == NONE || existing.isEmpty()) {
            return messages;
        }
        boolean transitive = name().endsWith("_TRANSITIVE");
        List<Schema> against = transitive ? existing : List.of(existing.get(existing.size() - 1));
        for (Schema previous : against) {
            if (this != FORWARD && this != FORWARD_TRANSITIVE) {
                check(candidate, previous, "new schema cannot read data written with", messages);
            }
            if (this != BACKWARD && this != BACKWARD_TRANSITIVE) {
                check(previous, candidate, "previous schema cannot read data written with the new one:", messages);
            }
        }
        return messages;
    }

    private static void check(Schema reader, Schema writer, String what, List<String> messages) {
        SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
            result.getResult()
                    .getIncompatibilities()
                    .forEach(i -> messages.add(what + " " + writer.getFullName() + ": " + i.getType() + " at "
                            + i.getLocation() + " (" + i.getMessage() + ")"));
        }
    }
}
