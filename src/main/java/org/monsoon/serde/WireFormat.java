package org.monsoon.serde;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Confluent's Schema Registry wire format: magic byte 0, a 4-byte big-endian schema id, then the Avro
 * binary encoding of the value.
 */
public final class WireFormat {
    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_SIZE = 5;

    private WireFormat() {}

    /** The schema id of a framed payload; fails on a short payload or a wrong magic byte. */
    public static int schemaId(byte[] payload) {
        if (payload.length < HEADER_SIZE) {
            throw new SerializationException("Payload of " + payload.length
                    + " bytes is too short for the schema registry wire format (5-byte header)");
        }
        if (payload[0] != MAGIC_BYTE) {
            throw new SerializationException(String.format("Unknown magic byte 0x%02x (expected 0x00)", payload[0]));
        }
        return ByteBuffer.wrap(payload, 1, 4).getInt();
    }

    /** Writes the 5-byte header in front of an Avro body. */
    public static byte[] frame(int schemaId, byte[] avroBody, int length) {
        ByteBuffer buffer = ByteBuffer.allocate(HEADER_SIZE + length);
        buffer.put(MAGIC_BYTE).putInt(schemaId).put(avroBody, 0, length);
        return buffer.array();
    }
}
