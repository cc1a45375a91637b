package org.monsoon.taxii;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** TAXII 2.1 timestamps: RFC 3339 in UTC; {@code date_added} carries microseconds. */
final class TaxiiTime {
    private static final DateTimeFormatter MICROS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private TaxiiTime() {}

    static String format(long epochMicros) {
        return MICROS.format(Instant.ofEpochSecond(
                Math.floorDiv(epochMicros, 1_000_000), Math.floorMod(epochMicros, 1_000_000) * 1_000L));
    }

    /** Epoch microseconds of a timestamp, or {@link IllegalArgumentException} saying what is wrong. */
    static long parseMicros(String text) {
        try {
            Instant instant = Instant.parse(text);
            return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1_000;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not an RFC 3339 timestamp in UTC, e.g. " + "2026-11-28T07:00:00.000Z");
        }
    }

    /** Whether two STIX timestamps name the same instant (precision may differ). */
    static boolean sameInstant(String a, String b) {
        try {
            return Instant.parse(a).equals(Instant.parse(b));
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
