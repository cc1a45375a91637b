package org.monsoon.taxii;

import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;
import org.monsoon.schema.Advisory;
import org.monsoon.stix.StixExporter;

/**
 * Monsoon's TAXII collections, filled by {@link #accept} with every advisory version (from the
 * advisory feed). Each collection keeps at most {@link #MAX_VERSIONS} object versions, superseded ones
 * dropped first, so that its memory stays bounded (some tens of megabytes).
 */
public final class TaxiiCollections implements Consumer<Advisory> {
    /** Per collection: about 600 bytes each, so about 30 MB per collection at most. */
    public static final int MAX_VERSIONS = 50_000;

    private final Map<TaxiiCollection, TaxiiIndex> indexes = new EnumMap<>(TaxiiCollection.class);
    private final AdvisoryObjects objects;

    public TaxiiCollections(StixExporter stix, Clock clock) {
        for (TaxiiCollection collection : TaxiiCollection.values()) {
            indexes.put(collection, new TaxiiIndex(clock, MAX_VERSIONS));
        }
        objects = new AdvisoryObjects(stix, index(TaxiiCollection.ADVISORIES), index(TaxiiCollection.INDICATORS));
    }

    /** Adds what an advisory version changed; called on the feed's thread only. */
    @Override
    public void accept(Advisory advisory) {
        objects.accept(advisory);
    }

    public TaxiiIndex index(TaxiiCollection collection) {
        return indexes.get(collection);
    }

    /** The translator, for feeding advisories by hand (tests). */
    public AdvisoryObjects objects() {
        return objects;
    }
}
