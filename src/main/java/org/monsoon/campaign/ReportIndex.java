package org.monsoon.campaign;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.monsoon.schema.CampaignReport;

/**
 * Where each report counts ({@code campaign-report-index}, report key to {@link ReportPlaces}): the
 * parts under which campaigns keep an entry for it, one per campaign, and whether it is indexed there
 * (how a report bridges campaigns). Which campaign a place belongs to is its part's root in the
 * {@link CampaignForest}, so a merge changes nothing here.
 */
final class ReportIndex {
    private final KeyValueStore<String, String> store;
    private final CampaignForest forest;

    ReportIndex(KeyValueStore<String, String> store, CampaignForest forest) {
        this.store = store;
        this.forest = forest;
    }

    /** Where a report counts. */
    ReportPlaces places(String reportKey) {
        return ReportPlaces.parse(store.get(reportKey));
    }

    /** Records where a report counts (nowhere deletes its entry). */
    void places(String reportKey, ReportPlaces places) {
        String text = places.text();
        if (text == null) {
            store.delete(reportKey);
        } else {
            store.put(reportKey, text);
        }
    }

    /** The report's place in the campaign rooted at {@code campaign}, or null when it does not count there. */
    ReportPlaces.Place placeIn(ReportPlaces places, String campaign) {
        for (ReportPlaces.Place place : places.places()) {
            if (forest.root(place.part()).equals(campaign)) {
                return place;
            }
        }
        return null;
    }

    /**
     * Completes, once, the index of state format 3, which listed only where a report was indexed: every
     * report entry of {@code reports} is added to its report's places (hub-only ones as not indexed).
     * Idempotent; a marker in the parts store says it is done.
     *
     * @return how many places were added
     */
    int complete(KeyValueStore<String, CampaignReport> reports) {
        if (forest.marked(CampaignStores.REPORT_INDEX)) {
            return 0;
        }
        List<String> entries = new ArrayList<>();
        try (KeyValueIterator<String, CampaignReport> it = reports.all()) {
            it.forEachRemaining(entry -> entries.add(entry.key));
        }
        int added = 0;
        for (String entry : entries) {
            int at = entry.indexOf('|');
            String part = entry.substring(0, at);
            String report = entry.substring(at + 1);
            ReportPlaces places = places(report);
            if (places.places().stream().noneMatch(p -> p.part().equals(part))) {
                places(report, places.with(part, false));
                added++;
            }
        }
        forest.mark(CampaignStores.REPORT_INDEX);
        return added;
    }
}
