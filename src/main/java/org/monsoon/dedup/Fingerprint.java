package org.monsoon.dedup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.monsoon.schema.IncidentReport;

/**
 * The content fingerprint of a canonical report: SHA-256 over its Avro binary encoding with
 * {@code reported_at} cleared, since a CERT's retry re-stamps when it sent the report without changing
 * what it says. Indicators are already sorted and distinct, so equal content gives equal bytes.
 */
public final class Fingerprint {
    private static final SpecificDatumWriter<IncidentReport> WRITER = new SpecificDatumWriter<>(IncidentReport.class);
    /** Reused per thread: a buffered encoder allocates its buffer when it is built. */
    private static final ThreadLocal<BinaryEncoder> ENCODER = new ThreadLocal<>();

    private Fingerprint() {}

    public static String of(IncidentReport canonical) {
        IncidentReport content = IncidentReport.newBuilder(canonical)
                .setReportedAt(Instant.EPOCH)
                .build();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(512);
            // Taken out while in use: a write that fails half-way leaves bytes in its buffer.
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, ENCODER.get());
            ENCODER.remove();
            WRITER.write(content, encoder);
            encoder.flush();
            ENCODER.set(encoder);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(out.toByteArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
