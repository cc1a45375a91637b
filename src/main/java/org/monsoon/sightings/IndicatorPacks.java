package org.monsoon.sightings;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Which indicators each report's last fanned-out version holds, as the sightings stage keeps them to
 * take them back on a revision or a withdrawal: in bounded packs, at most {@link #MAX_INDICATORS}
 * indicators and {@link #MAX_BYTES} bytes each, under {@code <report key>\0#<n>}. A report of a few
 * indicators costs one store write, not one per indicator; a 1,000-indicator report some sixteen, none
 * of them larger than the bound. A revision that keeps the set writes nothing.
 *
 * <p>The release before kept one entry per indicator, {@code <report key>\0<indicator>} with an empty
 * value; such entries are read as they are and replaced by packs at the report's next change, so an
 * upgrade needs no migration.
 */
final class IndicatorPacks {
    /** Indicators per pack, at most. */
    static final int MAX_INDICATORS = 64;
    /** Bytes per pack value, at most (an indicator is at most a few KB: 2,048 chars before canonical form). */
    static final int MAX_BYTES = 32 * 1024;

    private static final char SEPARATOR = '\0';
    private static final String PACK = SEPARATOR + "#";
    private static final StringSerializer KEYS = new StringSerializer();

    private final KeyValueStore<String, byte[]> store;

    IndicatorPacks(KeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    /** The indicators the report's kept version holds, in the order stored. */
    List<String> of(String reportKey) {
        List<String> out = new ArrayList<>();
        for (KeyValue<String, byte[]> entry : entries(reportKey)) {
            if (entry.value.length == 0) {
                out.add(entry.key.substring(reportKey.length() + 1)); // the earlier release's entry
            } else {
                out.addAll(decode(entry.value));
            }
        }
        return out;
    }

    /** Keeps {@code now} as what the report holds, in place of {@code before}; nothing when they are equal. */
    void replace(String reportKey, List<String> before, Collection<String> now) {
        if (before.size() == now.size() && before.containsAll(now)) {
            return;
        }
        List<String> stale = new ArrayList<>();
        for (KeyValue<String, byte[]> entry : entries(reportKey)) {
            stale.add(entry.key);
        }
        int n = 0;
        for (byte[] pack : packs(now)) {
            String key = reportKey + PACK + n++;
            store.put(key, pack);
            stale.remove(key);
        }
        stale.forEach(store::delete);
    }

    /** Forgets what the report holds. */
    void delete(String reportKey) {
        entries(reportKey).forEach(entry -> store.delete(entry.key));
    }

    private List<KeyValue<String, byte[]>> entries(String reportKey) {
        List<KeyValue<String, byte[]>> out = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.prefixScan(reportKey + SEPARATOR, KEYS)) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    /** Whether the indicators fit one pack: then they are kept inline in the report's entry instead. */
    static boolean fitOnePack(Collection<String> indicators) {
        if (indicators.size() > MAX_INDICATORS) {
            return false;
        }
        long bytes = 0;
        for (String indicator : indicators) {
            bytes += 2 + indicator.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
        return bytes <= MAX_BYTES;
    }

    /** The indicators cut into packs within both bounds, each encoded. */
    static List<byte[]> packs(Collection<String> indicators) {
        List<byte[]> packs = new ArrayList<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        int count = 0;
        try {
            for (String indicator : indicators) {
                int size = 2 + indicator.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
                if (count > 0 && (count == MAX_INDICATORS || bytes.size() + size > MAX_BYTES)) {
                    packs.add(bytes.toByteArray());
                    bytes.reset();
                    count = 0;
                }
                out.writeUTF(indicator);
                count++;
            }
            if (count > 0) {
                packs.add(bytes.toByteArray());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return packs;
    }

    static List<String> decode(byte[] pack) {
        List<String> out = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(pack))) {
            while (in.available() > 0) {
                out.add(in.readUTF());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("a damaged pack of held indicators", e);
        }
        return out;
    }
}
