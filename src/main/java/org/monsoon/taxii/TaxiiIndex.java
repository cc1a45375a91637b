package org.monsoon.taxii;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The objects of one TAXII collection, every version kept in the order it was added. Each version
 * gets a {@code date_added} from this server's clock, strictly increasing in microseconds, so that a
 * client polling with {@code added_after} (or following {@code next}) never misses nor repeats a
 * version. The index holds at most {@code maxEntries} versions, so that its memory is bounded: past
 * that the oldest superseded versions go first, then the oldest versions of all (a client that polls
 * less often than {@code maxEntries} versions are added misses the oldest of them).
 *
 * <p>One writer (the advisory feed) and any number of readers (HTTP threads) share it under a lock.
 */
public final class TaxiiIndex {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One version of one object, as stored: its JSON, and when it was added (epoch microseconds). */
    public record Entry(String id, String type, String version, long addedMicros, byte[] json) {
        /** The object itself. */
        public ObjectNode object() {
            try {
                return (ObjectNode) JSON.readTree(json);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** {@code date_added} in the TAXII timestamp format, with microseconds. */
        public String dateAdded() {
            return TaxiiTime.format(addedMicros);
        }
    }

    /** A page of entries in {@code date_added} order; {@code next} continues after the last one. */
    public record Page(List<Entry> entries, boolean more, String next) {}

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final NavigableMap<Long, Entry> byAdded = new TreeMap<>();
    private final Map<String, List<Entry>> versions = new HashMap<>();
    private final ArrayDeque<Entry> superseded = new ArrayDeque<>();
    private final Clock clock;
    private final int maxEntries;
    private long lastAdded;

    public TaxiiIndex(Clock clock, int maxEntries) {
        this.clock = clock;
        this.maxEntries = maxEntries;
    }

    /** Adds a new version of the object (its {@code id}, {@code type} and {@code modified} say which). */
    public Entry add(ObjectNode object) {
        String id = object.path("id").asText();
        String version = object.has("modified")
                ? object.get("modified").asText()
                : object.path("created").asText();
        lock.writeLock().lock();
        try {
            Instant now = clock.instant();
            long micros = Math.max(now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000, lastAdded + 1);
            lastAdded = micros;
            Entry entry = new Entry(id, object.path("type").asText(), version, micros, JSON.writeValueAsBytes(object));
            List<Entry> list = versions.computeIfAbsent(id, k -> new ArrayList<>(2));
            if (!list.isEmpty()) {
                superseded.add(list.get(list.size() - 1));
            }
            list.add(entry);
            byAdded.put(micros, entry);
            evict();
            return entry;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void evict() {
        while (byAdded.size() > maxEntries && !superseded.isEmpty()) {
            Entry old = superseded.poll();
            byAdded.remove(old.addedMicros());
            versions.get(old.id()).remove(old);
        }
        // Memory stays bounded even when every version left is some object's latest: the oldest go.
        while (byAdded.size() > maxEntries) {
            Entry old = byAdded.pollFirstEntry().getValue();
            List<Entry> list = versions.get(old.id());
            list.remove(old);
            if (list.isEmpty()) {
                versions.remove(old.id());
            }
        }
    }

    /** The latest version of an object, if the collection has it. */
    public Optional<Entry> latest(String id) {
        lock.readLock().lock();
        try {
            List<Entry> list = versions.get(id);
            return list == null ? Optional.empty() : Optional.of(list.get(list.size() - 1));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Every version of an object this index still holds, oldest first; empty when it has none. */
    public List<Entry> versionsOf(String id) {
        lock.readLock().lock();
        try {
            return List.copyOf(versions.getOrDefault(id, List.of()));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The entries the filter matches, after its {@code added_after} or {@code next}, at most a page. */
    public Page query(TaxiiFilter filter) {
        lock.readLock().lock();
        try {
            long after = filter.after();
            List<Entry> page = new ArrayList<>();
            for (Entry entry : byAdded.tailMap(after, false).values()) {
                if (!matches(filter, entry)) {
                    continue;
                }
                if (page.size() == filter.limit()) {
                    Entry last = page.get(page.size() - 1);
                    return new Page(page, true, Long.toString(last.addedMicros()));
                }
                page.add(entry);
            }
            return new Page(page, false, null);
        } finally {
            lock.readLock().unlock();
        }
    }

    private boolean matches(TaxiiFilter filter, Entry entry) {
        if (!filter.admitsIdAndType(entry.id(), entry.type())) {
            return false;
        }
        List<Entry> list = versions.get(entry.id());
        return filter.admitsVersion(entry.version(), entry == list.get(0), entry == list.get(list.size() - 1));
    }

    /** How many versions the index holds. */
    public int size() {
        lock.readLock().lock();
        try {
            return byAdded.size();
        } finally {
            lock.readLock().unlock();
        }
    }
}
