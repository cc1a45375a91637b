package org.monsoon.advisory;

/**
 * The queryable table of the latest version of every advisory, built from the advisories topic: its
 * store name, which the topology declares and the API queries (kept here so neither depends on the
 * other).
 */
public final class AdvisoryStore {
    /** Pinned by {@code TopologyNamesTest}: renaming it would orphan the table's state. */
    public static final String NAME = "advisory-by-id";

    private AdvisoryStore() {}
}
