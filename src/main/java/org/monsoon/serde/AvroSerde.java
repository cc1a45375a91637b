package org.monsoon.serde;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.monsoon.registry.SchemaRegistryClient;

/**
 * A serde for one generated Avro class in the Confluent wire format. Build one per use (never shared
 * static state); instances made with {@link #of} share the given registry client and its caches.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {
    private final AvroSerializer<T> serializer;
    private final AvroDeserializer<T> deserializer;

    private AvroSerde(AvroSerializer<T> serializer, AvroDeserializer<T> deserializer) {
        this.serializer = serializer;
        this.deserializer = deserializer;
    }

    /** A serde for values of {@code type}, configured with {@code configs} and sharing {@code client}. */
    public static <T extends SpecificRecord> AvroSerde<T> of(
            Class<T> type, SchemaRegistryClient client, Map<String, ?> configs, boolean isKey) {
        return new AvroSerde<>(new AvroSerializer<>(client, configs, isKey), new AvroDeserializer<>(client, type));
    }

    /** An unconfigured serde for {@code type}, for use through Kafka's {@code configure()} call. */
    public static <T extends SpecificRecord> AvroSerde<T> forType(Class<T> type) {
        return new AvroSerde<>(new AvroSerializer<>(), new AvroDeserializer<>(type));
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        serializer.configure(configs, isKey);
        deserializer.configure(configs, isKey);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }
}
