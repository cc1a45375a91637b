package org.monsoon.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a report counts, in the report index's text form. */
class ReportPlacesTest {
    @Test
    void reportPlacesReadTheReleaseBeforesSingleCampaignAsIndexed() {
        assertEquals(
                List.of(new ReportPlaces.Place("c1", true)),
                ReportPlaces.parse("c1").places());
        ReportPlaces places =
                ReportPlaces.parse("c1").with("c2", false).with("c3", false).without("c3");
        assertEquals("c1,~c2", places.text());
        assertEquals(places, ReportPlaces.parse(places.text()));
        assertEquals("c1,c2", places.with("c2", true).text());
        assertEquals(null, places.without("c1").without("c2").text(), "nowhere: the index entry goes");
        assertEquals(ReportPlaces.NONE, ReportPlaces.parse(null));
    }
}
