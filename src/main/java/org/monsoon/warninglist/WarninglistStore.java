package org.monsoon.warninglist;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.monsoon.schema.IndicatorType;
import org.monsoon.schema.WarninglistEntry;

/**
 * The warninglist as a processor sees it: the GlobalKTable's store behind a {@link WarninglistMatcher}.
 * Substring and regex entries are re-read by prefix scan at most every {@code refreshMs}, so an entry
 * added with {@code monsoon warninglist add} takes effect within seconds without a scan per sighting.
 */
public final class WarninglistStore {
    public static final String STORE = "warninglist-global";
    private static final long REFRESH_MS = 10_000;

    private final ReadOnlyKeyValueStore<String, ValueAndTimestamp<WarninglistEntry>> store;
    private final LongSupplier clock;
    private final WarninglistMatcher matcher;
    private List<WarninglistEntry> scanned = List.of();
    private long scannedAt = Long.MIN_VALUE;

    public WarninglistStore(
            ReadOnlyKeyValueStore<String, ValueAndTimestamp<WarninglistEntry>> store, LongSupplier clock) {
        this.store = store;
        this.clock = clock;
        this.matcher = new WarninglistMatcher(this::get, this::scanned);
    }

    public Optional<WarninglistEntry> match(IndicatorType type, String value) {
        return matcher.match(type, value);
    }

    private WarninglistEntry get(String key) {
        ValueAndTimestamp<WarninglistEntry> found = store.get(key);
        return found == null ? null : found.value();
    }

    private List<WarninglistEntry> scanned() {
        long now = clock.getAsLong();
        if (now - scannedAt >= REFRESH_MS || now < scannedAt) {
            List<WarninglistEntry> entries = new ArrayList<>();
            for (String prefix : List.of(WarninglistEntries.SUBSTRING_PREFIX, WarninglistEntries.REGEX_PREFIX)) {
                try (KeyValueIterator<String, ValueAndTimestamp<WarninglistEntry>> it =
                        store.prefixScan(prefix, new org.apache.kafka.common.serialization.StringSerializer())) {
                    while (it.hasNext()) {
                        KeyValue<String, ValueAndTimestamp<WarninglistEntry>> next = it.next();
                        if (next.value != null) {
                            entries.add(next.value.value());
                        }
                    }
                }
            }
            scanned = entries;
            scannedAt = now;
        }
        return scanned;
    }
}
