package org.monsoon.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import org.monsoon.registry.RegisteredSchema;
import org.monsoon.registry.SchemaRegistryClient;
import org.monsoon.registry.SchemaRegistryException;

/**
 * Serialises Avro records (specific or generic) in the Confluent wire format, resolving the schema id
 * under the TopicNameStrategy subject {@code <topic>-key|value}: registered when
 * {@code auto.register.schemas} is on, the subject's latest version with {@code use.latest.version},
 * otherwise looked up (and an unregistered schema is an error).
 */
public class AvroSerializer<T extends GenericContainer> implements Serializer<T> {
    private SchemaRegistryClient client;
    private AvroSerdeConfig config;
    private boolean isKey;
    /** Writers by record class and writer schema: building one per record showed in the profile. */
    private final Map<WriterKey, DatumWriter<Object>> writers = new ConcurrentHashMap<>();

    /** One encoder per thread, reused: a buffered encoder allocates its buffer when it is built. */
    private final ThreadLocal<BinaryEncoder> encoders = new ThreadLocal<>();

    private record WriterKey(Class<?> type, Schema schema) {}

    public AvroSerializer() {}

    /** A serializer sharing an existing client (the client is thread-safe and caches). */
    public AvroSerializer(SchemaRegistryClient client, Map<String, ?> configs, boolean isKey) {
        this.client = client;
        this.config = AvroSerdeConfig.from(configs);
        this.isKey = isKey;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.config = AvroSerdeConfig.from(configs);
        if (client == null) {
            this.client = config.newClient();
        }
        this.isKey = isKey;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        String subject = TopicNameStrategy.subject(topic, isKey);
        Schema writerSchema = data.getSchema();
        try {
            int id;
            if (config.autoRegister()) {
                id = client.register(subject, writerSchema);
            } else if (config.useLatestVersion()) {
                RegisteredSchema latest = client.latest(subject);
                id = latest.id();
                writerSchema = client.schemaById(id);
            } else {
                id = client.lookup(subject, writerSchema).id();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, encoders.get());
            encoders.set(encoder);
            writers.computeIfAbsent(new WriterKey(data.getClass(), writerSchema), AvroSerializer::writerFor)
                    .write(data, encoder);
            encoder.flush();
            return WireFormat.frame(id, out.toByteArray(), out.size());
        } catch (SchemaRegistryException e) {
            String hint = e.status() == 404 && !config.autoRegister()
                    ? " (this client does not register schemas: one with the registry's write credential must"
                            + " register it first, as a starting Monsoon instance does)"
                    : "";
            throw new SerializationException(
                    "Cannot resolve a schema id for subject " + subject + ": " + e.getMessage() + hint, e);
        } catch (IOException | RuntimeException e) {
            encoders.remove(); // its buffer may hold half a record: never reuse it
            throw new SerializationException(
                    "Cannot serialize a " + writerSchema.getFullName() + " for topic " + topic + ": " + e.getMessage(),
                    e);
        }
    }

    private static DatumWriter<Object> writerFor(WriterKey key) {
        return SpecificRecord.class.isAssignableFrom(key.type())
                ? new SpecificDatumWriter<>(key.schema(), SpecificData.getForClass(key.type()))
                : new GenericDatumWriter<>(key.schema());
    }

    @Override
    public void close() {
        // The registry client holds no open connection beyond the JDK's pooled ones.
    }
}
