package org.monsoon.serde;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.monsoon.registry.SchemaRegistryClient;
import org.monsoon.registry.SchemaRegistryException;

/**
 * Reads Confluent wire-format Avro. The writer schema comes from the registry by id; the reader schema
 * is the local generated class's (with {@code specific.avro.reader=true}, or when a target class is
 * given) so data written with an older schema version is resolved into the current one.
 *
 * <p>Anything it cannot decode (bad magic byte, unknown schema id, corrupt or truncated Avro, trailing
 * bytes) raises a {@link SerializationException} naming the cause, which Kafka Streams hands to the
 * deserialization exception handler: it never returns a silent null for a non-null payload.
 */
public class AvroDeserializer<T> implements Deserializer<T> {
    private final Class<T> targetType;
    private SchemaRegistryClient client;
    private boolean specific;
    private final Map<Integer, DatumReader<T>> readersByWriterId = new ConcurrentHashMap<>();

    public AvroDeserializer() {
        this(null);
    }

    /** A deserializer producing {@code targetType} (a generated SpecificRecord class), whatever the config. */
    public AvroDeserializer(Class<T> targetType) {
        this.targetType = targetType;
        GeneratedClasses.trust();
    }

    public AvroDeserializer(SchemaRegistryClient client, Class<T> targetType) {
        GeneratedClasses.trust();
        this.targetType = targetType;
        this.client = client;
        this.specific = targetType != null;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = AvroSerdeConfig.from(configs);
        if (client == null) {
            client = config.newClient();
        }
        specific = targetType != null || config.specificReader();
    }

    @Override
    public T deserialize(String topic, byte[] payload) {
        if (payload == null) {
            return null;
        }
        int id = WireFormat.schemaId(payload);
        DatumReader<T> reader;
        try {
            reader = readersByWriterId.computeIfAbsent(id, this::readerFor);
        } catch (SchemaRegistryException e) {
            throw new SerializationException("Schema id " + id + " cannot be resolved: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new SerializationException(
                    "Schema id " + id + " cannot be read into the local schema: " + e.getMessage(), e);
        }
        BinaryDecoder decoder = DecoderFactory.get()
                .binaryDecoder(payload, WireFormat.HEADER_SIZE, payload.length - WireFormat.HEADER_SIZE, null);
        try {
            T value = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new SerializationException("Trailing bytes after the Avro record (schema id " + id + ")");
            }
            return value;
        } catch (SerializationException e) {
            throw e;
        } catch (Exception e) {
            throw new SerializationException(
                    "Corrupt Avro data for schema id " + id + " on topic " + topic + ": " + e, e);
        }
    }

    @SuppressWarnings("unchecked")
    private DatumReader<T> readerFor(int id) {
        Schema writer = client.schemaById(id);
        if (!specific) {
            return new GenericDatumReader<>(writer);
        }
        SpecificData data = targetType != null ? SpecificData.getForClass(targetType) : SpecificData.get();
        Class<?> type = targetType != null ? targetType : data.getClass(writer);
        if (type == null) {
            throw new SerializationException(
                    "No generated class for " + writer.getFullName() + " on the classpath (specific.avro.reader=true)");
        }
        Schema reader = data.getSchema(type);
        return new SpecificDatumReader<>(writer, reader, data);
    }
}
