package org.monsoon.taxii;

import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import org.monsoon.config.Topics;
import org.monsoon.stix.StixExporter;

/**
 * Monsoon's TAXII collections and the feed that fills them from {@code monsoon.advisories}. Each
 * collection keeps at most {@link #MAX_VERSIONS} object versions (superseded ones go first).
 */
public final class TaxiiCollections implements AutoCloseable {
    /** Per collection; the latest version of every object is kept beyond it. */
    public static final int MAX_VERSIONS = 200_000;

    private final Map<TaxiiCollection, TaxiiIndex> indexes = new EnumMap<>(TaxiiCollection.class);
    private final AdvisoryObjects objects;
    private AdvisoryFeed feed;

    public TaxiiCollections(StixExporter stix, Clock clock) {
        for (TaxiiCollection collection : TaxiiCollection.values()) {
            indexes.put(collection, new TaxiiIndex(clock, MAX_VERSIONS));
        }
        objects = new AdvisoryObjects(stix, index(TaxiiCollection.ADVISORIES), index(TaxiiCollection.INDICATORS));
    }

    /** Starts reading the advisories topic into the collections. */
    public TaxiiCollections follow(Map<String, Object> clientConfig, Topics topics) {
        feed = new AdvisoryFeed(clientConfig, topics.advisories(), objects);
        return this;
    }

    public TaxiiIndex index(TaxiiCollection collection) {
        return indexes.get(collection);
    }

    /** The translator, for feeding advisories by hand (tests). */
    public AdvisoryObjects objects() {
        return objects;
    }

    @Override
    public void close() {
        if (feed != null) {
            feed.close();
        }
    }
}
