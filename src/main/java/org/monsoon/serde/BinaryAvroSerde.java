package org.monsoon.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Plain Avro binary for Monsoon's internal records (repartition topics and state stores), which no
 * outside client reads, so no registry lookup and no schema id: one format byte, then the datum. The
 * format byte lets a later release recognise and migrate what an earlier one wrote: a type whose schema
 * changed is written under a higher format byte and reads its earlier formats through their writer
 * schemas ({@link InternalFormats}), Avro's schema resolution filling the added fields with their
 * defaults. Writers, readers,
 * encoders and decoders are built once and reused per thread: on the hot path a record costs one
 * buffer copy, nothing else, and a class's generated coders do the work ({@link GeneratedClasses#model}).
 */
public final class BinaryAvroSerde<T extends SpecificRecord> implements Serde<T> {
    /** The first byte of an internal record of a type whose schema never changed. */
    static final byte FORMAT = 1;

    private final SpecificDatumWriter<T> writer;
    private final SpecificDatumReader<T> reader;
    private final byte format;
    /** Readers of the earlier formats of this type, by format byte. */
    private final Map<Byte, SpecificDatumReader<T>> earlier;

    private final ThreadLocal<Buffers> buffers = ThreadLocal.withInitial(Buffers::new);

    private BinaryAvroSerde(Class<T> type, byte format, Map<Byte, Schema> earlierWriters) {
        GeneratedClasses.trust();
        SpecificData model = GeneratedClasses.model(type);
        var schema = model.getSchema(type);
        this.writer = new SpecificDatumWriter<>(schema, model);
        this.reader = new SpecificDatumReader<>(schema, schema, model);
        this.format = format;
        java.util.HashMap<Byte, SpecificDatumReader<T>> readers = new java.util.HashMap<>();
        earlierWriters.forEach((f, writerSchema) -> {
            if (f >= format) {
                throw new IllegalArgumentException("an earlier format must be below " + format + ", not " + f);
            }
            readers.put(f, new SpecificDatumReader<>(writerSchema, schema, model));
        });
        this.earlier = Map.copyOf(readers);
    }

    /**
     * A serde for {@code type}; build one per use. It writes the type's current format and reads its
     * earlier ones ({@link InternalFormats}), so state written by an earlier release is migrated as it
     * is read.
     */
    public static <T extends SpecificRecord> BinaryAvroSerde<T> of(Class<T> type) {
        GeneratedClasses.trust();
        var schema = GeneratedClasses.model(type).getSchema(type);
        return new BinaryAvroSerde<>(type, InternalFormats.current(type), InternalFormats.earlierWriters(schema, type));
    }

    /**
     * A serde for a topic where {@code type} took over from {@code earlier} (see
     * {@link InternalFormats}: the two are told apart by the format byte): it writes {@code type}, and
     * reads a record of {@code earlier}, in flight at an upgrade, as what {@code convert} makes of it.
     */
    public static <T extends SpecificRecord, E extends SpecificRecord> Serde<T> replacing(
            Class<T> type, Class<E> earlier, java.util.function.Function<E, T> convert) {
        BinaryAvroSerde<T> current = of(type);
        BinaryAvroSerde<E> before = of(earlier);
        byte format = InternalFormats.current(type);
        Serializer<T> serializer = (topic, value) -> current.encode(value);
        Deserializer<T> deserializer = (topic, bytes) -> {
            if (bytes == null || bytes.length == 0 || bytes[0] >= format) {
                return current.decode(bytes); // a later format is refused there
            }
            return convert.apply(before.decode(bytes));
        };
        return org.apache.kafka.common.serialization.Serdes.serdeFrom(serializer, deserializer);
    }

    /** The bytes of a value (null for null). */
    public byte[] encode(T value) {
        if (value == null) {
            return null;
        }
        Buffers b = buffers.get();
        b.out.reset();
        b.out.write(format);
        try {
            // Buffered: the direct encoder hands every varint to the stream one call at a time.
            b.encoder = EncoderFactory.get().binaryEncoder(b.out, b.encoder);
            writer.write(value, b.encoder);
            b.encoder.flush();
        } catch (IOException | RuntimeException e) {
            // A write that failed half-way leaves bytes in the encoder's buffer, which reusing it would
            // flush into the next record: start the next one with a fresh encoder.
            b.encoder = null;
            throw new SerializationException(
                    "cannot encode internal " + value.getSchema().getName(), e);
        }
        return b.out.toByteArray();
    }

    /** The value of some bytes (null for null). */
    public T decode(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        SpecificDatumReader<T> read = bytes.length == 0 ? null : bytes[0] == format ? reader : earlier.get(bytes[0]);
        if (read == null) {
            throw new SerializationException(
                    "internal record of unknown format " + (bytes.length == 0 ? "(empty)" : Byte.toString(bytes[0])));
        }
        Buffers b = buffers.get();
        try {
            b.decoder = DecoderFactory.get().binaryDecoder(bytes, 1, bytes.length - 1, b.decoder);
            return read.read(null, b.decoder);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot decode internal record", e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> encode(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> decode(bytes);
    }

    /** One thread's reusable buffer, encoder and decoder. */
    private static final class Buffers {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        BinaryEncoder encoder;
        BinaryDecoder decoder;
    }
}
