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

    private Fingerprint() {}

    public static String of(IncidentReport canonical) {
        IncidentReport content = IncidentReport.newBuilder(canonical)
                .setReportedAt(Instant.EPOCH)
                .build();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(512);
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            WRITER.write(content, encoder);
            encoder.flush();
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(out.toByteArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
