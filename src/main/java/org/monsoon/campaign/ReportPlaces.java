package org.monsoon.campaign;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a report counts: the parts (see {@link CampaignForest}) under which a campaign keeps an entry
 * for it, at most one per campaign, and whether it is <em>indexed</em> there (it leads to that
 * campaign when another of its indicators correlates; a report counted only through a hub is not).
 * A report is indexed in one campaign at most, and held by at most one campaign per hub it holds
 * besides, so the list is bounded by the report's size. Pure value with its text form, the value of
 * the report index: parts separated by commas, a part the report is not indexed in marked {@code ~}.
 * The text of the release before, a single campaign key, reads as that campaign, indexed.
 */
record ReportPlaces(List<Place> places) {
    private static final char NOT_INDEXED = '~';

    /** One campaign entry of the report. */
    record Place(String part, boolean indexed) {}

    static final ReportPlaces NONE = new ReportPlaces(List.of());

    static ReportPlaces parse(String text) {
        if (text == null || text.isEmpty()) {
            return NONE;
        }
        List<Place> places = new ArrayList<>();
        for (String place : text.split(",")) {
            boolean indexed = place.charAt(0) != NOT_INDEXED;
            places.add(new Place(indexed ? place : place.substring(1), indexed));
        }
        return new ReportPlaces(places);
    }

    /** The text form, or null when the report counts nowhere (its index entry is deleted). */
    String text() {
        if (places.isEmpty()) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (Place place : places) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(place.indexed() ? "" : String.valueOf(NOT_INDEXED)).append(place.part());
        }
        return out.toString();
    }

    /** These places with one more, or with the one of that part replaced. */
    ReportPlaces with(String part, boolean indexed) {
        List<Place> out = new ArrayList<>(places.size() + 1);
        places.stream().filter(p -> !p.part().equals(part)).forEach(out::add);
        out.add(new Place(part, indexed));
        return new ReportPlaces(out);
    }

    /** These places without the one of that part. */
    ReportPlaces without(String part) {
        List<Place> out = new ArrayList<>(places.size());
        places.stream().filter(p -> !p.part().equals(part)).forEach(out::add);
        return new ReportPlaces(out);
    }
}
