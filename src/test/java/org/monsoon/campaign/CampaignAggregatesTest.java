package org.monsoon.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.monsoon.schema.CampaignHeader;
import org.monsoon.schema.MemberSpan;
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

    @Test
    void absorbingACampaignCountsAsAddingEachOfItsReportsAndIndicators() {
        // Two campaigns with 40 distinct RSIT types each: together past the bound, so some fold into other.
        CampaignHeader a = CampaignAggregates.newCampaign("a", 0);
        CampaignHeader b = CampaignAggregates.newCampaign("b", 0);
        CampaignHeader one = CampaignAggregates.newCampaign("a", 0);
        for (int i = 0; i < 80; i++) {
            ReportLink r = new ReportLink(
                    i % 2 == 0 ? "SG" : "MY",
                    "r-" + i,
                    0L,
                    0L,
                    Tlp.GREEN,
                    Severity.values()[i % 4],
                    "s" + (i % 3),
                    "c/t-" + i);
            CampaignAggregates.addReport(i < 40 ? a : b, r);
            CampaignAggregates.addReport(one, r);
        }
        List<MemberSpan> spans = List.of(new MemberSpan("SG", 5L, 9L), new MemberSpan("TH", 1L, 3L));
        CampaignAggregates.addIndicator(a, "DOMAIN:a.example", spans);
        CampaignAggregates.addIndicator(one, "DOMAIN:a.example", spans);
        CampaignAggregates.addIndicator(b, "IPV4:198.51.100.1", List.of(new MemberSpan("VN", 0L, 12L)));
        CampaignAggregates.addIndicator(one, "IPV4:198.51.100.1", List.of(new MemberSpan("VN", 0L, 12L)));

        CampaignAggregates.absorb(a, b);

        assertEquals(one.getReportCount(), a.getReportCount());
        assertEquals(one.getIndicatorCount(), a.getIndicatorCount());
        assertEquals(one.getCountries(), a.getCountries());
        assertEquals(one.getSectors(), a.getSectors());
        assertEquals(one.getSeverities(), a.getSeverities());
        assertEquals(one.getMemberSeverities(), a.getMemberSeverities());
        assertEquals(one.getIndicatorTypes(), a.getIndicatorTypes());
        // Which types past the bound keep their name depends on the order they came in; the bound and the
        // totals do not, and every per-member count names a type the campaign counts.
        assertEquals(
                CampaignAggregates.MAX_INCIDENT_TYPES + 1, a.getIncidentTypes().size());
        assertEquals(
                80,
                a.getIncidentTypes().values().stream()
                        .mapToInt(Integer::intValue)
                        .sum());
        assertEquals(
                80,
                a.getMemberTypes().values().stream().mapToInt(Integer::intValue).sum());
        a.getMemberTypes()
                .keySet()
                .forEach(key -> assertTrue(a.getIncidentTypes().containsKey(key.substring(key.indexOf('|') + 1)), key));
        assertEquals(0L, a.getFirstSeen());
        assertEquals(12L, a.getLastSeen());
        assertTrue(a.getIndicatorsChanged());
    }
}
