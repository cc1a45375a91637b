package org.monsoon.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.monsoon.schema.CampaignHeader;
import org.monsoon.schema.ReportLink;
import org.monsoon.schema.Severity;
import org.monsoon.schema.Tlp;

/** Whatever a report adds to a campaign's counts, taking the report back removes exactly. */
class CampaignAggregatesTest {

    private static ReportLink report(int n, Tlp tlp, String sector, String type) {
        return new ReportLink("SG", "r-" + n, 0L, 0L, tlp, Severity.values()[n % 4], sector, type);
    }

    @Test
    void addingThenRemovingEveryReportLeavesNothing() {
        CampaignHeader h = CampaignAggregates.newCampaign("c", 0);
        List<ReportLink> reports = List.of(
                report(0, Tlp.CLEAR, "finance", "fraud/phishing"),
                report(1, Tlp.AMBER, null, "malicious-code/malware-distribution"),
                report(2, Tlp.GREEN, "finance", "fraud/phishing"));
        reports.forEach(r -> CampaignAggregates.addReport(h, r));
        assertEquals(3, h.getReportCount());
        assertEquals(Map.of("CLEAR", 1, "AMBER", 1, "GREEN", 1), h.getTlps());
        assertEquals(Map.of("finance", 2), h.getSectors());
        assertEquals(Map.of("fraud/phishing", 2, "malicious-code/malware-distribution", 1), h.getIncidentTypes());
        reports.forEach(r -> CampaignAggregates.removeReport(h, r));
        assertEquals(0, h.getReportCount());
        assertTrue(
                h.getTlps().isEmpty()
                        && h.getSeverities().isEmpty()
                        && h.getSectors().isEmpty()
                        && h.getIncidentTypes().isEmpty(),
                h.toString());
    }

    @Test
    void manyDistinctIncidentTypesStayBoundedAndStillCountExactly() {
        CampaignHeader h = CampaignAggregates.newCampaign("c", 0);
        List<ReportLink> reports = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            reports.add(report(i, Tlp.GREEN, null, "class-" + i + "/type-" + i));
        }
        reports.forEach(r -> CampaignAggregates.addReport(h, r));
        assertEquals(
                CampaignAggregates.MAX_INCIDENT_TYPES + 1, h.getIncidentTypes().size());
        assertEquals(
                1_000 - CampaignAggregates.MAX_INCIDENT_TYPES,
                h.getIncidentTypes().get(CampaignAggregates.OTHER_TYPE));
        reports.forEach(r -> CampaignAggregates.removeReport(h, r));
        assertTrue(h.getIncidentTypes().isEmpty(), h.getIncidentTypes().toString());
    }
}
