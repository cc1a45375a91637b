package org.monsoon.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Collection;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * Renders Avro records as the JSON analysts read: the Avro field names, enums as their symbols,
 * {@code timestamp-millis} as ISO-8601 instants, and unions as the plain value (not Avro's
 * {@code {"string": ...}} wrapping).
 */
public final class AvroJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AvroJson() {}

    public static ObjectNode toJson(IndexedRecord record) {
        ObjectNode node = NODES.objectNode();
        for (Schema.Field field : record.getSchema().getFields()) {
            node.set(field.name(), value(field.schema(), record.get(field.pos())));
        }
        return node;
    }

    private static JsonNode value(Schema schema, Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        switch (schema.getType()) {
            case UNION:
                for (Schema branch : schema.getTypes()) {
                    if (branch.getType() != Schema.Type.NULL) {
                        return value(branch, value);
                    }
                }
                return NODES.nullNode();
            case RECORD:
                return toJson((IndexedRecord) value);
            case ARRAY:
                ArrayNode array = NODES.arrayNode();
                for (Object item : (Collection<?>) value) {
                    array.add(value(schema.getElementType(), item));
                }
                return array;
            case LONG:
                if (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
                    Instant instant = value instanceof Instant i ? i : Instant.ofEpochMilli((Long) value);
                    return NODES.textNode(instant.toString());
                }
                return NODES.numberNode(((Number) value).longValue());
            case INT:
                return NODES.numberNode(((Number) value).intValue());
            case BOOLEAN:
                return NODES.booleanNode((Boolean) value);
            case DOUBLE:
            case FLOAT:
                return NODES.numberNode(((Number) value).doubleValue());
            default:
                return NODES.textNode(value.toString());
        }
    }
}
