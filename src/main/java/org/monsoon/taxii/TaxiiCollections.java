package org.monsoon.taxii;

import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;
import org.monsoon.advisory.AdvisoryFeed;
import org.monsoon.schema.Advisory;
import org.monsoon.stix.StixExporter;

/**
 * Monsoon's TAXII collections, filled by {@link #accept} with every advisory version (from the
 * advisory feed). Each collection keeps at most {@link #MAX_VERSIONS} object versions, superseded ones
 * dropped first, so that its memory stays bounded (some tens of megabytes).
 */
public final class TaxiiCollections implements Consumer<Advisory>, AdvisoryFeed.Listener {
    /** Per collection: about 600 bytes each, so about 30 MB per collection at most. */
    public static final int MAX_VERSIONS = 50_000;

    private final Map<TaxiiCollection, TaxiiIndex> indexes = new EnumMap<>(TaxiiCollection.class);
    private final AdvisoryObjects objects;

    /** When the version being added was added to the history: every object it changes gets it. */
    private final AddedClock added = new AddedClock();

    /**
     * Collections whose {@code date_added} is the time the advisory history says each version was
     * added ({@link #accept(Advisory, long)}): the same on every instance and after a restart.
     */
    public TaxiiCollections(StixExporter stix) {
        this(stix, null);
    }

    /** Collections whose {@code date_added} comes from {@code clock} (tests feeding by hand). */
    public TaxiiCollections(StixExporter stix, Clock clock) {
        for (TaxiiCollection collection : TaxiiCollection.values()) {
            indexes.put(collection, new TaxiiIndex(clock == null ? added : clock, MAX_VERSIONS));
        }
        objects = new AdvisoryObjects(stix, index(TaxiiCollection.ADVISORIES), index(TaxiiCollection.INDICATORS));
    }

    /** Adds what an advisory version changed; called on the feed's thread only. */
    @Override
    public void accept(Advisory advisory) {
        objects.accept(advisory);
    }

    /** Adds what an advisory version changed, added at {@code addedAtMs}; on the feed's thread only. */
    @Override
    public void accept(Advisory advisory, long addedAtMs) {
        added.set(addedAtMs);
        objects.accept(advisory);
    }

    /** A clock that reads the time of the version being added. */
    private static final class AddedClock extends Clock {
        private volatile long millis;

        void set(long value) {
            millis = value;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return java.time.Instant.ofEpochMilli(millis);
        }
    }

    public TaxiiIndex index(TaxiiCollection collection) {
        return indexes.get(collection);
    }

    /** The translator, for feeding advisories by hand (tests). */
    public AdvisoryObjects objects() {
        return objects;
    }
}
